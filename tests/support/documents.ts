// Reading generated documents back the way a person or an authority would: pdftotext for the
// text of a PDF, qpdf for its structure, xmllint with the official FA(3) schema for KSeF XML.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Runs `use` on a temporary file holding `content`, then removes it. */
function withFile<T>(name: string, content: string | Uint8Array, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-doc-'))
  try {
    const file = join(dir, name)
    writeFileSync(file, content)
    return use(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** ../shared relative to the project root (the official FA(3) schema lives there). */
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url))

/**
 * The PDF's text as pdftotext reads it back, in reading order with whitespace collapsed (one
 * string), or with -layout one line per printed line (table rows stay whole), each collapsed.
 */
export function pdfText(base64OrBytes: string | Uint8Array, layout = false): string {
  const bytes = typeof base64OrBytes === 'string' ? Buffer.from(base64OrBytes, 'base64') : base64OrBytes
  const text = withFile('doc.pdf', bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' }))
  if (!layout) return text.replace(/[\s\u00a0\u202f]+/g, ' ')
  return text
    .split('\n')
    .map((l) => l.replace(/[\s\u00a0\u202f]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

export function qpdfCheck(base64: string): string {
  return withFile('doc.pdf', Buffer.from(base64, 'base64'), (file) => execFileSync('qpdf', ['--check', file], { encoding: 'utf8' }))
}

/** The official FA(3) schema as shipped with the app (a copy of ../shared/ksef/fa3, kept equal by a test). */
export const SHIPPED_FA3 = fileURLToPath(new URL('../../resources/ksef/fa3', import.meta.url))

/** Validates FA(3) XML against the schema shipped with the app, with its offline catalog; returns xmllint's verdict. */
export function xmllintFa3(xml: string, schemaDir = SHIPPED_FA3): { ok: boolean; output: string } {
  const run = withFile('fa3.xml', xml, (file) =>
    spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(schemaDir, 'schemat_FA(3)_v1-0E.xsd'), file], {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: join(schemaDir, 'catalog.xml') },
    }),
  )
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
}

export const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')
