// Reply templates (resources/templates/replies/*.txt): a small header, then the letter in Polish
// with {{fields}} filled from the case, the customer, the office and the clerk, and [[…]] gaps
// the clerk must fill before sending. See resources/templates/replies/README.md.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { CASE_TYPES, type CaseType } from '../../../shared/domain/cases'

export type TemplateKind = 'answer' | 'extension'

export interface ReplyTemplate {
  id: string
  title: string
  kind: TemplateKind
  types: readonly CaseType[]
  subject: string
  body: string
}

export const TEMPLATE_FIELDS = [
  'klient',
  'nr_klienta',
  'adres_klienta',
  'nr_sprawy',
  'rodzaj_sprawy',
  'temat',
  'data_wplywu',
  'termin',
  'nowy_termin',
  'miejsce',
  'data',
  'pracownik',
  'dzial',
  'biuro',
  'adres_biura',
  'telefon_biura',
  'email_biura',
] as const
export type TemplateField = (typeof TEMPLATE_FIELDS)[number]
export type TemplateValues = Record<TemplateField, string>

const FIELD = /\{\{\s*([a-z_]+)\s*\}\}/g
/** A gap the clerk fills by hand; a reply with one left is refused. */
export const GAP = /\[\[[^\]]*\]\]/

/** Parses one template file; throws naming the file and the problem. */
export function parseTemplate(id: string, text: string): ReplyTemplate {
  const fail = (problem: string): never => {
    throw new Error(`Wzór odpowiedzi ${id}: ${problem}`)
  }
  const normalised = text.replace(/\r\n/g, '\n')
  const split = normalised.indexOf('\n---\n')
  if (split < 0) fail('brak linii „---” oddzielającej nagłówek od treści')
  const header = Object.fromEntries(
    normalised
      .slice(0, split)
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const colon = l.indexOf(':')
        if (colon < 0) fail(`niezrozumiała linia nagłówka „${l}”`)
        return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()]
      }),
  )
  const body = normalised.slice(split + 5).trim()
  const { title, kind, types, subject } = header
  if (!title || !subject || !types) fail('nagłówek musi mieć title, kind, types i subject')
  if (kind !== 'answer' && kind !== 'extension') fail(`kind musi być answer albo extension, jest „${kind}”`)
  const typeList = types === '*' ? [...CASE_TYPES] : types.split(',').map((t: string) => t.trim())
  for (const t of typeList) if (!(CASE_TYPES as readonly string[]).includes(t)) fail(`nieznany rodzaj sprawy „${t}”`)
  for (const [, field] of `${subject}\n${body}`.matchAll(FIELD)) {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) fail(`nieznane pole {{${field}}}`)
  }
  if (kind === 'extension' && !body.includes('{{nowy_termin}}')) fail('zawiadomienie o przedłużeniu musi podawać {{nowy_termin}}')
  if (!body) fail('pusta treść')
  return { id, title, kind: kind as TemplateKind, types: typeList as CaseType[], subject, body }
}

const cache = new Map<string, ReplyTemplate[]>()

/** All templates shipped in resources/, sorted by title (read once per process). */
export function loadTemplates(resourcesDir: string): ReplyTemplate[] {
  const dir = join(resourcesDir, 'templates', 'replies')
  let templates = cache.get(dir)
  if (!templates) {
    templates = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => parseTemplate(basename(f, '.txt'), readFileSync(join(dir, f), 'utf8')))
      .sort((a, b) => a.title.localeCompare(b.title, 'pl'))
    cache.set(dir, templates)
  }
  return templates
}

export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(FIELD, (_, field: TemplateField) => values[field])
}
