// Reusable zod field schemas with Polish messages that name the field. The one place where
// input rules live: the API contract uses them, and so do the screens (validation on blur).
import { z } from 'zod'
import { isIsoDate } from '../domain/dates'
import { checkNip, checkNrb, checkPesel, checkPostalCode, checkRegon, normalizeNip, normalizeNrb } from './identifiers'

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label}: pole wymagane` })
    .trim()
    .max(max, `${label}: najwyżej ${max} znaków`)

export const requiredText = (label: string, max = 200) => trimmed(label, max).min(1, `${label}: pole wymagane`)

/** Optional text: empty input becomes null. */
export const optionalText = (label: string, max = 200) =>
  trimmed(label, max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null)

const checked = (label: string, check: (v: string) => string | null, normalize: (v: string) => string = (v) => v) =>
  z
    .string({ error: `${label}: pole wymagane` })
    .trim()
    .min(1, `${label}: pole wymagane`)
    .transform(normalize)
    .superRefine((v, ctx) => {
      const problem = check(v)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })

/** An identifier that may be left empty (→ null), but when given must pass its check. */
const optionalChecked = (label: string, check: (v: string) => string | null, normalize?: (v: string) => string) =>
  z
    .union([z.literal('').transform(() => null), checked(label, check, normalize)])
    .nullable()
    .optional()
    .transform((v) => v ?? null)

export const pesel = () => checked('PESEL', checkPesel)
export const optionalPesel = () => optionalChecked('PESEL', checkPesel)
export const nip = () => checked('NIP', checkNip, normalizeNip)
export const optionalNip = () => optionalChecked('NIP', checkNip, normalizeNip)
export const optionalRegon = () => optionalChecked('REGON', checkRegon, (v) => v.replace(/\s/g, ''))
export const nrb = (label = 'Numer rachunku') => checked(label, checkNrb, normalizeNrb)
export const postalCode = () => checked('Kod pocztowy', checkPostalCode)

export const email = (label = 'E-mail') =>
  z
    .string({ error: `${label}: pole wymagane` })
    .trim()
    .min(1, `${label}: pole wymagane`)
    .max(254, `${label}: adres za długi`)
    .pipe(z.email(`${label}: niepoprawny adres e-mail`))

export const optionalEmail = (label = 'E-mail') =>
  z
    .union([z.literal('').transform(() => null), email(label)])
    .nullable()
    .optional()
    .transform((v) => v ?? null)

export const optionalPhone = (label = 'Telefon') =>
  optionalText(label, 30).refine(
    (v) => v === null || /^\+?[\d\s-]{9,20}$/.test(v),
    `${label}: podaj co najmniej 9 cyfr (dozwolone spacje, myślniki i +48)`,
  )

export const isoDate = (label: string) =>
  z.string({ error: `${label}: pole wymagane` }).refine(isIsoDate, `${label}: data w formacie RRRR-MM-DD`)

export const uuid = (label = 'Identyfikator') =>
  z.string({ error: `${label}: pole wymagane` }).regex(/^[0-9a-f-]{36}$/i, `${label}: niepoprawny identyfikator`)

export const password = (label = 'Hasło') =>
  z.string({ error: `${label}: pole wymagane` }).min(1, `${label}: pole wymagane`).max(200, `${label}: za długie`)

/** Staff passwords: long enough to survive a shared counter PC. */
export const newPassword = (label = 'Nowe hasło') =>
  z
    .string({ error: `${label}: pole wymagane` })
    .min(10, `${label}: co najmniej 10 znaków`)
    .max(200, `${label}: za długie`)
    .refine((v) => /\d/.test(v) && /\p{L}/u.test(v), `${label}: musi zawierać litery i cyfry`)

export const address = () =>
  z.object({
    street: requiredText('Ulica', 120),
    houseNo: requiredText('Numer domu', 20),
    flatNo: optionalText('Numer lokalu', 20),
    postalCode: postalCode(),
    city: requiredText('Miejscowość', 80),
  })
