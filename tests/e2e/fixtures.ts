// Test fixtures: a real desk in browser mode (the built out/main/web.js, spawned with the Node
// that runs the tests) on a fresh data directory, plus a guard that fails a test when the page
// breaks its CSP or throws.
import { test as base, expect } from '@playwright/test'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { InputOf, OperationName, OutputOf } from '../../shared/api/contract'
import type { Page } from '@playwright/test'

const root = resolve(import.meta.dirname, '../..')
const WEB_JS = join(root, 'out/main/web.js')
export const SCREENS_DIR = join(root, 'test-results/screens')

export const DEMO_PASSWORD = 'Demo-Krucza-10'
export const DEMO_CUSTOMERS = 300

export class DeskApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(`${code}: ${message}`)
  }
}

export interface DeskServer {
  /**
   * The address the app printed, with the run token: what a clerk's browser opens. The desk swaps
   * the token for an httpOnly cookie and redirects to the clean address at once; scripts (call())
   * send it as a Bearer header instead.
   */
  url: string
  origin: string
  token: string
  dataDir: string
  /** Calls a contract operation over HTTP, as the page does; throws DeskApiError on failure. */
  call<N extends OperationName>(name: N, input: InputOf<N>, session?: string | null): Promise<OutputOf<N>>
  /** Signs in over the API and returns the staff session token. */
  login(login: string, password: string): Promise<string>
  stop(): Promise<void>
}

export async function startDesk(): Promise<DeskServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ibok-e2e-'))
  const child: ChildProcess = spawn(process.execPath, [WEB_JS, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`ibok-desk did not print its address within 30 s:\n${output}`)), 30_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`ibok-desk exited (${code}) before it was ready:\n${output}`))
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /^ibok-desk: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(output)
      if (match) {
        clearTimeout(timer)
        child.off('exit', onExit)
        resolveUrl(match[1])
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', onExit)
  })
  const parsed = new URL(url)
  const token = parsed.searchParams.get('token')!

  async function call<N extends OperationName>(name: N, input: InputOf<N>, session: string | null = null): Promise<OutputOf<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    if (session) headers['x-staff-session'] = session
    const response = await fetch(`${parsed.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input) })
    const body = (await response.json()) as { value?: unknown; code?: string; message?: string; field?: string }
    if (!response.ok) throw new DeskApiError(body.code ?? String(response.status), body.message ?? '', body.field)
    return body.value as OutputOf<N>
  }

  return {
    url,
    origin: parsed.origin,
    token,
    dataDir,
    call,
    login: async (login, password) => (await call('staff.login', { login, password })).token,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timeout)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

const HUB_JS = join(root, 'out/main/hub.js')

export interface HubServer {
  /** The hub's address, e.g. http://127.0.0.1:40123. */
  url: string
  /** Desk code → its token, issued with --add-desk before the hub started. */
  tokens: Record<string, string>
  stop(): Promise<void>
}

/** Runs the built sync hub on a fresh data directory with the given desks registered. */
export async function startHub(desks: Record<string, string>, options: { seedFrom?: string } = {}): Promise<HubServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ibok-e2e-hub-'))
  const tokens: Record<string, string> = {}
  for (const [code, name] of Object.entries(desks)) {
    const out = execFileSync(process.execPath, [HUB_JS, '--data-dir', dataDir, '--add-desk', code, '--name', name], { cwd: root, encoding: 'utf8' })
    const match = /token (\S+)/.exec(out)
    if (!match) throw new Error(`ibok-hub --add-desk ${code} printed no token:\n${out}`)
    tokens[code] = match[1]
  }
  // An office loaded in bulk on its first desk (the demo): the hub takes it as its starting state.
  if (options.seedFrom) execFileSync(process.execPath, [HUB_JS, '--data-dir', dataDir, '--seed-from', options.seedFrom], { cwd: root, encoding: 'utf8' })
  const child: ChildProcess = spawn(process.execPath, [HUB_JS, '--data-dir', dataDir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`ibok-hub did not print its address within 30 s:\n${output}`)), 30_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`ibok-hub exited (${code}) before it was ready:\n${output}`))
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /^ibok-hub: (http:\/\/127\.0\.0\.1:\d+)/m.exec(output)
      if (match) {
        clearTimeout(timer)
        child.off('exit', onExit)
        resolveUrl(match[1])
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', onExit)
  })
  return {
    url,
    tokens,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timeout)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function saveScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) })
}

interface TestFixtures {
  /** A desk at first start: no office, no accounts. */
  freshDesk: DeskServer
  /** Fails the test when the page reports a CSP violation or an uncaught error. */
  pageGuard: void
}

interface WorkerFixtures {
  /** A desk with the demo office loaded (shared by the tests of one worker; do not lock its accounts). */
  demoDesk: DeskServer
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  freshDesk: async ({}, use) => {
    const desk = await startDesk()
    await use(desk)
    await desk.stop()
  },
  demoDesk: [
    async ({}, use) => {
      const desk = await startDesk()
      await desk.call('system.loadDemo', { customers: DEMO_CUSTOMERS, seed: 7 })
      await use(desk)
      await desk.stop()
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  pageGuard: [
    async ({ page }, use) => {
      trackApiCalls(page)
      const problems: string[] = []
      page.on('console', (msg) => {
        if (/Content.Security.Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`)
      })
      page.on('pageerror', (err) => problems.push(`Uncaught: ${err.message}`))
      await use()
      expect(problems, 'the page reported CSP violations or uncaught errors').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** The desk's API calls each page has on their way (every page: the pageGuard fixture tracks them). */
