// Printing in Electron writes each PDF (personal data) to a temp folder for the system viewer
// (issue 16, defect 8: those folders were never deleted). Checked on a real temp directory: the
// folder goes once the viewer has had its time, all of this run's at quit, a crashed run's at the
// next start — and nothing else in the temp directory is touched.
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PRINT_DIR_PREFIX, PRINT_FILE_TTL_MS, PrintFiles } from '../../src-main/app/print-files'

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
})

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'ibok-print-test-'))
  roots.push(root)
  let t = 1_000_000
  const files = new PrintFiles({ root, now: () => t })
  return { root, files, advance: (ms: number) => void (t += ms) }
}

const pdf = new Uint8Array(Buffer.from('%PDF-1.7\nFaktura Jana Kowalskiego\n%%EOF'))

describe('temp files of printing', () => {
  it('writes each print into its own private folder under the temp root', async () => {
    const { root, files } = setUp()
    const file = await files.write(pdf, 'Faktura_FW_K1_2026_000001.pdf')
    expect(dirname(dirname(file))).toBe(root)
    expect(dirname(file).slice(root.length + 1)).toMatch(new RegExp(`^${PRINT_DIR_PREFIX}`))
    expect(readFileSync(file)).toEqual(Buffer.from(pdf))
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)
  })

  it('removes a printed file once the viewer has had its time, not before', async () => {
    const { files, advance } = setUp()
    const file = await files.write(pdf, 'a.pdf')
    advance(PRINT_FILE_TTL_MS - 1)
    expect(files.sweep()).toBe(0)
    expect(existsSync(file)).toBe(true)
    advance(1)
    expect(files.sweep()).toBe(1)
    expect(existsSync(dirname(file))).toBe(false)
    expect(files.pending()).toEqual([])
  })

  it('removes every file of this run at quit', async () => {
    const { root, files } = setUp()
    await files.write(pdf, 'a.pdf')
    await files.write(pdf, 'b.pdf')
    expect(readdirSync(root)).toHaveLength(2)
    expect(files.sweep(true)).toBe(2)
    expect(readdirSync(root)).toEqual([])
  })

  it('removes what a crashed run left at the next start, and nothing that is not a print folder', async () => {
    const { root } = setUp()
    const crashed = new PrintFiles({ root })
    const left = [await crashed.write(pdf, 'a.pdf'), await crashed.write(pdf, 'b.pdf')]
    // Not ours: another program's folder and a file that merely shares the prefix.
    mkdirSync(join(root, 'inny-program'))
    writeFileSync(join(root, `${PRINT_DIR_PREFIX}notatka.txt`), 'x')

    const next = new PrintFiles({ root })
    const current = await next.write(pdf, 'c.pdf')
    expect(next.removeLeftovers()).toBe(2)
    for (const f of left) expect(existsSync(dirname(f))).toBe(false)
    expect(existsSync(current)).toBe(true) // this run's own file stays until its time
    expect(readdirSync(root).sort()).toEqual([`${PRINT_DIR_PREFIX}notatka.txt`, 'inny-program', dirname(current).slice(root.length + 1)].sort())
  })

  it('a temp root that does not exist is not an error', () => {
    expect(new PrintFiles({ root: join(tmpdir(), 'ibok-nie-ma-takiego-katalogu') }).removeLeftovers()).toBe(0)
  })
})
