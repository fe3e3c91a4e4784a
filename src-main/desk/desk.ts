// Assembles one desk: opens (and migrates) the database in the data directory, wires the
// services to the dispatcher, and takes the start-up backup. Electron-free.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../db/database'
import { DeskDb } from '../db/write'
import { jobContext } from '../db/context'
import { backupNow, newestBackupAge } from '../platform/backups'
import { caseSearchHook } from '../core/cases/search'
import { createDispatcher, type Dispatch } from './dispatcher'
import { createHandlers } from './handlers'
import { MailSender, type TransportFactory } from '../core/mail/sender'
import { credentialsMailHooks } from '../core/registration/credentials-mail'
import { BACKUPS_KEPT } from '../../shared/domain/backups'
import { readOffice, readStation } from '../core/office/settings'
import { findResourcesDir } from '../platform/paths'
import { searchIndexHook } from '../core/customers/search'
import type { Services } from '../core/services'
import { SessionStore } from '../core/staff/sessions'
import { LoginThrottle } from '../core/staff/throttle'
import { DEFAULT_SESSION_HOURS } from '../../shared/api/operations/office'
import type { BackupInfo, OfficeSettings } from '../../shared/api/types'
import { DeskSync } from '../core/sync/desk-sync'
import { savedTransport } from '../platform/hub-client/settings'
import type { HubTransport } from '../platform/hub-client/transport'
import { eraseLocalCopies } from '../core/rodo/anonymise'
import { lockDataDir } from '../platform/data-dir-lock'
import { recoverBilling } from '../core/billing/recover'
import { DeskEvents } from '../platform/events'
import { createEventFeed, type EventFeed } from './event-feed'

export interface DeskOptions {
  dataDir: string
  /** How this desk reaches the hub; by default the address and token saved in sync settings. */
  syncTransport?: () => HubTransport | null
  resourcesDir?: string
  now?: () => Date
  log?: (e: unknown) => void
  /** 'manual': no background sending; tests call services.mail.runOnce(). Default: a background loop. */
  mailSender?: 'background' | 'manual'
  /** How mail reaches the SMTP server (default: nodemailer with the saved settings). */
  mailTransport?: TransportFactory
  /**
   * Hold the data directory's lock while open (default): a second desk or a restore on the same
   * folder is refused. Only tests that deliberately run two desks on one file turn it off.
   */
  exclusive?: boolean
}

export interface Desk {
  services: Services
  sync: DeskSync
  dispatch: Dispatch
  /** The pushed events of one staff session, for the IPC and SSE deliveries. */
  events: EventFeed
  databaseFile: string
  /**
   * Start-up recovery of billing: interrupted runs are marked at once (before openDesk returns);
   * the deliveries they lacked follow in the background. Resolves when that is done; never rejects.
   */
  recovered: Promise<void>
  /** Takes a backup if the newest is older than a day (called at start and hourly); null when none was due. */
  backupIfDue(): Promise<BackupInfo | null>
  close(): void
}

export const DATABASE_FILE = 'ibok-desk.db'
const DAY_MS = 24 * 60 * 60 * 1000

export function openDesk(options: DeskOptions): Desk {
  const now = options.now ?? (() => new Date())
  mkdirSync(options.dataDir, { recursive: true })
  const resourcesDir = options.resourcesDir ?? findResourcesDir()
  const databaseFile = join(options.dataDir, DATABASE_FILE)
  const lock = options.exclusive === false ? null : lockDataDir(options.dataDir)
  let opened: ReturnType<typeof openDatabase>
  try {
    opened = openDatabase(databaseFile, join(resourcesDir, 'migrations'))
  } catch (err) {
    lock?.release()
    throw err
  }
  const db = new DeskDb(opened, [searchIndexHook, caseSearchHook], () => now().toISOString())

  // Settings are read on every call but change rarely: cache, invalidated by any settings write.
  let office: OfficeSettings | null | undefined
  const services: Services = {
    db,
    sessions: new SessionStore(() => now().getTime()),
    dataDir: options.dataDir,
    resourcesDir,
    now,
    office: () => (office === undefined ? (office = readOffice(db.read)) : office),
    stationCode: () => services.office()?.stationCode ?? readStation(db.read)?.stationCode ?? 'S1',
    idleLockMinutes: () => services.office()?.idleLockMinutes ?? 5,
    sessionHours: () => services.office()?.sessionHours ?? DEFAULT_SESSION_HOURS,
    loginThrottle: new LoginThrottle(() => now().getTime()),
    mail: new MailSender({
      db,
      dataDir: options.dataDir,
      now,
      stationCode: () => services.stationCode(),
      log: options.log ?? console.error,
      transport: options.mailTransport,
    }),
    sync: new DeskSync(db, () => services.stationCode(), options.syncTransport ?? (() => savedTransport(db)), now, options.dataDir, options.log),
    events: new DeskEvents(options.log),
  }
  services.mail.registerKind('credentials', credentialsMailHooks(db))
  // Mail left "sending" by a crash waits for staff; it is never resent blindly. The same for mail
  // a restored desk finds "sending" in the hub's state of its station.
  services.mail.recoverInterrupted()
  services.sync.onStationConfirmed = () => void services.mail.recoverInterrupted()
  // Tests plug in their in-process hub; a joining desk then reaches it whatever address it was given.
  const injected = options.syncTransport
  if (injected) services.sync.joinTransport = () => injected()!
  if (options.mailSender !== 'manual') services.mail.start()
  db.onCommit((changes) => {
    if (changes.some((c) => c.entity === 'settings')) office = undefined
  })
  // RODO: files of an anonymised customer leave this desk's store (anonymised here or on another desk).
  db.onCommit(eraseLocalCopies(services))
  const handlers = createHandlers(services)
  const dispatch = createDispatcher(services, handlers, options.log)
  // An event carries the answer of the read operation of the same name (shared/api/events.ts).
  services.events.produceWith((name) => handlers[name]({} as never, { session: null, source: 'events', write: jobContext(name, services.stationCode()) }))
  // Any save may change the sync queue and the outbox; a round changes the rest of the sync state.
  db.onCommit(() => {
    services.events.changed('sync.status')
    services.events.changed('mail.status')
  })
  services.sync.onRoundEnd = () => services.events.changed('sync.status')
  // A billing run killed half-way: say so on the run, and deliver what it issued.
  const recovered = recoverBilling(services, options.log ?? console.error)
  const backupDir = join(options.dataDir, 'backups')
  let runningBackup: Promise<BackupInfo | null> | null = null

  return {
    services,
    sync: services.sync,
    dispatch,
    events: createEventFeed(services, options.log),
    databaseFile,
    recovered,
    backupIfDue() {
      // One at a time: the start-up backup of a large office may still be running when the hourly
      // check comes; a second copy alongside would only double the disk traffic.
      runningBackup ??= (async () => {
        const age = newestBackupAge(backupDir, now())
        return age === null || age >= DAY_MS ? backupNow(db, backupDir, BACKUPS_KEPT, now()) : null
      })().finally(() => (runningBackup = null))
      return runningBackup
    },
    close: () => {
      services.events.close()
      void services.mail.stop()
      db.close()
      lock?.release()
    },
  }
}
