// What every domain service gets: the database with its single write path, the clock, the
// staff sessions and this desk's settings. Built once per desk by openDesk().
import type { OfficeSettings } from '../../shared/api/types'
import type { DeskDb } from '../db/write'
import type { SessionStore } from './staff/sessions'

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
}
