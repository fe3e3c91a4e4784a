// Markup built from data, escaped once: every interpolated value is escaped unless it is itself a
// fragment made by `html` (or marked `raw` — only for constant markup), so a customer's name, a
// note or a period label can never become markup. Used by the portal's pages (server-rendered
// HTML) and by the consumption chart both the portal and the desk draw (shared/charts).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch])
}

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** Constant markup only (never data). */
export const raw = (text: string): Html => new Html(text)

type Part = Html | string | number | null | undefined | false | readonly Part[]

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof Html) return part.text
  if (Array.isArray(part)) return part.map(render).join('')
  return escapeHtml(part)
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]
  return new Html(out)
}
