// The desk's sync screen and settings: state for the top bar, conflicts side by side, problems.
import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { SyncConflictView, SyncProblem, SyncStatus } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { entityLabel, syncFieldLabel } from '../../../shared/sync/entities'
import { changeLog, contracts, customers, invoices, meters, syncConflicts, syncState, syncVersions } from '../../db/schema'
import { tablesByName } from '../../db/tables'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { writeStationRow } from '../office/settings'
import { readSavedHubTrust, writeHubTrust } from '../../platform/hub-client/settings'
import { BEHIND_WARNING_MS } from '../../../shared/sync/protocol'
import { HubRefusal } from '../../platform/hub-client/transport'

export function createSyncService(s: Services) {
  const status = (): SyncStatus => {
    const st = s.sync.state()
    const configured = s.sync.isConfigured()
    const openConflicts = s.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open'`).n
    const quarantined = s.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM sync_quarantine`).n
    // "online" is a promise: the last round went through and is recent.
    const behind = !st.lastSyncAt || s.sync.now().getTime() - Date.parse(st.lastSyncAt) > BEHIND_WARNING_MS
    return {
      configured,
      hubUrl: st.hubUrl,
      phase: !configured ? 'not-configured' : st.lastErrorCode === 'OFFLINE' ? 'offline' : st.lastErrorCode || quarantined ? 'error' : behind ? 'behind' : 'online',
      queued: s.sync.pendingCount(),
      quarantined,
      openConflicts,
      lastSyncAt: st.lastSyncAt,
      lastError: st.lastError,
      lastErrorCode: st.lastErrorCode,
    }
  }

  /** What a record is, for people: "Klient 100012 — Jan Nowak", "Umowa U/K1/2026/00001" — never a table name. */
  const describe = (entity: string, entityId: string): { subject: string; customerId: string | null } => {
    if (entity === 'customers') {
      const row = s.db.orm.select().from(customers).where(eq(customers.id, entityId)).get()
      if (row) return { subject: `Klient ${row.customerNo} — ${customerDisplayName(row)}`, customerId: row.id }
    }
    if (entity === 'contracts') {
      const row = s.db.orm.select({ no: contracts.contractNo, customerId: contracts.customerId }).from(contracts).where(eq(contracts.id, entityId)).get()
      if (row) return { subject: `Umowa ${row.no}`, customerId: row.customerId }
    }
    if (entity === 'meters') {
      const row = s.db.orm.select({ no: meters.serialNo }).from(meters).where(eq(meters.id, entityId)).get()
      if (row) return { subject: `Wodomierz ${row.no}`, customerId: null }
    }
    if (entity === 'invoices') {
      const row = s.db.orm.select({ no: invoices.number, customerId: invoices.customerId }).from(invoices).where(eq(invoices.id, entityId)).get()
      if (row) return { subject: `Faktura ${row.no}`, customerId: row.customerId }
    }
    return { subject: entityLabel(entity), customerId: null }
  }

  const toView = (c: typeof syncConflicts.$inferSelect): SyncConflictView => {
    const opened = JSON.parse(c.hubValues) as Record<string, unknown>
    const desk = JSON.parse(c.deskValues) as Record<string, unknown>
    const fields = JSON.parse(c.fields) as string[]
    // Against the current value: another desk may have changed the field since the conflict opened.
    const current = currentRow(c.entity, c.entityId) ?? opened
    const moved = c.status === 'open' && fields.some((f) => JSON.stringify(current[f] ?? null) !== JSON.stringify(opened[f] ?? null))
    const described = describe(c.entity, c.entityId)
    let subject = described.subject
    let customerId = described.customerId
    const unique = c.kind === 'unique'
    if (unique) {
      const table = tablesByName.get(c.entity)
      const row = table ? (s.db.orm.select().from(table).where(eq((table as unknown as { id: Parameters<typeof eq>[0] }).id, c.entityId)).get() as Record<string, unknown> | undefined) : undefined
      const customer = typeof row?.customerId === 'string' ? s.db.orm.select().from(customers).where(eq(customers.id, row.customerId)).get() : undefined
      const key = Object.values(opened).map(String).join(' / ')
      subject = `${entityLabel(c.entity)} ${key}${customer ? ` — klient ${customer.customerNo} ${customerDisplayName(customer)}` : ''}`
      customerId = customer?.id ?? customerId
    }
    return {
      id: c.id,
      entity: c.entity,
      entityId: c.entityId,
      subject,
      customerId,
      kind: unique ? 'unique' : 'field',
      explanation: unique
        ? `Dwa stanowiska utworzyły to samo — ${entityLabel(c.entity)} ${Object.values(opened).map(String).join(' / ')}. Biuro zachowało zapis, który dotarł na serwer pierwszy; zapis ze stanowiska ${c.deskId} ${c.entity === 'bank_statements' ? '(i wpłaty z drugiego importu wyciągu — żadna nie jest policzona dwa razy)' : '(i to, co od niego zależało)'} nie został zapisany i zniknął z tamtego stanowiska. Sprawdź zachowany zapis i zatwierdź.`
        : `Dwa stanowiska zmieniły te same dane, zanim się zsynchronizowały. Wybierz, która wartość ma zostać.`,
      fields: fields.map((field) => ({ field, label: syncFieldLabel(field), hubValue: current[field] ?? null, openedValue: opened[field] ?? null, deskValue: desk[field] ?? null })),
      // The kept record of a unique clash is not edited by settling it: nothing can be reverted.
      movedSince: moved && !unique ? lastChange(c.entity, c.entityId, current) : null,
      deskId: c.deskId,
      status: c.status,
      resolution: c.resolution,
      resolvedBy: c.resolvedBy,
      resolvedAt: c.resolvedAt,
      createdAt: c.createdAt,
    }
  }

  /** The record as this desk holds it now: the hub's latest it has seen, under its own queued changes. */
  const currentRow = (entity: string, id: string): Record<string, unknown> | null => {
    const table = tablesByName.get(entity)
    if (!table) return null
    return (s.db.orm.select().from(table).where(eq((table as unknown as { id: Parameters<typeof eq>[0] }).id, id)).get() as Record<string, unknown> | undefined) ?? null
  }

  /** Who changed the record last (the station, as the hub reported it) and when (its updatedAt). */
  const lastChange = (entity: string, id: string, row: Record<string, unknown>) => {
    const version = s.db.orm.select().from(syncVersions).where(eq(syncVersions.id, `${entity}/${id}`)).get()
    return { deskId: version?.deskId ?? null, at: typeof row.updatedAt === 'string' ? row.updatedAt : null }
  }

  return {
    status,

    async syncNow(): Promise<SyncStatus> {
      // A round reports its failure in the state (lastError), it never throws; the state is the answer.
      await s.sync.syncOnce()
      return status()
    },

    async configure(
      session: StaffSession,
      hubUrl: string,
      deskToken: string,
      tls: { hubCa?: string | null; hubFingerprint?: string | null; allowPlainHttp?: boolean } = {},
    ): Promise<SyncStatus> {
      // Bookkeeping of this desk only (never synced, never in another desk's audit).
      s.db.orm.update(syncState).set({ hubUrl, deskToken }).where(eq(syncState.id, 1)).run()
      // A new CA or fingerprint replaces the pin this desk had; none given keeps it.
      const had = readSavedHubTrust(s.db.orm)
      const pinned = tls.hubCa || tls.hubFingerprint ? { caPem: tls.hubCa ?? null, fingerprint: tls.hubFingerprint ?? null } : { caPem: had.caPem, fingerprint: had.fingerprint }
      s.db.write({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'sync.configure' }, (tx) => {
        tx.note('sync_state', '1', { hubUrl })
        writeHubTrust(tx, { ...pinned, allowPlainHttp: tls.allowPlainHttp ?? had.allowPlainHttp })
      })
      await s.sync.syncOnce()
      return status()
    },

    conflicts(): SyncConflictView[] {
      return s.db.orm.select().from(syncConflicts).where(eq(syncConflicts.status, 'open')).orderBy(syncConflicts.createdAt).all().map(toView)
    },

    /** Resolving is an ordinary change (so it works offline): the chosen values, and the record closed. */
    resolve(session: StaffSession, id: string, choice: 'hub' | 'desk'): SyncConflictView {
      const c = s.db.orm.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get()
      if (!c) throw new ApiError('NOT_FOUND', 'Konflikt: nie istnieje', 'id')
      if (c.status === 'resolved') throw new ApiError('CONFLICT', 'Konflikt został już rozstrzygnięty', 'id')
      const table = tablesByName.get(c.entity)
      if (!table) throw new ApiError('CONFLICT', `Nieznany rodzaj rekordu: ${c.entity}`)
      // A second claim of a unique key: the office keeps the first record (the other was never stored).
      if (c.kind === 'unique' && choice !== 'hub') throw new ApiError('CONFLICT', 'Biuro może mieć tylko jeden taki zapis — zostaje ten zapisany na serwerze; zatwierdź go', 'choice')
      s.db.write({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'sync.resolveConflict' }, (tx) => {
        // Keeping the office's value writes nothing: the record keeps its CURRENT value, also one a
        // third desk wrote after the conflict opened (writing the value from back then would
        // silently revert it). Taking the other desk's value is an ordinary edit of what is shown.
        if (choice === 'desk') tx.update(table as never, c.entityId, JSON.parse(c.deskValues) as never)
        tx.update(syncConflicts, id, { status: 'resolved', resolution: choice, resolvedBy: session.staffId, resolvedAt: tx.now })
      })
      return toView(s.db.orm.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get()!)
    },

    problems(): SyncProblem[] {
      const quarantined = s.sync.quarantined().map((q) => {
        const e = JSON.parse(q.entry) as { seq: number; entity: string; entityId: string }
        return { counter: -e.seq, at: q.at, entity: e.entity, entityId: e.entityId, ...describe(e.entity, e.entityId), status: 'quarantined', reason: `Zmiana z serwera (nr ${e.seq}) odłożona na tym stanowisku: ${q.error}` }
      })
      return [...quarantined, ...s.db.orm
        .select()
        .from(changeLog)
        .where(and(isNotNull(changeLog.hubStatus), ne(changeLog.hubStatus, 'applied'), inArray(changeLog.hubStatus, ['rejected', 'lost', 'conflict', 'partial', 'ignored'])))
        .orderBy(sql`${changeLog.counter} DESC`)
        .limit(200)
        .all()
        .map((c) => ({ counter: c.counter, at: c.at, entity: c.entity, entityId: c.entityId, ...describe(c.entity, c.entityId), status: c.hubStatus!, reason: c.hubReason }))]
    },

    async resetFromSnapshot(): Promise<SyncStatus> {
      try {
        await s.sync.resetFromSnapshot()
        await s.sync.syncOnce()
      } catch (err) {
        throw hubProblem(err, 'Nie udało się wczytać danych od nowa z serwera synchronizacji (dane stanowiska są bez zmian)')
      }
      return status()
    },
  }
}

/**
 * A new desk (or a replacement PC under an old station code) joins the office: the hub's snapshot
 * and this desk's station, hub address and token are committed together, or nothing is (a desk
 * killed half-way stays at first start and the join can be retried). Then it syncs.
 */
export async function joinOffice(s: Services, input: { stationCode: string; stationName: string; hubUrl: string; deskToken: string }): Promise<SyncStatus> {
  const station = { stationCode: input.stationCode, stationName: input.stationName }
  try {
    await s.sync.join(s.sync.joinTransport(input.hubUrl, input.deskToken), input.stationCode, (orm) => {
      writeStationRow(orm, station, s.now().toISOString())
      orm.update(syncState).set({ hubUrl: input.hubUrl, deskToken: input.deskToken, lastError: null, lastErrorCode: null }).where(eq(syncState.id, 1)).run()
    })
  } catch (err) {
    // A token issued for another desk: the typed desk code is what differs (the token is fine).
    const tokenDesk = err instanceof HubRefusal ? err.body.tokenDeskId : undefined
    if (tokenDesk) {
      throw new ApiError('CONFLICT', `Kod stanowiska: token wydano dla stanowiska ${tokenDesk}, nie ${input.stationCode} — wpisz kod ${tokenDesk} albo użyj tokenu wydanego dla ${input.stationCode}`, 'stationCode')
    }
    throw hubProblem(err, 'Nie udało się pobrać danych z serwera synchronizacji')
  }
  // Mail this station left "sending" (a replacement PC) waits for staff, never resent blindly.
  s.mail.recoverInterrupted()
  await s.sync.syncOnce()
  return createSyncService(s).status()
}

/**
 * A failed exchange with the hub as an answer for the person at the keyboard — a code and a
 * Polish sentence, never a 500. A refused token belongs next to the token field; anything else
 * is about the address.
 */
function hubProblem(err: unknown, what: string): ApiError {
  if (err instanceof ApiError) return err
  const message = err instanceof Error ? err.message : String(err)
  const field = err instanceof HubRefusal && err.body.code === 'UNAUTHENTICATED' ? 'deskToken' : 'hubUrl'
  return new ApiError('CONFLICT', `${what}: ${message}`, field)
}
