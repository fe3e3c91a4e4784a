// Temporary PDF files handed to the system viewer for printing. They hold personal data (names,
// addresses, amounts), so none outlives its use: each print gets its own folder under the system
// temp directory, removed once the viewer has had time to load it (a viewer keeps what it opened),
// all of this run's at quit, and any a crashed run left behind at the next start.
// No Electron import: tests/unit/print-files.test.ts checks it on a real temp directory.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const PRINT_DIR_PREFIX = 'ibok-druk-'
/** How long a printed file stays for the viewer (opening a large batch in a slow viewer included). */
export const PRINT_FILE_TTL_MS = 10 * 60 * 1000

export interface PrintFilesOptions {
  /** The temp root (default: the system temp directory). */
  root?: string
  now?: () => number
  ttlMs?: number
}

export class PrintFiles {
  private readonly root: string
  private readonly now: () => number
  private readonly ttlMs: number
  /** This run's folders and when each was made. */
  private readonly made = new Map<string, number>()

  constructor(options: PrintFilesOptions = {}) {
    this.root = options.root ?? tmpdir()
    this.now = options.now ?? Date.now
    this.ttlMs = options.ttlMs ?? PRINT_FILE_TTL_MS
  }

  /** Writes the PDF into a new private folder; returns the file's path. */
  async write(pdf: Uint8Array, safeName: string): Promise<string> {
    const dir = await mkdtemp(join(this.root, PRINT_DIR_PREFIX))
    this.made.set(dir, this.now())
    const file = join(dir, safeName)
    await writeFile(file, pdf, { mode: 0o600 })
    return file
  }

  /** Removes this run's folders older than the TTL (all of them with `all`); returns how many went. */
  sweep(all = false): number {
    let removed = 0
    for (const [dir, at] of this.made) {
      if (!all && this.now() - at < this.ttlMs) continue
      if (removeDir(dir)) {
        this.made.delete(dir)
        removed++
      }
    }
    return removed
  }

  /** Folders a previous run left (crash, power cut): every print folder in the root not made by this run. */
  removeLeftovers(): number {
    let removed = 0
    let names: string[]
    try {
      names = readdirSync(this.root)
    } catch {
      return 0
    }
    for (const name of names) {
      const dir = join(this.root, name)
      if (!name.startsWith(PRINT_DIR_PREFIX) || this.made.has(dir)) continue
      try {
        if (!statSync(dir).isDirectory()) continue
      } catch {
        continue
      }
      if (removeDir(dir)) removed++
    }
    return removed
  }

  /** Folders of this run not removed yet. */
  pending(): string[] {
    return [...this.made.keys()]
  }
}

/** False when it cannot go yet (e.g. Windows: the viewer still has the file open); tried again later. */
function removeDir(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true })
    return true
  } catch {
    return false
  }
}
