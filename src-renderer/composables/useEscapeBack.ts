// Esc goes back on a detail screen — unless a dialog is open (it handles its own Esc) or the
// key was already used by something else.
import { onBeforeUnmount, onMounted } from 'vue'

export function useEscapeBack(back: () => void) {
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented || e.repeat) return
    if (document.querySelector('dialog[open]')) return
    e.preventDefault()
    back()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
