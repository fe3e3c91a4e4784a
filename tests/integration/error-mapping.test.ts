// Failures of the desk's dependencies become { code, Polish message } (src-main/platform/errors.ts):
// the kinds the no-500 sweep cannot easily provoke, checked one by one through the dispatcher,
// and a write while the desk is loading the hub's snapshot (it used to answer 500).
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { ApiError } from '../../shared/api/errors'
import { knownFailure } from '../../src-main/platform/errors'
import { HubRefusal, HubUnreachable } from '../../src-main/platform/hub-client/transport'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { looksPolish } from '../support/spy-desk'

const sys = (code: string, message = code) => Object.assign(new Error(message), { code })

describe('knownFailure', () => {
  const cases: [string, unknown, string][] = [
    ['SQLite: disk full', new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), 'STORAGE'],
    ['fs: no space', sys('ENOSPC'), 'STORAGE'],
    ['fs: read-only file system', sys('EROFS'), 'STORAGE'],
    ['SQLite: read-only database', new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'), 'STORAGE'],
    ['SQLite: I/O error', new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), 'STORAGE'],
    ['SQLite: damaged file', new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT'), 'STORAGE'],
    ['SQLite: busy', new Database.SqliteError('database is locked', 'SQLITE_BUSY'), 'UNAVAILABLE'],
    ['fs: file missing', sys('ENOENT', "ENOENT: no such file or directory, open '/data/files/ab/cd'"), 'NOT_FOUND'],
    ['fetch failed (connection refused, in cause)', Object.assign(new TypeError('fetch failed'), { cause: sys('ECONNREFUSED') }), 'UNAVAILABLE'],
    ['timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'UNAVAILABLE'],
    ['SMTP: connection (nodemailer)', sys('ECONNECTION', 'Connection refused'), 'UNAVAILABLE'],
    ['SMTP: authentication (nodemailer)', sys('EAUTH', 'Invalid login: 535'), 'UNAVAILABLE'],
    ['hub unreachable', new HubUnreachable('Serwer synchronizacji nieosiągalny: fetch failed'), 'UNAVAILABLE'],
    ['hub refuses', new HubRefusal({ code: 'UNAUTHENTICATED', message: 'Nieznany token stanowiska' } as never), 'CONFLICT'],
  ]
  for (const [what, err, code] of cases) {
    it(`${what} → ${code}, in Polish`, () => {
      const api = knownFailure(err)
      expect(api).toBeInstanceOf(ApiError)
      expect(api!.code).toBe(code)
      expect(looksPolish(api!.message), api!.message).toBe(true)
      expect(api!.message).not.toMatch(/\n\s+at /)
    })
  }

  it('leaves a bug a bug: an unknown error is not dressed up', () => {
    expect(knownFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeNull()
  })
})

describe('a write while the desk loads the hub snapshot', () => {
  let desk: TestDesk | undefined
  afterEach(() => desk?.dispose())

  it('answers 503 UNAVAILABLE "spróbuj za chwilę", not 500', async () => {
    const made = await makeSetUpDesk()
    desk = made.desk
    const during = await desk.services.db.loadFromHub(
      () => {},
      async () =>
        desk!.dispatch(
          'customers.create',
          { kind: 'person', firstName: 'Jan', lastName: 'Kowalski', correspondenceAddress: { street: 'Lwowska', houseNo: '1', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
          made.token,
        ),
    )
    expect(during).toEqual({ ok: false, status: 503, error: { code: 'UNAVAILABLE', message: 'Trwa pobieranie danych z serwera synchronizacji — spróbuj za chwilę' } })
  })
})
