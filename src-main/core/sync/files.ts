// Files between desks (issue 9). Rows that reference a file — a scan of a signed form, a case
// attachment, a reply letter, a mail attachment — carry only its SHA-256; the bytes live in each
// desk's content-addressed store (platform/attachments/file-store.ts). Before pushing, a desk uploads the
// files its rows reference that the hub lacks, so a row never reaches another desk before its file
// is on the hub. After pulling (and after starting from a snapshot), a desk fetches the referenced
// files it lacks, checks every one against its hash, and keeps asking for those the hub does not
// have yet (e.g. uploaded by a desk that is offline).
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { FILE_HASH, MAX_FILE_BYTES, MAX_FILE_QUERY } from '../../../shared/sync/protocol'
import type { DeskDb } from '../../db/write'
import { deadFiles, LIVE_FILE_REFS } from '../rodo/live-files'
import { putFile, readStoredFile, sha256Hex } from '../../platform/attachments/file-store'
import { HubRefusal, type HubTransport } from '../../platform/hub-client/transport'

/** Every synced column that holds a file address (drizzle field names, as in rows and mutations). */
const FILE_REFS: Record<string, (row: Record<string, unknown>) => unknown[]> = {
  scans: (r) => [r.sha256],
  case_attachments: (r) => [r.sha256],
  case_replies: (r) => [r.pdfSha256],
  mails: (r) => mailAttachmentHashes(r.attachments),
}

function mailAttachmentHashes(value: unknown): unknown[] {
  if (typeof value !== 'string' || value === '[]') return []
  try {
    const list = JSON.parse(value) as unknown
    return Array.isArray(list) ? list.map((a) => (a as { sha256?: unknown } | null)?.sha256) : []
  } catch {
    return []
  }
}

/** The files a row (or a mutation's changed fields) of this table refers to. */
export function fileRefs(entity: string, fields: Record<string, unknown>): string[] {
  const refs = FILE_REFS[entity]?.(fields) ?? []
  return refs.filter((h): h is string => typeof h === 'string' && FILE_HASH.test(h))
}

/** Files in flight at once: overlaps network round trips without flooding a small hub. */
const PARALLEL = 4

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker))
}

export interface FileRoundOutcome {
  uploaded: number
  fetched: number
  /** Referenced here, still not on this desk (the hub does not have them yet). */
  waiting: number
}

export class DeskFiles {
  /** Files referenced by this desk's rows that its store lacks. Rebuilt by a full scan when in doubt. */
  private readonly wanted = new Set<string>()
  /** A full scan runs on the first round after start and after a snapshot replaced the rows. */
  private needsScan = true
  /**
   * Files the hub did not have when last asked (their desk is offline, or lost them): asked about
   * again after 2, 4, … up to 32 rounds, so thousands of them do not slow every round.
   */
  private readonly notOnHub = new Map<string, { retryRound: number; wait: number }>()
  private rounds = 0

  constructor(
    private readonly db: DeskDb,
    private readonly dataDir: string,
    private readonly log: (message: string) => void = console.warn,
  ) {
    // Rows arriving from the hub (pull, snapshot): note the files they bring references to.
    // Local writes store their file before the row, so for them this finds nothing missing.
    db.onCommit((changes) => {
      for (const c of changes) {
        if (!c.after || !(c.entity in FILE_REFS)) continue
        for (const h of fileRefs(c.entity, c.after)) if (!this.has(h)) this.wanted.add(h)
      }
    })
  }

  has(sha256: string): boolean {
    return existsSync(join(this.dataDir, 'attachments', sha256))
  }

  /** The rows were replaced wholesale (snapshot): look at every reference again. */
  rescan(): void {
    this.needsScan = true
  }

  /** A screen asked for a file this desk lacks: make sure the next round fetches it. */
  want(sha256: string): void {
    if (FILE_HASH.test(sha256) && !this.has(sha256)) {
      this.wanted.add(sha256)
      this.notOnHub.delete(sha256)
    }
  }

  waitingCount(): number {
    return this.wanted.size
  }

