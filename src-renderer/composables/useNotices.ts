// Short confirmations ("Zapisano zmiany") announced politely to screen readers.
import { reactive } from 'vue'

export interface Notice {
  id: number
  text: string
  kind: 'ok' | 'error'
}

const notices = reactive<Notice[]>([])
let nextId = 1

export function useNotices() {
  function notify(text: string, kind: Notice['kind'] = 'ok', ms = 5000): void {
    const id = nextId++
    notices.push({ id, text, kind })
    setTimeout(() => dismiss(id), ms)
  }
  function dismiss(id: number): void {
    const i = notices.findIndex((n) => n.id === id)
    if (i >= 0) notices.splice(i, 1)
  }
  return { notices, notify, dismiss }
}
