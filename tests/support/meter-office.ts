// A small office for the meter and reading tests: a tariff group, customers with a contract and
// a main meter (installed through the API), and reading history seeded through the write path.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InputOf } from '../../shared/api/contract'
import type { ReadingKind } from '../../shared/domain/consumption'
import { DATABASE_FILE } from '../../src-main/desk/desk'
import { readings, tariffGroups } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import { makeSetUpDesk, makeTestDesk, type TestDesk } from './desk'

/**
 * Desks for a test file, each a copy of one set-up office: the setup (hashing the admin's password,
 * migrating) runs once per file instead of once per test. The admin session is opened directly
 * in the desk's real session store — signing in is tested elsewhere.
 */
export function officeTemplate() {
  let file: string | null = null
  let adminId = ''
  return {
    async make(now: () => Date): Promise<{ desk: TestDesk; token: string }> {
      if (!file) {
        const { desk } = await makeSetUpDesk({ now })
        adminId = (desk.services.db.sqlite.prepare(`SELECT id FROM staff WHERE login = 'admin'`).get() as { id: string }).id
        desk.services.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
        file = join(mkdtempSync(join(tmpdir(), 'ibok-template-')), DATABASE_FILE)
        copyFileSync(join(desk.dir, DATABASE_FILE), file)
        desk.dispose()
      }
      const dataDir = mkdtempSync(join(tmpdir(), 'ibok-test-'))
      copyFileSync(file, join(dataDir, DATABASE_FILE))
      const desk = makeTestDesk({ dataDir, now })
      const dispose = desk.dispose
      desk.dispose = () => {
        dispose()
        rmSync(dataDir, { recursive: true, force: true })
      }
      return { desk, token: desk.services.sessions.open(adminId, 'admin').token }
    },
  }
}

export const seedCtx = { staffId: null, stationCode: 'K1', operation: 'test.seed' }

export function seedTariffGroup(desk: TestDesk, code = 'GD-P', billingCycle: 'monthly' | 'bimonthly' = 'bimonthly'): string {
  const id = newId()
  desk.services.db.write(seedCtx, (tx) =>
    tx.insert(tariffGroups, { id, code, name: 'Gospodarstwa domowe — faktura papierowa', billingCycle, eInvoice: false, createdAt: tx.now, updatedAt: tx.now }),
  )
  return id
}

export interface SeededCustomer {
  customerId: string
  customerNo: string
  supplyPointId: string
  meterId: string
}

let serial = 0

/** A person with a contract at a new address and a main meter installed on `since`. */
export async function seedCustomer(
  desk: TestDesk,
  token: string,
  tariffGroupId: string,
  opts: { lastName?: string; since?: string; legalisationYear?: number; street?: string; meter?: Partial<InputOf<'meters.install'>> } = {},
): Promise<SeededCustomer> {
  const since = opts.since ?? '2024-01-02'
  const c = await desk.call(
    'customers.create',
    {
      kind: 'person',
      firstName: 'Grażyna',
      lastName: opts.lastName ?? 'Żółkiewska',
      correspondenceAddress: { street: opts.street ?? 'Partyzantów', houseNo: String(10 + serial), postalCode: '22-400', city: 'Zamość' },
    },
    token,
  )
  const k = await desk.call(
    'contracts.create',
    {
      customerId: c.id,
      supplyPointAddress: { street: opts.street ?? 'Partyzantów', houseNo: String(10 + serial), postalCode: '22-400', city: 'Zamość' },
      services: 'water_sewage',
      tariffGroupId,
      startDate: since,
    },
    token,
  )
  serial++
  const m = await desk.call(
    'meters.install',
    {
      supplyPointId: k.supplyPoint.id,
      serialNo: `ZM${String(40_000_000 + serial)}`,
      kind: 'main',
      diameterMm: 15,
      installedOn: since,
      legalisationYear: opts.legalisationYear ?? Number(since.slice(0, 4)),
      sealNo: `PL${String(1_000_000 + serial)}`,
      initialM3: 0,
      ...opts.meter,
    },
    token,
  )
  return { customerId: c.id, customerNo: c.customerNo, supplyPointId: k.supplyPoint.id, meterId: m.id }
}

/** Reading history as facts already in the database (e.g. brought by the reader's terminal). */
export function seedReadings(desk: TestDesk, meterId: string, list: Array<[readOn: string, valueM3: number, kind?: ReadingKind, readAt?: string]>): string[] {
  return desk.services.db.write(seedCtx, (tx) =>
    list.map(
      ([readOn, valueM3, kind = 'reader', readAt]) =>
        tx.insert(readings, { id: newId(), meterId, readOn, valueM3, kind, source: null, note: null, readAt: readAt ?? null, createdBy: null, createdAt: tx.now }).id,
    ),
  )
}

/** Every 2 months from `from` (end of month), adding `perPeriod` m³ each time. */
export function bimonthlyHistory(from: string, to: string, start: number, perPeriod: number): Array<[string, number]> {
  const out: Array<[string, number]> = []
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))]
  let value = start
  for (;;) {
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
    if (last > to) break
    out.push([last, value])
    value += perPeriod
    m += 2
    if (m > 12) {
      m -= 12
      y++
    }
  }
  return out
}

export async function rejection(promise: Promise<unknown>): Promise<{ code: string; field?: string; message: string }> {
  try {
    await promise
  } catch (err) {
    return err as { code: string; field?: string; message: string }
  }
  throw new Error('expected the call to be rejected')
}

/** The meter tests' "today": 25 November 2026, 10:00 UTC (bimonthly histories end in October). */
export const METER_TODAY = new Date('2026-11-25T10:00:00Z')

/** The meter tests' office: a fresh copy of the template on METER_TODAY with one tariff group. */
export async function makeMeterOffice(template: ReturnType<typeof officeTemplate>, groupCode?: string): Promise<{ desk: TestDesk; token: string; groupId: string }> {
  const { desk, token } = await template.make(() => METER_TODAY)
  return { desk, token, groupId: seedTariffGroup(desk, groupCode) }
}