  private scanAll(): void {
    // Files of anonymised customers (RODO) are not fetched back: only those live rows refer to.
    const rows = this.db.orm.all<{ h: string | null }>(LIVE_FILE_REFS)
    const dir = join(this.dataDir, 'attachments')
    const present = new Set(existsSync(dir) ? readdirSync(dir) : [])
    this.wanted.clear()
    for (const { h } of rows) if (h && FILE_HASH.test(h) && !present.has(h)) this.wanted.add(h)
    this.needsScan = false
  }

  /**
   * Before a batch of changes goes to the hub: upload the files they reference that the hub lacks.
   * A file this desk cannot provide (missing or damaged here, too large, refused) is reported and
   * skipped — holding the whole queue back for it would lose more than the one file.
   */
  async uploadFor(transport: HubTransport, changes: ReadonlyArray<{ entity: string; fields: string }>): Promise<number> {
    const refs = new Set<string>()
    for (const c of changes) {
      if (!(c.entity in FILE_REFS)) continue
      for (const h of fileRefs(c.entity, JSON.parse(c.fields) as Record<string, unknown>)) refs.add(h)
    }
    let uploaded = 0
    const all = [...refs]
    for (let i = 0; i < all.length; i += MAX_FILE_QUERY) {
      await eachLimited(await transport.missingFiles(all.slice(i, i + MAX_FILE_QUERY)), async (sha256) => {
        let data: Buffer
        try {
          data = readStoredFile(this.dataDir, sha256)
        } catch (err) {
          this.log(`Plik ${sha256} nie trafi na serwer synchronizacji: ${(err as Error).message}`)
          return
        }
        if (data.length > MAX_FILE_BYTES) {
          this.log(`Plik ${sha256} (${data.length} B) jest za duży dla serwera synchronizacji`)
          return
        }
        try {
          await transport.uploadFile(sha256, data)
          uploaded++
        } catch (err) {
          if (!(err instanceof HubRefusal) || !['FILE_MISMATCH', 'FILE_TOO_LARGE'].includes(err.body.code)) throw err
          this.log(`Serwer synchronizacji odrzucił plik ${sha256}: ${err.message}`)
        }
      })
    }
    return uploaded
  }

  /** After pulling: fetch the referenced files this desk lacks and the hub has. */
  async fetchMissing(transport: HubTransport): Promise<{ fetched: number; waiting: number }> {
    const round = ++this.rounds
    if (this.needsScan) this.scanAll()
    const due: string[] = []
    for (const h of this.wanted) {
      if ((this.notOnHub.get(h)?.retryRound ?? 0) > round) continue
      if (this.has(h)) this.forget(h)
      else due.push(h)
    }
    // A row that arrived anonymised (or whose customer was anonymised since) wants no file back.
    const dead = new Set(deadFiles(this.db.orm, due))
    for (const h of dead) this.forget(h)
    let fetched = 0
    const all = due.filter((h) => !dead.has(h))
    for (let i = 0; i < all.length; i += MAX_FILE_QUERY) {
      const chunk = all.slice(i, i + MAX_FILE_QUERY)
      const lacking = new Set(await transport.missingFiles(chunk))
      for (const h of lacking) {
        const wait = Math.min((this.notOnHub.get(h)?.wait ?? 1) * 2, 32)
        this.notOnHub.set(h, { retryRound: round + wait, wait })
      }
      await eachLimited(
        chunk.filter((h) => !lacking.has(h)),
        async (sha256) => {
          const data = await transport.downloadFile(sha256)
          if (!data) return
          // Verified on arrival: bytes that are not the file asked for never enter the store.
          if (sha256Hex(data) !== sha256) {
            this.log(`Plik ${sha256} z serwera synchronizacji ma inną sumę kontrolną — odrzucony, zostanie pobrany ponownie`)
            return
          }
          putFile(this.dataDir, data)
          this.forget(sha256)
          fetched++
        },
      )
    }
    return { fetched, waiting: this.wanted.size }
  }

  private forget(sha256: string): void {
    this.wanted.delete(sha256)
    this.notOnHub.delete(sha256)
  }
}
