// Many invoice PDFs at once (a billing run's e-invoices, a print batch) on all cores: a small pool
// of worker threads (pdf-worker.ts), one per core, each with the fonts parsed once. The main
// thread (the desk's API, Electron's main process) stays free meanwhile. The pool starts on the
// first big job and its threads end after a minute without work. A billing run's e-invoices are
// also stored by the worker that draws them (storeInvoices): the main thread gets their addresses
// in the file store, never the bytes, and writes no file. Where a worker cannot start or
// dies (a packaging problem, no worker entry next to the bundle), the same PDFs are made in this
// thread instead: slower, never missing.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { OfficeSettings } from '../../shared/api/types'
import { putFile, type StoredFile } from '../platform/attachments/file-store'
import { renderInvoiceBatch, renderInvoicePdf, type InvoicePrintOptions, type PrintableInvoice } from './invoice-pdf'
import { loadFontFiles } from './pdf-kit'
import type { PdfJob, PdfReply } from './pdf-worker'

export interface RenderedPdf {
  bytes: Uint8Array
  pages: number
}

/** A PDF already in the file store: its address (sha256, size) and page count. */
export interface StoredPdf extends StoredFile {
  pages: number
}

/** What a job gives: the bytes, or (a job with `storeIn`) the stored file's address. */
type Made = RenderedPdf | StoredPdf

/** Fewer invoices than this are made in this thread: starting a worker costs more than they do. */
const MIN_FOR_WORKERS = 4
/**
 * Jobs handed to one worker ahead, so it never waits for the next message: the thread that feeds
 * the workers may be inside a write transaction for a while (a billing run queues 200 e-mails in
 * one). With 2 ahead the workers sat idle meanwhile: the run's PDF wait was 12.1 s, with 16 it is
 * 10.2 s (Zamość, 4,977 e-invoices, quiet machine).
 */
const AHEAD = 16
const IDLE_MS = 60_000

interface Task {
  id: number
  job: PdfJob
  resolve(pdf: Made): void
  reject(err: Error): void
}

interface Slot {
  worker: Worker
  inFlight: Map<number, Task>
}

/**
 * Where the worker entry is: next to this source file under tsx/vitest (run through tsx's loader),
 * or pdf-worker.js at the root of the main bundle (electron.vite.config.ts builds it as an entry;
 * this code may sit in out/main/ or out/main/chunks/).
 */
function workerEntry(): { file: URL; execArgv?: string[] } | null {
  const here = import.meta.url
  if (here.endsWith('.ts')) {
    const file = new URL('./pdf-worker.ts', here)
    // A worker inherits the parent's flags: tsx's own loader when run by tsx, but not under vitest.
    const hasTsx = process.execArgv.some((a) => a.includes('tsx'))
    return { file, execArgv: hasTsx ? undefined : [...process.execArgv, '--import', 'tsx'] }
  }
  // Kept out of a literal `new URL('…', import.meta.url)` so the bundler leaves the path alone.
  for (const candidate of ['./pdf-worker.js', '../pdf-worker.js']) {
    const file = new URL(candidate, here)
    if (existsSync(fileURLToPath(file))) return { file }
  }
  return null
}

async function renderHere(resourcesDir: string, job: PdfJob): Promise<Made> {
  const fonts = loadFontFiles(resourcesDir)
  if (job.kind === 'batch') return renderInvoiceBatch(fonts, job.office, job.invoices, job.title)
  const pdf = await renderInvoicePdf(fonts, job.office, job.invoice, job.options)
  return job.storeIn === undefined ? pdf : { ...putFile(job.storeIn, pdf.bytes), pages: pdf.pages }
}

function bytesOf(made: Made): RenderedPdf {
  if ('sha256' in made) throw new Error('PDF pool: a stored PDF where its bytes were asked for')
  return made
}

function storedOf(made: Made): StoredPdf {
  if (!('sha256' in made)) throw new Error('PDF pool: PDF bytes where a stored file was asked for')
  return made
}

export class PdfPool {
  private slots: Slot[] = []
  private readonly queue: Task[] = []
  private nextId = 1
  private idleTimer: ReturnType<typeof setTimeout> | null = null
  /** Why workers are not used (set once one failed to start or died); null while they are. */
  private unavailable: string | null = null

