// A small office for the billing, invoice and payment tests: tariff groups with dated prices,
// customers (people and a company with a NIP) with contracts, meters and readings, an e-invoice
// acceptance for some, and a real SMTP server on loopback that the desk's sender delivers to.
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { InputOf } from '../../shared/api/contract'
import type { ReadingKind } from '../../shared/domain/consumption'
import { readings, tariffGroups } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import { makeSetUpDesk, type TestDesk } from './desk'

export const seedCtx = { staffId: null, stationCode: 'K1', operation: 'test.seed' }

export interface Smtp {
  inbox: ParsedMail[]
  port: number
  close(): Promise<void>
}

export async function startSmtp(): Promise<Smtp> {
  const inbox: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => inbox.push(mail))
        .then(() => callback(), callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { inbox, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

export async function makeBillingDesk(now: () => Date, smtp: Smtp): Promise<{ desk: TestDesk; token: string }> {
  const made = await makeSetUpDesk({ now, mailSender: 'manual' })
  await made.desk.call(
    'mail.updateSettings',
    { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'PGK Zamość', replyTo: null, timeoutSeconds: 10, allowInvalidCertificate: false },
    made.token,
  )
  return made
}

/** Tariff groups (no API creates them: they come with the office's approved tariff) and their prices through the API. */
export async function seedTariffs(desk: TestDesk, token: string): Promise<Record<'paper' | 'eInvoice' | 'business', string>> {
  const groups = {
    paper: { code: 'GD-P', name: 'Gospodarstwa domowe — faktura papierowa', billingCycle: 'bimonthly' as const, eInvoice: false, abonament: ['11,90', '12,30'] },
    eInvoice: { code: 'GD-E', name: 'Gospodarstwa domowe — e-faktura', billingCycle: 'bimonthly' as const, eInvoice: true, abonament: ['9,85', '10,20'] },
    business: { code: 'PO-P', name: 'Pozostali odbiorcy — faktura papierowa', billingCycle: 'monthly' as const, eInvoice: false, abonament: ['11,90', '12,30'] },
  }
  const ids = {} as Record<keyof typeof groups, string>
  for (const [key, g] of Object.entries(groups) as [keyof typeof groups, (typeof groups)[keyof typeof groups]][]) {
    const id = newId()
    desk.services.db.write(seedCtx, (tx) => tx.insert(tariffGroups, { id, code: g.code, name: g.name, billingCycle: g.billingCycle, eInvoice: g.eInvoice, createdAt: tx.now, updatedAt: tx.now }))
    await desk.call('tariffs.addPrice', { tariffGroupId: id, validFrom: '2025-01-01', waterNet: '3,46', sewageNet: '4,46', abonamentNet: g.abonament[0], vatRate: '8' }, token)
    await desk.call('tariffs.addPrice', { tariffGroupId: id, validFrom: '2026-01-01', waterNet: '3,55', sewageNet: '4,60', abonamentNet: g.abonament[1], vatRate: '8' }, token)
    ids[key] = id
  }
  return ids
}

let serial = 0

export interface SeededAccount {
  customerId: string
  customerNo: string
  bankAccount: string
  contractId: string
  supplyPointId: string
  meterId: string
}

/** A customer with a contract at an address and a main meter installed on 2024-01-02 at 0 m³. */
export async function seedAccount(
  desk: TestDesk,
  token: string,
  tariffGroupId: string,
  customer: InputOf<'customers.create'>,
  opts: { street?: string; houseNo?: string; flatNo?: string | null; services?: 'water' | 'sewage' | 'water_sewage'; since?: string } = {},
): Promise<SeededAccount> {
  serial++
  const c = await desk.call('customers.create', customer, token)
  const k = await desk.call(
    'contracts.create',
    {
      customerId: c.id,
      supplyPointAddress: { street: opts.street ?? customer.correspondenceAddress.street, houseNo: opts.houseNo ?? customer.correspondenceAddress.houseNo, flatNo: opts.flatNo ?? null, postalCode: '22-400', city: 'Zamość' },
      services: opts.services ?? 'water_sewage',
      tariffGroupId,
      startDate: opts.since ?? '2024-01-02',
    },
    token,
  )
  const m = await desk.call(
    'meters.install',
    {
      supplyPointId: k.supplyPoint.id,
      serialNo: `ZM${String(50_000_000 + serial)}`,
      kind: 'main',
      diameterMm: 15,
      installedOn: opts.since ?? '2024-01-02',
      legalisationYear: 2024,
      sealNo: `PL${String(2_000_000 + serial)}`,
      initialM3: 0,
    },
    token,
  )
  return { customerId: c.id, customerNo: c.customerNo, bankAccount: c.bankAccount, contractId: k.id, supplyPointId: k.supplyPoint.id, meterId: m.id }
}

export async function installGardenMeter(desk: TestDesk, token: string, supplyPointId: string): Promise<string> {
  serial++
  const m = await desk.call(
    'meters.install',
    { supplyPointId, serialNo: `OG${String(60_000_000 + serial)}`, kind: 'additional', diameterMm: 15, installedOn: '2024-01-02', legalisationYear: 2024, sealNo: `PL${String(3_000_000 + serial)}`, initialM3: 0 },
    token,
  )
  return m.id
}

/** Readings already in the database (e.g. from the reader's terminal). */
export function seedReadings(desk: TestDesk, meterId: string, list: Array<[readOn: string, valueM3: number, kind?: ReadingKind]>): void {
  desk.services.db.write(seedCtx, (tx) => {
    for (const [readOn, valueM3, kind = 'reader'] of list) tx.insert(readings, { id: newId(), meterId, readOn, valueM3, kind, source: null, note: null, createdBy: null, createdAt: tx.now })
  })
}

/** The customer accepts e-invoices at the counter (paper form), effective on `signedOn`. */
export async function acceptEInvoices(desk: TestDesk, token: string, customerId: string, email: string, signedOn: string): Promise<void> {
  await desk.call(
    'consents.accept',
    {
      customerId,
      type: 'e_invoice',
      scope: ['invoices', 'duplicates', 'corrections'],
      textVersion: '2024.1',
      email,
      signedOn,
      effectiveOn: signedOn,
      channel: 'paper',
      signerKind: 'customer',
    },
    token,
  )
}

export { nbsp, pdfText, qpdfCheck, SHARED, xmllintFa3 } from './documents'
