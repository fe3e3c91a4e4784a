// Versioned consent texts: the Regulamin, the information clause, the e-invoice statement, the
// SMS consent. Shipped versions are files in resources/texts/<id>/<version>.txt, pinned by their
// SHA-256 in resources/texts/manifest.json (a released text is never edited: a change is a new
// version). The office can publish later versions (consent_texts table). Every consent event
// records the id, version and hash of the exact text accepted.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import type { ConsentTextVersion } from '../../../shared/api/types'
import type { Orm } from '../../db/database'
import { consentTexts } from '../../db/schema'
import { sha256Hex } from '../../platform/attachments/file-store'

export interface TextVersion {
  textId: string
  version: string
  title: string
  validFrom: string
  content: string
  sha256: string
  source: 'shipped' | 'published'
  /** A shipped file that no longer matches its pinned hash is refused for new events. */
  intact: boolean
}

/** The canonical form that is hashed: Unix line ends, NFC, no trailing blank space. */
export const canonicalText = (text: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim()

export const textHash = (content: string): string => sha256Hex(canonicalText(content))

function parseTextFile(raw: string, file: string): Omit<TextVersion, 'sha256' | 'source' | 'intact'> {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw.replace(/\r\n?/g, '\n'))
  if (!m) throw new Error(`${file}: missing front matter`)
  const meta = Object.fromEntries(
    m[1].split('\n').map((line) => {
      const at = line.indexOf(':')
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()]
    }),
  ) as Record<string, string>
  for (const key of ['id', 'version', 'validFrom', 'title']) if (!meta[key]) throw new Error(`${file}: front matter lacks ${key}`)
  return { textId: meta.id, version: meta.version, validFrom: meta.validFrom, title: meta.title, content: canonicalText(m[2]) }
}

const shippedCache = new Map<string, TextVersion[]>()

export function shippedTexts(resourcesDir: string): TextVersion[] {
  const cached = shippedCache.get(resourcesDir)
  if (cached) return cached
  const root = join(resourcesDir, 'texts')
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, string>
  const texts: TextVersion[] = []
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.txt'))) {
      const parsed = parseTextFile(readFileSync(join(root, dir.name, file), 'utf8'), `${dir.name}/${file}`)
      const sha256 = sha256Hex(parsed.content)
      texts.push({ ...parsed, sha256, source: 'shipped', intact: manifest[`${parsed.textId}/${parsed.version}`] === sha256 })
    }
  }
  shippedCache.set(resourcesDir, texts)
  return texts
}

function publishedTexts(orm: Orm, textId?: string): TextVersion[] {
  const rows = textId ? orm.select().from(consentTexts).where(eq(consentTexts.textId, textId)).all() : orm.select().from(consentTexts).all()
  return rows.map((r) => ({ textId: r.textId, version: r.version, title: r.title, validFrom: r.validFrom, content: r.content, sha256: r.sha256, source: 'published' as const, intact: sha256Hex(r.content) === r.sha256 }))
}

export function allTexts(orm: Orm, resourcesDir: string): TextVersion[] {
  return [...shippedTexts(resourcesDir), ...publishedTexts(orm)].sort(
    (a, b) => a.textId.localeCompare(b.textId) || a.validFrom.localeCompare(b.validFrom) || a.version.localeCompare(b.version, 'en', { numeric: true }),
  )
}

export function findText(orm: Orm, resourcesDir: string, textId: string, version: string): TextVersion | null {
  const shipped = shippedTexts(resourcesDir).find((t) => t.textId === textId && t.version === version)
  if (shipped) return shipped
  const row = orm.select().from(consentTexts).where(and(eq(consentTexts.textId, textId), eq(consentTexts.version, version))).get()
  return row ? (publishedTexts(orm, textId).find((t) => t.version === version) ?? null) : null
}

/** The version in force on a date: the latest that is valid from that date or earlier. */
export function currentText(orm: Orm, resourcesDir: string, textId: string, today: string): TextVersion | null {
  return (
    allTexts(orm, resourcesDir)
      .filter((t) => t.textId === textId && t.validFrom <= today && t.intact)
      .at(-1) ?? null
  )
}

export function toVersionView(t: TextVersion, today: string, all: TextVersion[]): ConsentTextVersion {
  const current = all.filter((x) => x.textId === t.textId && x.validFrom <= today && x.intact).at(-1)
  return { textId: t.textId, version: t.version, title: t.title, validFrom: t.validFrom, sha256: t.sha256, source: t.source, current: current === t }
}
