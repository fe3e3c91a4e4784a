// Browser mode as a clerk meets it: Debian's Chromium (as the e2e tests use it) against the BUILT
// app (out/main/web.js; `npm run bench` builds first) on a private copy of each office — browser
// mode writes (sessions, the start-up backup), so never on the golden offices.
//   web.start-to-login    spawning `node out/main/web.js` → the login field enabled and focused
//   search.keystroke.*    a keydown in the search box → the results list answering that text
//   web.memory.*          the page's JS heap after a forced GC: signed in, and after 50 cards;
//                         the desk process's resident memory (the server: services + SQLite) after them
// Anchor of the start (issue 19): the same server started the same way, Chromium opening a static page
// of the same size instead of the app — index.html with its stylesheet, and one script of the main
// bundle's raw size that only focuses a login field (written into out/renderer for the run, then removed).
// Every run is a fresh server process (the first start of the day: its backup starts too) and a
// fresh browser context (empty cache).
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DATABASE_FILE } from '../../src-main/desk/desk'
import { foldText } from '../../shared/domain/text'
import playwrightConfig, { CHROMIUM } from '../../playwright.config'
import { defineBench } from './lib/bench'
import { workingCopy, type OfficeName } from './lib/offices'
import { mainBundle } from './bundle.bench'
import { anchor, figure, quantile, sampleFigure } from './lib/report'

const root = resolve(import.meta.dirname, '../..')
const WEB_JS = join(root, 'out/main/web.js')
const PASSWORD = 'Demo-Krucza-10'
const START_RUNS = 7
/** Between keystrokes: a fast typist (10 characters a second), faster than most clerks. */
const KEY_GAP_MS = 100
/** Queries of each kind (surname, street + number, customer no., PESEL) per office. */
const QUERIES_PER_KIND = 5
const CARDS = 50
/** The start-up backup of the copy runs after the server listens; searches are timed after it. */
const BACKUP_WAIT_MS = 15 * 60_000

// The page-side callbacks run in Chromium; this program compiles without DOM types, so the
// little of the DOM they touch is declared here (module scope: nothing leaks into src-main).
interface PageElement {
  tagName: string
  value: string
  disabled: boolean
  autocomplete: string
  offsetParent: unknown
  dataset: Record<string, string | undefined>
  getAttribute(name: string): string | null
  addEventListener(type: string, listener: (e: { timeStamp: number }) => void, options?: { capture: boolean }): void
}
declare const document: { activeElement: PageElement | null; querySelector(selector: string): PageElement | null }
declare const window: { __probe: Probe; __fetchProbed?: boolean; fetch: (input: string, init?: unknown) => Promise<FetchResponse> }
interface FetchResponse {
  json(): Promise<unknown>
}
declare class MutationObserver {
  constructor(callback: () => void)
  observe(target: PageElement, options: { attributes: boolean; attributeFilter: string[] }): void
}
interface ResourceEntry {
  name: string
  startTime: number
  requestStart: number
  responseStart: number
  responseEnd: number
  serverTiming: { name: string; duration: number }[]
}
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): ResourceEntry[] }) => void)
  observe(options: { type: string }): void
}
/** One search request as the page's resource timing saw it (ms on the page's clock). */
interface Request {
  start: number
  requestStart: number
  responseStart: number
  responseEnd: number
  /** The desk's own time (its Server-Timing header). */
  server: number
}
/** One search call as the page's code saw it: fetch() called, its response handed over, its JSON parsed. */
interface Call {
  called: number
  answered: number
  parsed: number
}
interface Probe {
  keys: { t: number; value: string }[]
  shown: { t: number; q: string }[]
  requests: Request[]
  calls: Call[]
}

/** Where one keystroke's time went, in ms (see keystrokeLatencies). */
interface Split {
  /** keydown → fetch() called (the event, Vue's watcher, the client; a wait behind a request on its way). */
  beforeFetch: number
  /** fetch() → its request on the wire (Chromium's network stack). */
  queued: number
  /** Request sent → first byte of the answer, less the desk's own time: loopback HTTP, Node's parser, the adapter. */
  transport: number
  /** The dispatcher and the search (Server-Timing). */
  server: number
  /** First byte → the page's fetch() resolves: the response handed from Chromium's network service to the page. */
  delivery: number
  /** The response → its JSON parsed. */
  json: number
  /** JSON parsed → the list shows the answer: the store and Vue's patch of the list. */
  render: number
}

