// Reusable zod field schemas with Polish messages that name the field. The one place where
// input rules live: the API contract uses them, and so do the screens (validation on blur).
// Every text follows the one text rule of ./text.ts: stored verbatim or refused, the only change
// being ordinary spaces at the edges (which the screens remove visibly too).
import { z } from 'zod'
import { streetName } from '../domain/customer-format'
import { isIsoDate } from '../domain/dates'
import { formatGrosze, parseZloty } from '../domain/money'
import { canonicalKsefNumber, ksefNumberProblem } from '../domain/ksef'
import { IDENTIFIERS, type IdentifierRule } from './identifiers'
import { isBlank, textProblem, trimSpaces, type TextOptions } from './text'

/** A string under the text rule; later checks (max, regex …) see the value as stored. */
export const verbatim = (label: string, options: TextOptions = {}) =>
  z
    .string({ error: `${label}: pole wymagane` })
    .overwrite(trimSpaces)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, options)
      if (problem) ctx.addIssue({ code: 'custom', message: `${label}: ${problem}`, abort: true })
    })

const trimmed = (label: string, max: number, options?: TextOptions) =>
  verbatim(label, options)
    .refine((v) => v === '' || !isBlank(v), `${label}: same odstępy — wpisz tekst`)
    .max(max, `${label}: najwyżej ${max} znaków`)

export const requiredText = (label: string, max = 200, options?: TextOptions) => trimmed(label, max, options).min(1, `${label}: pole wymagane`)

/** A text area's text (notes, reasons, descriptions): line breaks allowed. */
export const requiredNote = (label: string, max: number) => requiredText(label, max, { multiline: true })
export const optionalNote = (label: string, max: number) => optionalText(label, max, { multiline: true })

/** Optional text: empty input becomes null. */
export const optionalText = (label: string, max = 200, options?: TextOptions) =>
  trimmed(label, max, options)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null)

/**
 * An error shown under a field names that field by the label the clerk sees: the contract's
 * messages start with its own name for the field ("Opis: pole wymagane"); under the field labelled
 * "Co się dzieje" it reads "Co się dzieje: pole wymagane". Messages without such a prefix stay.
 */
export function errorUnderLabel(label: string, message: string): string {
  const named = /^([^:.!?—\n]{1,60}): ([\s\S]+)$/.exec(message)
  return named && named[1] !== label ? `${label}: ${named[2]}` : message
}

/** The checks' messages name a generic field ("Numer rachunku …"); a form's own label goes first. */
const namingField = (label: string, problem: string): string =>
  problem.startsWith(label) ? problem : `${label}: ${/^\p{Lu}\p{Ll}/u.test(problem) ? problem[0].toLowerCase() + problem.slice(1) : problem}`

/** An identifier: under the text rule, put in its one canonical form, and checked as exactly that form (which is stored). */
const checked = (label: string, rule: IdentifierRule) =>
  verbatim(label)
    .min(1, `${label}: pole wymagane`)
    .transform((v) => rule.normalize(v))
    .superRefine((v, ctx) => {
      const problem = rule.check(v)
      if (problem) ctx.addIssue({ code: 'custom', message: namingField(label, problem) })
    })

/** An identifier that may be left empty (→ null), but when given must pass its check. */
const optionalChecked = (label: string, rule: IdentifierRule) =>
  z
    .union([z.literal('').transform(() => null), checked(label, rule)])
    .nullable()
    .optional()
    .transform((v) => v ?? null)

export const pesel = () => checked('PESEL', IDENTIFIERS.pesel)
export const optionalPesel = () => optionalChecked('PESEL', IDENTIFIERS.pesel)
export const nip = () => checked('NIP', IDENTIFIERS.nip)
export const optionalNip = () => optionalChecked('NIP', IDENTIFIERS.nip)
export const optionalRegon = () => optionalChecked('REGON', IDENTIFIERS.regon)
export const nrb = (label = 'Numer rachunku') => checked(label, IDENTIFIERS.nrb)
export const postalCode = () => checked('Kod pocztowy', IDENTIFIERS.postalCode)

export const email = (label = 'E-mail') =>
  verbatim(label)
    .min(1, `${label}: pole wymagane`)
    .max(254, `${label}: adres za długi`)
    .pipe(z.email(`${label}: niepoprawny adres e-mail`))

export const optionalEmail = (label = 'E-mail') =>
  z
    .union([z.literal('').transform(() => null), email(label)])
    .nullable()
    .optional()
    .transform((v) => v ?? null)

const PHONE = /^\+?[\d\s-]{9,20}$/
const phoneMessage = (label: string) => `${label}: podaj co najmniej 9 cyfr (dozwolone spacje, myślniki i +48)`

export const optionalPhone = (label = 'Telefon') => optionalText(label, 30).refine((v) => v === null || PHONE.test(v), phoneMessage(label))

