// A tiny i18n: flat keys, {name} placeholders and Polish plural forms via Intl.PluralRules.
// Polish is the source of truth; another language supplies the same keys (see Messages).
import { pl } from './pl'

export interface PluralForms {
  one: string
  few: string
  many: string
  other: string
}

type Source = typeof pl
export type MessageKey = keyof Source
/** What a translation must provide: every key, plain strings where Polish has strings. */
export type Messages = { [K in MessageKey]: Source[K] extends string ? string : PluralForms }
export type Params = Record<string, string | number>

const messages: Messages = pl
const plural = new Intl.PluralRules('pl-PL')

function fill(template: string, params: Params | undefined): string {
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages, key)
}

/** Translates a key; plural messages pick their form from params.n. */
export function t(key: MessageKey, params?: Params): string {
  const message: string | PluralForms = messages[key]
  if (typeof message === 'string') return fill(message, params)
  const n = Number(params?.n ?? 0)
  return fill(message[plural.select(n) as keyof PluralForms] ?? message.other, params)
}
