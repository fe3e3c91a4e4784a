// One tab stop for a long list of links (a table of invoices on the card): Tab enters the list at
// the link last used and leaves it with the next Tab; ↑ ↓ Home End move between the links.
import { ref, type Ref } from 'vue'

export function useRovingFocus(container: Ref<HTMLElement | null>, selector: string, count: () => number) {
  const active = ref(0)
  const tabindexOf = (i: number) => (i === Math.min(active.value, Math.max(0, count() - 1)) ? 0 : -1)

  function focusAt(i: number) {
    const n = count()
    if (!n) return
    active.value = Math.max(0, Math.min(n - 1, i))
    container.value?.querySelectorAll<HTMLElement>(selector)[active.value]?.focus()
  }

  function onKeydown(e: KeyboardEvent) {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 }
    if (e.key in steps) focusAt(active.value + steps[e.key])
    else if (e.key === 'Home') focusAt(0)
    else if (e.key === 'End') focusAt(count() - 1)
    else return
    e.preventDefault()
  }

  /** A link focused by mouse or by Tab becomes the list's tab stop. */
  function onFocusin(e: FocusEvent) {
    const links = [...(container.value?.querySelectorAll<HTMLElement>(selector) ?? [])]
    const i = links.indexOf(e.target as HTMLElement)
    if (i >= 0) active.value = i
  }

  return { tabindexOf, onKeydown, onFocusin }
}