export const phone = (label = 'Telefon') => requiredText(label, 30).refine((v) => PHONE.test(v), phoneMessage(label))

export const isoDate = (label: string) =>
  z.string({ error: `${label}: pole wymagane` }).refine(isIsoDate, `${label}: podaj datę w formacie DD.MM.RRRR`)

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
    // A typed "ul." is dropped: the address line adds it ("ul. ul. Partyzantów" otherwise).
    street: requiredText('Ulica', 120)
      .transform(streetName)
      .pipe(z.string().min(1, 'Ulica: pole wymagane')),
    houseNo: requiredText('Numer domu', 20),
    flatNo: optionalText('Numer lokalu', 20),
    postalCode: postalCode(),
    city: requiredText('Miejscowość', 80),
  })

/** A file name as the clerk's computer gave it: no folders, no control characters. */
export const fileName = (label = 'Nazwa pliku') =>
  requiredText(label, 200).refine((v) => !/[\\/:*?"<>|\p{Cc}]/u.test(v) && v !== '.' && v !== '..', `${label}: niedozwolone znaki (\\ / : * ? " < > |)`)

/** File contents sent as base64, at most `maxBytes` once decoded. */
export const base64File = (label: string, maxBytes: number) =>
  z
    .string({ error: `${label}: wybierz plik` })
    .min(1, `${label}: plik jest pusty`)
    .max(Math.ceil(maxBytes / 3) * 4, `${label}: plik większy niż ${Math.round(maxBytes / 1024 / 1024)} MB`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, `${label}: niepoprawna zawartość pliku (oczekiwano base64)`)

const groupedInteger = new Intl.NumberFormat('pl-PL', { useGrouping: 'always' })

/**
 * A whole number as a meter or a form shows it (m³, millimetres, digits): a number, or the text
 * typed in a field ("1 234" with spaces is fine).
 */
export const wholeNumber = (label: string, min: number, max: number, unit = '') => {
  const u = unit ? ` ${unit}` : ''
  const required = `${label}: pole wymagane`
  return z
    .union([z.number(), z.string()], { error: required })
    .transform((v, ctx) => {
      const text = typeof v === 'number' ? null : v.replace(/[\s\u00a0\u202f]/g, '')
      if (text === '') {
        ctx.addIssue({ code: 'custom', message: required })
        return z.NEVER
      }
      const n = text === null ? (v as number) : /^\d+$/.test(text) ? Number(text) : Number.NaN
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `${label}: podaj liczbę całkowitą${u}` })
        return z.NEVER
      }
      return n
    })
    .pipe(
      z
        .number()
        .min(min, `${label}: co najmniej ${groupedInteger.format(min)}${u}`)
        .max(max, `${label}: najwyżej ${groupedInteger.format(max)}${u}`),
    )
}

/** An amount in złoty as typed ("1 234,56", "3.55", "12"), to integer grosze. */
export const amountPln = (label: string, options: { min?: number; max?: number } = {}) => {
  const min = options.min ?? 0
  const max = options.max ?? 100_000_000
  return verbatim(label)
    .min(1, `${label}: pole wymagane`)
    .transform((v, ctx) => {
      const grosze = parseZloty(v)
      if (grosze === null) {
        ctx.addIssue({ code: 'custom', message: `${label}: podaj kwotę w złotych, np. 123,45` })
        return z.NEVER
      }
      return grosze
    })
    .pipe(z.number().min(min, `${label}: co najmniej ${formatGrosze(min)}`).max(max, `${label}: najwyżej ${formatGrosze(max)}`))
}

/** A VAT rate in per cent as typed ("8", "8%", "5,5"), to basis points (800). */
export const vatRate = (label = 'Stawka VAT') =>
  z
    .union([z.number(), z.string()], { error: `${label}: pole wymagane` })
    .transform((v, ctx) => {
      const text = String(v).replace(/[\s%]/g, '').replace(',', '.')
      if (!/^\d{1,2}(\.\d{1,2})?$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `${label}: podaj stawkę w procentach, np. 8` })
        return z.NEVER
      }
      return Math.round(Number(text) * 100)
    })

/** A calendar month, "2026-04". */
export const month = (label = 'Miesiąc') =>
  verbatim(label)
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${label}: podaj miesiąc w formacie MM.RRRR`)

/** The number KSeF assigns to an invoice: NIP-RRRRMMDD-XXXXXXXXXXXX-XX with its CRC-8 (shared/domain/ksef.ts). */
export const ksefNumber = (label = 'Numer KSeF') =>
  verbatim(label)
    .transform((v) => canonicalKsefNumber(v))
    .superRefine((v, ctx) => {
      const problem = ksefNumberProblem(v)
      if (problem) ctx.addIssue({ code: 'custom', message: `${label}: ${problem}` })
    })
