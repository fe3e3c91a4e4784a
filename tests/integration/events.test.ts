// The desk's pushed events in browser mode (issue 20): a change inside the desk reaches a
// signed-in browser through POST /events (server-sent events) with the same payload the read
// operation answers (and over IPC in Electron, to the window that asked); a stream without the run token or a staff session is refused, and an event
// reaches only a session whose role may call the operation it is named after.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { pathToFileURL } from 'node:url'
import { EVENT_CHANNEL, EVENTS_CHANNEL } from '../../shared/api/bridge'
import type { EventName } from '../../shared/api/events'
import { createEventsHandler, registerEvents, type EventTarget } from '../../src-main/app/ipc'
import type { AppPage } from '../../src-main/app/security'
import { createHttpApi } from '../../src-main/server/http-api'
import { httpEvents } from '../../src-renderer/api/events'
import { makeSetUpDesk, signInNewStaff, type TestDesk } from '../support/desk'

const RUN_TOKEN = 'run-token-events-0123456789'
let desk: TestDesk
let admin: string
let clerk: string
let server: Server
let base: string

beforeAll(async () => {
  ;({ desk, token: admin } = await makeSetUpDesk())
  ;({ token: clerk } = await signInNewStaff(desk, admin, { login: 'urzednik', fullName: 'Jan Urzędnik', role: 'clerk', password: 'Urzednik-haslo-2026' }))
  server = createHttpApi({ dispatch: desk.dispatch, events: desk.events, token: RUN_TOKEN })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  desk.dispose()
})

/** The renderer's own browser-mode event stream, pointed at this server. */
function listen(session: string) {
  const seen: Array<{ name: EventName; payload: any }> = []
  const refused: unknown[] = []
  let opened = 0
  const close = httpEvents(RUN_TOKEN, (url, init) => fetch(`${base}${String(url)}`, init))(session, {
    deliver: (name, payload) => seen.push({ name, payload }),
    opened: () => opened++,
    refused: (why) => refused.push(why),
  })
  return { seen, close, opened: () => opened, refused }
}

const stream = (headers: Record<string, string>) => fetch(`${base}/events`, { method: 'POST', headers })

