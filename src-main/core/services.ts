// What every domain service gets: the database with its single write path, the clock, the
// staff sessions and this desk's settings. Built once per desk by openDesk().
import type { OfficeSettings } from '../../shared/api/types'
import type { DeskDb } from '../db/write'
import type { DeskEvents } from '../platform/events'
import type { MailSender } from './mail/sender'
import type { SessionStore } from './staff/sessions'
import type { LoginThrottle } from './staff/throttle'
import type { DeskSync } from './sync/desk-sync'

export interface Services {
  db: DeskDb
  sessions: SessionStore
  dataDir: string
  resourcesDir: string
  now(): Date
  office(): OfficeSettings | null
  /** This desk's code in number series and the change log ("S1" before setup). */
  stationCode(): string
  idleLockMinutes(): number
  /** Absolute staff session lifetime (office settings, default 12 h). */
  sessionHours(): number
  /** Failed password attempts per login and source on this desk (staff/throttle.ts). */
  loginThrottle: LoginThrottle
  /** This desk's mail sender (outbox → SMTP); domains queue mail with core/mail/outbox.ts queueMail(). */
  mail: MailSender
  /** This desk's sync with the hub (outbox push, log pull, snapshot reset). */
  sync: DeskSync
  /** Pushed to the screens (shared/api/events.ts): a service says what changed, e.g. `events.changed('billing.progress')`. */
  events: DeskEvents
}