const apiInFlight = new WeakMap<Page, Set<unknown>>()

function trackApiCalls(page: Page): void {
  const inFlight = new Set<unknown>()
  apiInFlight.set(page, inFlight)
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/')
  page.on('request', (r) => isApi(r.url()) && inFlight.add(r))
  page.on('requestfinished', (r) => inFlight.delete(r))
  page.on('requestfailed', (r) => inFlight.delete(r))
}

/**
 * What waitForLoadState('networkidle') did before the desk pushed events: no API call on its way
 * for `quietMs`. (The page's event stream, POST /events, stays open while signed in: the network
 * is never idle.)
 */
export async function waitForApiIdle(page: Page, quietMs = 500): Promise<void> {
  const inFlight = apiInFlight.get(page)!
  let quietSince = Date.now()
  await expect
    .poll(
      () => {
        if (inFlight.size) quietSince = Date.now()
        return Date.now() - quietSince >= quietMs
      },
      { intervals: [50], timeout: 30_000 },
    )
    .toBe(true)
}

/** The page fits the 1366 px wide office screen: nothing scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll<HTMLElement>('main, .table-wrap')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`),
  )
  expect(overflow, 'elements wider than the screen').toEqual([])
}

/**
 * "Drukuj" in browser mode opens the PDF in a new tab (the browser's viewer, to print from): runs
 * the click, waits for that tab, checks it shows a PDF and saves what it shows to a temporary file
 * (for pdftotext). Nothing is downloaded.
 */
/** Keeps the blobs the page makes (it may not fetch its own blob: URLs: CSP connect-src 'self'). */
export async function watchPreviews(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __previewBlobs?: Map<string, Blob> }
    if (w.__previewBlobs) return
    const blobs = (w.__previewBlobs = new Map<string, Blob>())
    const create = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = create(obj)
      if (obj instanceof Blob) blobs.set(url, obj)
      return url
    }
  })
}

export async function previewedPdf(page: Page, click: () => Promise<unknown>): Promise<string> {
  await watchPreviews(page)
  const [popup] = await Promise.all([page.waitForEvent('popup'), click()])
  if (!popup.url().startsWith('blob:')) await popup.waitForURL(/^blob:/)
  const base64 = await page.evaluate(async (url) => {
    const blob = (window as unknown as { __previewBlobs: Map<string, Blob> }).__previewBlobs.get(url)
    if (!blob) throw new Error(`the preview tab shows ${url}, which the page did not make`)
    if (blob.type !== 'application/pdf') throw new Error(`the preview is ${blob.type}, not a PDF`)
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(binary)
  }, popup.url())
  await popup.waitForLoadState()
  mkdirSync(SCREENS_DIR, { recursive: true })
  await popup.screenshot({ path: join(SCREENS_DIR, 'pdf-preview-tab.png') }).catch(() => undefined)
  await popup.close()
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-e2e-preview-')), 'podglad.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  return file
}

/** The text of a PDF file as pdftotext reads it, whitespace folded. */
export const pdfTextOfFile = (file: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
