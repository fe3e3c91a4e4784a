// iBOK portal accounts: the login rule and the shape of initial passwords. Pure rules, shared by
// the desk (which generates passwords) and the screens (which explain the rule to the clerk).

/**
 * THE LOGIN RULE: the portal login is the customer number exactly as printed on every invoice
 * (e.g. "K1-000123"), compared without regard to case or surrounding spaces. The customer
 * already has it on paper, it never changes (a merged duplicate keeps its own number and the
 * account follows the customer kept), and it reveals nothing an invoice does not. The e-mail is
 * deliberately NOT the login: families share addresses and addresses change.
 */
export function portalLogin(customerNo: string): string {
  return customerNo.trim().toUpperCase()
}

/** Customer numbers as customers have them: the register's six digits, and those issued at a desk. */
export const CUSTOMER_NO_EXAMPLES = 'np. 100012 albo K1-000123'

export const PORTAL_LOGIN_RULE = `Login do iBOK to numer klienta z faktury (${CUSTOMER_NO_EXAMPLES}); wielkość liter nie ma znaczenia.`

/**
 * Characters of initial passwords, read from a letter or dictated over the phone: of every
 * look-alike group at most one member is used (0/O/o, 1/l/I/i, 2/Z/z, 5/S/s, 6/G, 8/B/b, 9/g/q,
 * u/v), and no letter whose capital looks like its small form appears in both cases (c/C, j/J,
 * k/K, p/P, w/W, x/X, y/Y).
 */
export const PASSWORD_ALPHABET = {
  lower: 'acdefhjkmnprtwxy',
  upper: 'ADEFHLMNQRT',
  digits: '34679',
} as const

export const PASSWORD_CHARS = PASSWORD_ALPHABET.lower + PASSWORD_ALPHABET.upper + PASSWORD_ALPHABET.digits

/** 12 characters from 32: 60 bits — plenty for a one-time password the portal makes the customer change. */
export const INITIAL_PASSWORD_LENGTH = 12

/** Whether a string is a well-formed initial password: right length, only unambiguous characters, all three kinds. */
export function isInitialPassword(value: string): boolean {
  if (value.length !== INITIAL_PASSWORD_LENGTH) return false
  if (![...value].every((ch) => PASSWORD_CHARS.includes(ch))) return false
  return [PASSWORD_ALPHABET.lower, PASSWORD_ALPHABET.upper, PASSWORD_ALPHABET.digits].every((set) => [...value].some((ch) => set.includes(ch)))
}

/**
 * Builds a password from a source of uniform random integers in [0, n) (the desk passes
 * crypto.randomInt). Draws until all three kinds of character are present, so the result never
 * fails a portal's "letters and digits" rule; the draws stay uniform over the accepted strings.
 */
export function makeInitialPassword(randomBelow: (n: number) => number): string {
  for (;;) {
    let candidate = ''
    for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) candidate += PASSWORD_CHARS[randomBelow(PASSWORD_CHARS.length)]
    if (isInitialPassword(candidate)) return candidate
  }
}

export type PortalAccountState = 'pending' | 'credentials_sent' | 'active' | 'locked'

export const PORTAL_ACCOUNT_STATE_LABELS: Record<PortalAccountState, string> = {
  pending: 'oczekuje na wysłanie danych logowania',
  credentials_sent: 'dane logowania wysłane',
  active: 'aktywne',
  locked: 'zablokowane',
}
