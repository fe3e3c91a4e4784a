// Whether the global search dialog is open: the shell owns the dialog, any screen may open it.
import { ref } from 'vue'

const open = ref(false)

export function useGlobalSearch() {
  return { searchOpen: open, openSearch: () => (open.value = true), closeSearch: () => (open.value = false) }
}