  constructor(
    private readonly resourcesDir: string,
    readonly size = Math.max(1, Math.min(availableParallelism(), 8)),
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {}

  /** Whether the last jobs ran on worker threads (false once the pool fell back to this thread). */
  get usesWorkers(): boolean {
    return this.unavailable === null
  }

  /** One PDF per invoice (as e-mailed), in the order given. */
  async renderInvoices(office: OfficeSettings | null, invoices: readonly PrintableInvoice[], options?: InvoicePrintOptions): Promise<RenderedPdf[]> {
    return (await this.invoiceJobs(invoices.map((invoice): PdfJob => ({ kind: 'invoice', office, invoice, options })))).map(bytesOf)
  }

  /**
   * One PDF per invoice (as e-mailed), each written into the file store of `dataDir` by the thread
   * that drew it; in the order given. Each is in the store when its promise resolves.
   */
  async storeInvoices(office: OfficeSettings | null, invoices: readonly PrintableInvoice[], dataDir: string, options?: InvoicePrintOptions): Promise<StoredPdf[]> {
    return (await this.invoiceJobs(invoices.map((invoice): PdfJob => ({ kind: 'invoice', office, invoice, options, storeIn: dataDir })))).map(storedOf)
  }

  /** Many invoices in one file (a print batch), made on a worker so this thread stays free. */
  async renderBatch(office: OfficeSettings | null, invoices: readonly PrintableInvoice[], title: string): Promise<RenderedPdf> {
    return bytesOf(await this.submit({ kind: 'batch', office, invoices: [...invoices], title }))
  }

  /** Ends the worker threads (a later job starts them again). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const slots = this.slots
    this.slots = []
    for (const slot of slots) this.rescue(slot)
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private invoiceJobs(jobs: PdfJob[]): Promise<Made[]> {
    if (jobs.length < MIN_FOR_WORKERS && this.slots.length === 0) return this.inOrderHere(jobs)
    return Promise.all(jobs.map((job) => this.submit(job)))
  }

  private async inOrderHere(jobs: PdfJob[]): Promise<Made[]> {
    const out: Made[] = []
    for (const job of jobs) out.push(await renderHere(this.resourcesDir, job))
    return out
  }

  private submit(job: PdfJob): Promise<Made> {
    if (this.unavailable !== null) return renderHere(this.resourcesDir, job)
    return new Promise<Made>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject })
      this.pump()
    })
  }

  private start(): void {
    const entry = workerEntry()
    if (!entry) return this.giveUp('the worker entry pdf-worker.js is not next to the main bundle')
    for (let i = 0; i < this.size; i++) {
      let worker: Worker
      try {
        worker = new Worker(entry.file, { workerData: { resourcesDir: this.resourcesDir }, execArgv: entry.execArgv, name: `pdf-${i + 1}` })
      } catch (err) {
        return this.giveUp(err instanceof Error ? err.message : String(err))
      }
      const slot: Slot = { worker, inFlight: new Map() }
      worker.on('message', (reply: PdfReply) => this.settle(slot, reply))
      worker.on('error', (err) => this.lose(slot, err.message))
      worker.on('exit', (code) => this.lose(slot, `exited with code ${code}`))
      this.slots.push(slot)
    }
  }

  private pump(): void {
    if (this.unavailable !== null) return
    if (this.slots.length === 0) this.start()
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    for (let round = 0; round < AHEAD && this.queue.length; round++) {
      for (const slot of this.slots) {
        if (!this.queue.length) break
        if (slot.inFlight.size > round) continue
        const task = this.queue.shift()!
        slot.inFlight.set(task.id, task)
        slot.worker.ref()
        slot.worker.postMessage({ id: task.id, job: task.job })
      }
    }
    if (this.slots.every((s) => s.inFlight.size === 0) && !this.queue.length) this.idle()
  }

  private idle(): void {
    // Idle workers must not keep a finished process alive; busy ones must (an awaited PDF).
    for (const slot of this.slots) slot.worker.unref()
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS)
    this.idleTimer.unref?.()
  }

  private settle(slot: Slot, reply: PdfReply): void {
    const task = slot.inFlight.get(reply.id)
    if (!task) return
    slot.inFlight.delete(reply.id)
    if ('error' in reply) task.reject(new Error(reply.error))
    else task.resolve('stored' in reply ? { ...reply.stored, pages: reply.pages } : { bytes: reply.bytes, pages: reply.pages })
    this.pump()
  }

  /** A worker died or would not start: what it had and everything queued is made here. */
  private lose(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return
    this.slots = this.slots.filter((s) => s !== slot)
    void slot.worker.terminate()
    this.giveUp(reason)
    this.rescue(slot)
  }

  private giveUp(reason: string): void {
    if (this.unavailable === null) this.log(`PDF: wątki robocze niedostępne (${reason}) — dokumenty powstają w głównym wątku`)
    this.unavailable = reason
    const others = this.slots
    this.slots = []
    for (const slot of others) {
      void slot.worker.terminate()
      this.rescue(slot)
    }
    for (const task of this.queue.splice(0)) this.runHere(task)
  }

  private rescue(slot: Slot): void {
    for (const task of slot.inFlight.values()) this.runHere(task)
    slot.inFlight.clear()
  }

  private runHere(task: Task): void {
    renderHere(this.resourcesDir, task.job).then(task.resolve, task.reject)
  }
}

const pools = new Map<string, PdfPool>()

/** The process's pool for a resources directory (one per process: the cores are shared anyway). */
export function pdfPool(resourcesDir: string): PdfPool {
  let pool = pools.get(resourcesDir)
  if (!pool) pools.set(resourcesDir, (pool = new PdfPool(resourcesDir)))
  return pool
}