describe('browser-mode event stream', () => {
  it('pushes every step of a billing run to a supervisor, ending with what billing.progress answers; a clerk hears none of it', async () => {
    const boss = listen(admin)
    const counter = listen(clerk)
    await expect.poll(() => boss.opened() + counter.opened()).toBe(2)

    const run = await desk.call('billing.run', { month: '2026-04' }, admin)
    const final = await desk.call('billing.progress', {}, admin)
    await expect.poll(() => boss.seen.filter((e) => e.name === 'billing.progress').at(-1)?.payload.phase).toBe('done')
    const steps = boss.seen.filter((e) => e.name === 'billing.progress').map((e) => e.payload)
    expect(steps.every((p) => p.runId === run.id)).toBe(true)
    expect(steps.at(-1)).toEqual(final)

    // The run's saves changed the sync queue: both hear the new sync state (any clerk may ask for it).
    const sync = await desk.call('sync.status', {}, admin)
    await expect.poll(() => counter.seen.filter((e) => e.name === 'sync.status').at(-1)?.payload).toEqual(sync)
    expect(counter.seen.some((e) => e.name === 'billing.progress')).toBe(false)
    boss.close()
    counter.close()
  })

  it('pushes the outbox state after a change to it', async () => {
    const boss = listen(admin)
    await expect.poll(() => boss.opened()).toBe(1)
    const before = await desk.call('mail.status', {}, admin)
    expect(before.configured).toBe(false)
    const settings = { enabled: true, host: 'smtp.example.pl', port: 587, security: 'starttls', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'BOK', replyTo: null, timeoutSeconds: 30, allowInvalidCertificate: false } as const
    await desk.call('mail.updateSettings', settings, admin)
    const status = await desk.call('mail.status', {}, admin)
    expect(status.configured).toBe(true)
    await expect.poll(() => boss.seen.filter((e) => e.name === 'mail.status').at(-1)?.payload).toEqual(status)
    boss.close()
  })

  it('ends the stream of a session that ends elsewhere; the client hears why at once', async () => {
    const { token } = await desk.call('staff.login', { login: 'urzednik', password: 'Urzednik-haslo-2026' })
    const counter = listen(token)
    await expect.poll(() => counter.opened()).toBe(1)
    await desk.call('staff.logout', {}, token) // as a password change on another desk ends it
    await expect.poll(() => counter.refused).toEqual([{ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' }])
    counter.close()
  })

  it('refuses a stream without the run token, without a staff session, or for a locked session', async () => {
    const noToken = await stream({ 'x-staff-session': admin })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toMatchObject({ code: 'UNAUTHENTICATED' })

    const noSession = await stream({ authorization: `Bearer ${RUN_TOKEN}` })
    expect(noSession.status).toBe(401)
    expect(await noSession.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' })

    const badSession = await stream({ authorization: `Bearer ${RUN_TOKEN}`, 'x-staff-session': 'not-a-session' })
    expect(badSession.status).toBe(401)

    await desk.call('staff.lock', {}, clerk)
    const locked = await stream({ authorization: `Bearer ${RUN_TOKEN}`, 'x-staff-session': clerk })
    expect(locked.status).toBe(423)
    expect(await locked.json()).toMatchObject({ code: 'SESSION_LOCKED' })

    const get = await fetch(`${base}/events`, { headers: { authorization: `Bearer ${RUN_TOKEN}`, 'x-staff-session': admin } })
    expect(get.status).toBe(405)
  })
})

describe('Electron IPC events (ipcMain and the window stubbed)', () => {
  const page: AppPage = { rendererDir: '/opt/ibok-desk/out/renderer', indexFile: '/opt/ibok-desk/out/renderer/index.html' }
  const appFrame = { url: `${pathToFileURL(page.indexFile).href}#/rozliczenia`, parent: null }

  /** A window's WebContents as the handler sees it: what it was sent, and its 'destroyed' hook. */
  function fakeWindow(id: number) {
    const sent: Array<{ name: EventName; payload: any }> = []
    const ended: unknown[] = []
    let destroyed = () => {}
    const target: EventTarget = {
      id,
      send: (channel, ...args) => {
        if (channel === EVENTS_CHANNEL) ended.push(args[0])
        else sent.push({ name: args[0] as EventName, payload: args[1] })
        expect([EVENT_CHANNEL, EVENTS_CHANNEL]).toContain(channel)
      },
      once: (_event, listener) => (destroyed = listener),
    }
    return { target, sent, ended, destroy: () => destroyed() }
  }

  it('sends a subscribed window the events of its session until it asks for none or closes', async () => {
    const handle = vi.fn()
    const handler = createEventsHandler(desk.events, page, () => {})
    registerEvents({ handle }, handler)
    expect(handle).toHaveBeenCalledWith(EVENTS_CHANNEL, handler)

    const win = fakeWindow(1)
    expect(await handler({ senderFrame: appFrame, sender: win.target }, admin)).toEqual({ ok: true, value: null })
    expect(win.ended).toEqual([])
    const run = await desk.call('billing.run', { month: '2026-05' }, admin)
    await expect.poll(() => win.sent.filter((e) => e.name === 'billing.progress').at(-1)?.payload).toMatchObject({ runId: run.id, phase: 'done' })

    // Asking for none stops the events: a later change reaches nobody.
    expect(await handler({ senderFrame: appFrame, sender: win.target }, null)).toEqual({ ok: true, value: null })
    const count = win.sent.length
    await desk.call('billing.run', { month: '2026-06' }, admin)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(win.sent).toHaveLength(count)

    // A closed window is forgotten as well.
    const other = fakeWindow(2)
    await handler({ senderFrame: appFrame, sender: other.target }, admin)
    other.destroy()
    await desk.call('billing.run', { month: '2026-07' }, admin)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(other.sent).toEqual([])
  })

  it('tells the window when its session ends (signed out on another desk) and sends nothing after', async () => {
    const handler = createEventsHandler(desk.events, page, () => {})
    const win = fakeWindow(4)
    const { token } = await desk.call('staff.login', { login: 'urzednik', password: 'Urzednik-haslo-2026' })
    expect(await handler({ senderFrame: appFrame, sender: win.target }, token)).toEqual({ ok: true, value: null })
    await desk.call('staff.logout', {}, token)
    expect(win.ended).toEqual([{ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' }])
    await desk.call('billing.run', { month: '2026-08' }, admin)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(win.sent).toEqual([])
  })

  it('refuses a frame other than the app page, a missing session and a malformed one', async () => {
    const log = vi.fn()
    const handler = createEventsHandler(desk.events, page, log)
    const win = fakeWindow(3)
    expect(await handler({ senderFrame: { url: 'https://example.com/', parent: null }, sender: win.target }, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(log).toHaveBeenCalledOnce()
    expect(await handler({ senderFrame: appFrame, sender: win.target }, 'no-such-session')).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' } })
    expect(await handler({ senderFrame: appFrame, sender: win.target }, { token: admin })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
