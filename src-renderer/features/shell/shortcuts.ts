// The keyboard shortcuts of the desk, in one list: the help dialog (F1) shows exactly these.
// Alt shortcuts ignore AltGr, which types Polish letters (AltGr+N is "ń").

import type { MessageKey } from '../../i18n'

export interface Shortcut {
  keys: string
  /** What it does. */
  what: MessageKey
  /** Where it works. */
  where: MessageKey
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+K', what: 'shortcuts.search', where: 'shortcuts.anywhere' },
  { keys: 'F2', what: 'shortcuts.search', where: 'shortcuts.anywhere' },
  { keys: 'Alt+N', what: 'shortcuts.newApplication', where: 'shortcuts.anywhereCard' },
  { keys: 'Alt+O', what: 'shortcuts.newReading', where: 'shortcuts.onCard' },
  { keys: 'Alt+W', what: 'shortcuts.payment', where: 'shortcuts.onCard' },
  { keys: 'Ctrl+Enter', what: 'shortcuts.save', where: 'shortcuts.inForms' },
  { keys: 'Esc', what: 'shortcuts.back', where: 'shortcuts.anywhere' },
  { keys: 'F1', what: 'shortcuts.help', where: 'shortcuts.anywhere' },
]

/** Alt+<letter> typed with Alt, not AltGr. */
export const isAltShortcut = (e: KeyboardEvent, code: string): boolean =>
  e.altKey && !e.ctrlKey && !e.metaKey && !e.getModifierState('AltGraph') && e.code === code