const log = (line: string) => console.error(`  web: ${line}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Server {
  url: string
  child: ChildProcess
  /** Resolves when the server reports its start-up backup done, with the ms it took. */
  backupDone: Promise<number>
  stop(): Promise<void>
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [WEB_JS, '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let onBackup: (ms: number) => void = () => {}
  const backupDone = new Promise<number>((r) => (onBackup = r))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timeout)
  }
  return new Promise((resolveServer, reject) => {
    const onExit = (code: number | null) => reject(new Error(`web.js exited (${code}) before it was ready:\n${output}`))
    child.once('exit', onExit)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const backup = /^kopia zapasowa: \S+ \((\d+) ms\)/m.exec(output)
      if (backup) onBackup(Number(backup[1]))
      const match = /^ibok-desk: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(output)
      if (match) {
        child.off('exit', onExit)
        resolveServer({ url: match[1], child, backupDone, stop })
      }
    })
  })
}

const launchArgs = playwrightConfig.use?.launchOptions?.args ?? ['--headless', '--no-sandbox', '--disable-gpu']

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' })
  const page = await context.newPage()
  page.on('pageerror', (err) => log(`page error: ${err.message}`))
  return { context, page }
}

/** The login form is usable: its login field enabled and holding the focus. */
const loginReady = (page: Page) =>
  page.waitForFunction(
    () => {
      const el = document.activeElement
      return el?.tagName === 'INPUT' && el.autocomplete === 'username' && !el.disabled && el.offsetParent !== null
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  )

async function signIn(page: Page, login: string): Promise<void> {
  await page.getByLabel('Login', { exact: true }).fill(login)
  await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Hasło', { exact: true }).press('Enter')
  await page.getByTestId('signed-in-name').waitFor({ state: 'visible', timeout: 60_000 })
}

/** JS heap in use after a forced garbage collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')
    if (!used) throw new Error('Chromium reported no JSHeapUsedSize')
    return used.value / 2 ** 20
  } finally {
    await cdp.detach()
  }
}

/** Resident memory of a process (Linux /proc), in MB: what the desk process holds with the office open. */
function rssMb(pid: number): number {
  const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!kB) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kB[1]) / 1024
}

interface Sample {
  customerNo: string
  lastName: string | null
  firstName: string | null
  street: string
  houseNo: string
  pesel: string | null
}

/** Customers spread evenly over the register (read from our copy before the server opens it). */
function sampleCustomers(dataDir: string, n: number): Sample[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    const total = db.prepare('SELECT count(*) FROM customers').pluck().get() as number
    const step = Math.max(1, Math.floor(total / n))
    return db
      .prepare(
        `SELECT customer_no AS customerNo, last_name AS lastName, first_name AS firstName, corr_street AS street, corr_house_no AS houseNo, pesel
           FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY customer_no`,
      )
      .all()
      .filter((_, i) => i % step === 0)
      .slice(0, n) as Sample[]
  } finally {
    db.close()
  }
}

/** What clerks type: surnames (with a first-name start), street + number, customer no., PESEL — without Polish letters, as many do. */
function realisticQueries(samples: Sample[]): string[] {
  const ascii = (s: string) => foldText(s).replace(/[^a-z0-9 ]/g, '')
  const people = samples.filter((s) => s.lastName && s.pesel)
  const pick = <T>(list: T[], k: number, offset: number) => Array.from({ length: k }, (_, i) => list[(offset + i * 7) % list.length])
  const queries = [
    ...pick(people, QUERIES_PER_KIND, 0).map((s, i) => ascii(i % 2 ? `${s.lastName} ${s.firstName!.slice(0, 2)}` : s.lastName!)),
    ...pick(samples, QUERIES_PER_KIND, 1).map((s) => ascii(`${s.street} ${s.houseNo}`)),
    ...pick(samples, QUERIES_PER_KIND, 2).map((s) => s.customerNo),
    ...pick(people, QUERIES_PER_KIND, 3).map((s) => s.pesel!),
  ]
  return queries.map((q) => q.replace(/\s+/g, ' ').trim()).filter(Boolean)
}

async function openSearch(page: Page): Promise<void> {
  await page.keyboard.press('Control+k')
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox', undefined, { polling: 'raf' })
}

/** Installs the timing probe in the open search dialog: keydown stamps, input values, and when the list answers which text. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const input = document.activeElement!
    const list = document.querySelector('.global-search__list')!
    const probe: Probe = { keys: [], shown: [], requests: [], calls: [] }
    // The page's side of each search call (the client calls the global fetch at each call); wrapped once per page.
    const fetch = window.fetch
    if (!window.__fetchProbed) window.fetch = async (input, init) => {
      const call = { called: performance.now(), answered: NaN, parsed: NaN }
      const response = await fetch(input, init)
      if (!String(input).endsWith('/api/customers.search')) return response
      call.answered = performance.now()
      window.__probe.calls.push(call)
      const json = response.json.bind(response)
      response.json = async () => {
        const body = await json()
        call.parsed = performance.now()
        return body
      }
      return response
    }
    window.__fetchProbed = true
    // Each search request's timing, to split a keystroke's time between the page, the transport and the desk.
    new PerformanceObserver((entries) => {
      for (const e of entries.getEntries())
        if (e.name.endsWith('/api/customers.search'))
          probe.requests.push({
            start: e.startTime,
            requestStart: e.requestStart,
            responseStart: e.responseStart,
            responseEnd: e.responseEnd,
            server: e.serverTiming.find((t) => t.name === 'app')?.duration ?? 0,
          })
    }).observe({ type: 'resource' })
    window.__probe = probe
    let keyAt = 0
    // The keydown's timeStamp is when the browser created the event: it includes any wait for a busy page.
    input.addEventListener('keydown', (e) => (keyAt = e.timeStamp), { capture: true })
    input.addEventListener('input', () => probe.keys.push({ t: keyAt, value: input.value }))
    new MutationObserver(() => probe.shown.push({ t: performance.now(), q: list.dataset.answered ?? '' })).observe(list, {
      attributes: true,
      attributeFilter: ['data-answered'],
    })
  })
}

/**
 * Types each query character by character at a steady pace; for every keystroke, the time until
 * the list shows the answer to that text or to a later one (typing faster than the answers come,
 * an intermediate text may rightly never be shown: the newer answer is what the clerk waits for).
 */
async function keystrokeLatencies(page: Page, queries: string[], requests: number[] = [], splits: Split[] = []): Promise<number[]> {
  const latencies: number[] = []
  for (const query of queries) {
    await openSearch(page)
    await installProbe(page)
    const started = performance.now()
    for (let i = 0; i < query.length; i++) {
      const wait = started + i * KEY_GAP_MS - performance.now()
      if (wait > 0) await sleep(wait)
      await page.keyboard.type(query[i])
    }
    await page.waitForFunction((q) => window.__probe.shown.some((s) => s.q === q), query, { timeout: 30_000 })
    const probe = await page.evaluate(() => window.__probe)
    requests.push(...probe.requests.map((r) => r.responseEnd - r.start))
    const texts = probe.keys.map((k) => k.value)
    probe.keys.forEach((key, k) => {
      const answer = probe.shown.find((s) => s.t >= key.t && texts.indexOf(s.q, k) >= k)
      if (!answer) return
      latencies.push(answer.t - key.t)
      // The request that brought the answer: the last one finished before it was shown.
      const r = probe.requests.filter((q) => q.responseEnd <= answer.t).at(-1)
      const c = probe.calls.filter((q) => q.parsed <= answer.t).at(-1)
      if (r && c && r.start >= key.t && c.called >= key.t)
        splits.push({
          beforeFetch: c.called - key.t,
          queued: r.requestStart - c.called,
          transport: r.responseStart - r.requestStart - r.server,
          server: r.server,
          delivery: c.answered - r.responseStart,
          json: c.parsed - c.answered,
          render: answer.t - c.parsed,
        })
    })
    if (probe.keys.length !== query.length) log(`"${query}": ${probe.keys.length} input events for ${query.length} keys`)
    await page.keyboard.press('Escape')
  }
  return latencies
}

/** Opens a customer's card the way a clerk does: Ctrl+K, the customer number, Enter. */
async function openCard(page: Page, customerNo: string): Promise<void> {
  await openSearch(page)
  await page.keyboard.type(customerNo)
  await page
    .locator('.global-search__list[data-answered="' + customerNo + '"]')
    .waitFor({ state: 'attached', timeout: 30_000 })
    .catch(async (err: unknown) => {
      const shown = await page.evaluate(() => `typed "${document.activeElement?.value}", list answers "${document.querySelector('.global-search__list')?.dataset.answered}"`)
      throw new Error(`card ${customerNo}: ${shown}`, { cause: err })
    })
  await page.keyboard.press('Enter')
  await page.getByTestId('customer-no').filter({ hasText: customerNo }).waitFor({ state: 'visible', timeout: 30_000 })
}

const RENDERER = join(root, 'out/renderer')
const ANCHOR_PAGE = 'bench-anchor.html'
const ANCHOR_SCRIPT = 'assets/bench-anchor.js'

/** The static page of the anchor; returns a function that removes it. */
function writeAnchorPage(): () => void {
  const mainBytes = mainBundle(RENDERER).reduce((sum, f) => sum + statSync(f).size, 0)
  const code = `const input = document.createElement('input')\ninput.autocomplete = 'username'\ndocument.getElementById('app').append(input)\ninput.focus()\n`
  writeFileSync(join(RENDERER, ANCHOR_SCRIPT), code + `/*${'x'.repeat(Math.max(0, mainBytes - code.length - 4))}*/`)
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8')
    .replace(/<link[^>]*rel="modulepreload"[^>]*>\s*/g, '')
    .replace(/<script type="module"[^>]*><\/script>/, `<script type="module" crossorigin src="./${ANCHOR_SCRIPT}"></script>`)
  writeFileSync(join(RENDERER, ANCHOR_PAGE), html)
  return () => [ANCHOR_PAGE, ANCHOR_SCRIPT].forEach((f) => rmSync(join(RENDERER, f), { force: true }))
}

/** Start-to-login samples of the app, or of another page the server serves (`path`, the anchor's). */
async function measureStart(browser: Browser, dataDir: string, path = ''): Promise<number[]> {
  // Untimed: a copy of an office generated before the newest migrations is migrated at its first
  // start (once after an upgrade, not every morning); also warms the OS file cache as a desk's is.
  const first = performance.now()
  await (await startServer(dataDir)).stop()
  log(`first start (migrations, cold cache): ${Math.round(performance.now() - first)} ms`)
  const samples: number[] = []
  for (let run = 0; run < START_RUNS; run++) {
    const { context, page } = await newPage(browser)
    const started = performance.now()
    const server = await startServer(dataDir)
    try {
      const listening = performance.now() - started
      await page.goto(path ? server.url.replace('/?', `/${path}?`) : server.url)
      const loaded = performance.now() - started
      await loginReady(page)
      samples.push(performance.now() - started)
      // Where the time goes: the server's start, the page's load, the app's first calls and render.
      log(`start run ${run + 1}: listening ${Math.round(listening)} ms, page loaded ${Math.round(loaded)} ms, login ready ${Math.round(samples.at(-1)!)} ms`)
    } finally {
      await context.close()
      await server.stop()
    }
  }
  return samples
}

async function measureOffice(browser: Browser, name: OfficeName, withStartAndMemory: boolean): Promise<void> {
  const copy = await workingCopy(name, `web-${name}`)
  let server: Server | undefined
  try {
    const samples = sampleCustomers(copy.dir, 400)
    const queries = realisticQueries(samples)
    log(`${name}: ${copy.office.counts.customers} customers; queries ${JSON.stringify(queries)}`)
    if (withStartAndMemory) {
      const start = await measureStart(browser, copy.dir)
      log(`start to login: ${start.map((s) => Math.round(s)).join(', ')} ms`)
      sampleFigure('web.start-to-login', start)
      const removeAnchor = writeAnchorPage()
      try {
        const plain = (await measureStart(browser, copy.dir, ANCHOR_PAGE)).sort((a, b) => a - b)
        log(`anchor, a static page of the same size: ${plain.map((s) => Math.round(s)).join(', ')} ms`)
        anchor('web.start-to-login.median', quantile(plain, 0.5), 'ms', plain.length)
      } finally {
        removeAnchor()
      }
    }

    // The start runs may have left a backup: without one, this start takes the day's first
    // backup (in the background), which is timed too; searches are timed after it.
    rmSync(join(copy.dir, 'backups'), { recursive: true, force: true })
    server = await startServer(copy.dir)
    log(`${name}: waiting for the start-up backup of the copy before timing searches …`)
    const backupMs = await Promise.race([server.backupDone, sleep(BACKUP_WAIT_MS).then(() => NaN)])
    if (Number.isNaN(backupMs)) log(`${name}: the backup did not finish within ${BACKUP_WAIT_MS / 60_000} min; timing searches anyway`)
    else figure(`web.backup.${name}`, backupMs / 1000, 's')

    const { context, page } = await newPage(browser)
    try {
      await page.goto(server.url)
      await loginReady(page)
      await signIn(page, 'urzednik')
      if (withStartAndMemory) figure('web.memory.start', await heapMb(page), 'MB')

      // Warm-up on other customers: the first queries pay for JIT and SQLite's first pages.
      await keystrokeLatencies(page, realisticQueries(samples.slice(-20)).slice(0, 2))
      const requests: number[] = []
      const splits: Split[] = []
      const latencies = await keystrokeLatencies(page, queries, requests, splits)
      sampleFigure(`search.keystroke.${name}`, latencies)
      const q = (xs: number[], p: number) => Math.round(quantile([...xs].sort((a, b) => a - b), p))
      log(`${name}: ${latencies.length} keystrokes, max ${q(latencies, 1)} ms; ${requests.length} search requests: median ${q(requests, 0.5)} ms, p95 ${q(requests, 0.95)} ms`)
      const parts = Object.keys(splits[0] ?? {}) as (keyof Split)[]
      const q1 = (xs: number[], p: number) => quantile([...xs].sort((a, b) => a - b), p).toFixed(1)
      log(
        `${name}: where a keystroke's time goes (${splits.length} keystrokes answered by their own request; median / p95 ms): ` +
          parts.map((part) => `${part} ${q1(splits.map((s) => s[part]), 0.5)} / ${q1(splits.map((s) => s[part]), 0.95)}`).join(', '),
      )

      if (withStartAndMemory) {
        const cards = samples.filter((_, i) => i % Math.floor(samples.length / CARDS) === 0).slice(0, CARDS)
        for (const c of cards) await openCard(page, c.customerNo)
        figure('web.memory.after-50-cards', await heapMb(page), 'MB', cards.length)
        figure('web.memory.desk-rss.after-50-cards', rssMb(server.child.pid!), 'MB', cards.length)
      }
    } finally {
      await context.close()
    }
  } finally {
    await server?.stop()
    copy.dispose()
  }
}

export default defineBench({
  name: 'web',
  title: 'browser mode in Chromium: start to login, keystroke to results, page memory',
  async run() {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs })
    // BENCH_WEB_OFFICES=x10 measures keystrokes on one office; BENCH_WEB_START=0 skips the starts and memory.
    const offices = process.env.BENCH_WEB_OFFICES?.split(',') ?? ['zamosc', 'x10']
    const withStart = process.env.BENCH_WEB_START !== '0'
    try {
      if (offices.includes('zamosc')) await measureOffice(browser, 'zamosc', withStart)
      if (offices.includes('x10')) await measureOffice(browser, 'x10', false)
    } finally {
      await browser.close()
    }
  },
})
