// The global customer search on a small demo office: typed without Polish letters, by number,
// identifier or address, and safe whatever is typed into the box.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerSearchHit } from '../../shared/api/types'
import { readFileSync } from 'node:fs'
import { INDEX_INSERT_SQL, SEARCH_STATEMENTS, searchCustomers } from '../../src-main/core/customers/search'
import { foldText } from '../../shared/domain/text'
import { customers } from '../../src-main/db/schema'
import { makeTestDesk, type TestDesk } from '../support/desk'

const NOW = new Date('2026-05-15T08:00:00Z')

let desk: TestDesk
let token: string

const search = (query: string, limit = 20): Promise<CustomerSearchHit[]> => desk.call('customers.search', { query, limit }, token)
const rows = <T>(sql: string, ...params: unknown[]): T[] => desk.services.db.readSql.prepare(sql).all(...params) as T[]

interface CustomerRow {
  id: string
  customer_no: string
  first_name: string | null
  last_name: string | null
  pesel: string | null
  nip: string | null
}

beforeAll(async () => {
  desk = makeTestDesk({ now: () => NOW })
  await desk.call('system.loadDemo', { seed: 11, customers: 400 })
  token = (await desk.call('staff.login', { login: 'urzednik', password: 'Demo-Krucza-10' })).token
})
afterAll(() => desk?.dispose())

describe('customer search', () => {
  it('finds names with Polish letters when typed without them, ł → l included', async () => {
    const lukasz = rows<CustomerRow>("SELECT * FROM customers WHERE first_name = 'Łukasz'")
    expect(lukasz.length, 'the demo office (seed 11) has customers named Łukasz').toBeGreaterThan(0)
    for (const typed of ['lukasz', 'LUKASZ', 'Łukasz', 'łuk']) {
      const ids = (await search(typed, 100)).map((h) => h.id)
      for (const c of lukasz) expect(ids, typed).toContain(c.id)
    }
    const hits = await search('lukasz', 100)
    expect(hits.every((h) => h.displayName.includes('Łukasz') || /lukasz/i.test(h.address)), 'only Łukasz matches').toBe(true)

    const wroblewscy = rows<CustomerRow>("SELECT * FROM customers WHERE last_name IN ('Wróblewski', 'Wróblewska')")
    expect(wroblewscy.length).toBeGreaterThan(0)
    const found = (await search('wroblewsk', 100)).map((h) => h.id)
    for (const c of wroblewscy) expect(found).toContain(c.id)
    for (const c of wroblewscy) expect((await search(c.last_name!.replace('ó', 'o'), 100)).map((h) => h.id)).toContain(c.id)
  })

  it('matches first and last name together, in any order and by prefix', async () => {
    const [c] = rows<CustomerRow>("SELECT * FROM customers WHERE kind = 'person' AND (last_name LIKE '%ł%' OR first_name LIKE '%ł%') ORDER BY customer_no LIMIT 1")
    const fold = (s: string) => s.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '')
    for (const typed of [`${fold(c.first_name!)} ${fold(c.last_name!)}`, `${fold(c.last_name!)} ${fold(c.first_name!)}`, `${fold(c.last_name!).slice(0, 4)} ${fold(c.first_name!).slice(0, 3)}`]) {
      expect((await search(typed)).map((h) => h.id), typed).toContain(c.id)
    }
  })

  it('puts an exact customer number first', async () => {
    const [c] = rows<CustomerRow>("SELECT * FROM customers WHERE customer_no = '100123'")
    const hits = await search('100123')
    expect(hits[0]).toMatchObject({ id: c.id, customerNo: '100123', exactMatch: 'customerNo' })
    expect(hits.slice(1).every((h) => h.exactMatch === null)).toBe(true)
  })

  it('puts an exact PESEL first, also typed with spaces', async () => {
    const [c] = rows<CustomerRow>("SELECT * FROM customers WHERE pesel IS NOT NULL ORDER BY customer_no DESC LIMIT 1")
    expect((await search(c.pesel!))[0]).toMatchObject({ id: c.id, exactMatch: 'pesel' })
    const spaced = `${c.pesel!.slice(0, 6)} ${c.pesel!.slice(6)}`
    expect((await search(spaced))[0]).toMatchObject({ id: c.id, exactMatch: 'pesel' })
  })

  it('puts an exact NIP first, typed with dashes, spaces or PL', async () => {
    const [c] = rows<CustomerRow>("SELECT * FROM customers WHERE nip IS NOT NULL ORDER BY customer_no LIMIT 1")
    const n = c.nip!
    for (const typed of [n, `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`, `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5, 7)}-${n.slice(7)}`, `PL ${n}`, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: c.id, exactMatch: 'nip' })
    }
  })

  it('puts the holder of a meter first by its number, in any case and with spaces', async () => {
    const [m] = rows<{ serial_no: string; customer_id: string }>(
      `SELECT m.serial_no, k.customer_id FROM meters m JOIN contracts k ON k.supply_point_id = m.supply_point_id
        WHERE m.state = 'active' AND k.status = 'active' ORDER BY m.serial_no LIMIT 1`,
    )
    for (const typed of [m.serial_no, m.serial_no.toLowerCase(), `${m.serial_no.slice(0, 2)} ${m.serial_no.slice(2, 6)} ${m.serial_no.slice(6)}`]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: m.customer_id, exactMatch: 'meterNo' })
    }
    // A prefix of the number is an ordinary text match.
    expect((await search(m.serial_no.slice(0, 7))).map((h) => h.id)).toContain(m.customer_id)
  })

  it('finds an address typed without Polish letters, the exact house number first', async () => {
    const [c] = rows<CustomerRow & { corr_house_no: string }>(
      "SELECT * FROM customers WHERE corr_street = 'Partyzantów' AND corr_house_no GLOB '[0-9]*' ORDER BY length(corr_house_no), corr_house_no LIMIT 1",
    )
    expect(c, 'someone lives at ul. Partyzantów').toBeDefined()
    const hits = await search(`partyzantow ${c.corr_house_no}`)
    expect(hits.map((h) => h.id)).toContain(c.id)
    expect(hits[0].address).toMatch(new RegExp(`^ul\\. Partyzantów ${c.corr_house_no}[/,]`))
    const streetOnly = await search('partyzantow', 100)
    expect(streetOnly.length).toBeGreaterThan(5)
    expect(streetOnly.filter((h) => !h.address.includes('Partyzantów')).length).toBeLessThan(streetOnly.length / 2)
    expect((await search('ŁĄKOWA')).every((h) => h.address.includes('Łąkowa') || h.exactMatch === null)).toBe(true)
  })

  it('finds a customer who calls by the phone number, typed with or without spaces', async () => {
    const [c] = rows<CustomerRow & { phone: string }>("SELECT * FROM customers WHERE phone LIKE '% % %' ORDER BY customer_no DESC LIMIT 1")
    expect(c, 'the demo office has phone numbers written with spaces').toBeDefined()
    for (const typed of [c.phone, c.phone.replace(/\s/g, ''), c.phone.replace(/\s/g, '-')]) {
      expect((await search(typed)).map((h) => h.id), typed).toContain(c.id)
    }
  })

  it('finds the customer by an invoice number, as printed or in lower case, and says so', async () => {
    const [inv] = rows<{ number: string; customer_id: string }>("SELECT number, customer_id FROM invoices WHERE kind = 'invoice' ORDER BY number DESC LIMIT 1")
    expect(inv, 'the demo office has invoices').toBeDefined()
    for (const typed of [inv.number, inv.number.toLowerCase(), ` ${inv.number} `]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: inv.customer_id, exactMatch: 'invoiceNo' })
    }
  })

  it('finds the holder of a meter by its number typed without the letter prefix', async () => {
    const [m] = rows<{ serial_no: string; customer_id: string }>(
      `SELECT m.serial_no, k.customer_id FROM meters m JOIN contracts k ON k.supply_point_id = m.supply_point_id
        WHERE m.state = 'active' AND k.status = 'active' ORDER BY m.serial_no DESC LIMIT 1`,
    )
    const digits = m.serial_no.replace(/^[A-Z]+/, '')
    expect(digits).not.toBe(m.serial_no)
    for (const typed of [digits, `${digits.slice(0, 4)} ${digits.slice(4)}`]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: m.customer_id, exactMatch: 'meterNo' })
    }
  })

  it("finds the customer by the individual bank account, with any spacing and with PL", async () => {
    const [c] = rows<CustomerRow & { bank_account: string }>('SELECT * FROM customers ORDER BY customer_no LIMIT 1 OFFSET 17')
    const nrb = c.bank_account.replace(/\s/g, '')
    expect(nrb).toMatch(/^\d{26}$/)
    const grouped = `${nrb.slice(0, 2)} ${nrb.slice(2).replace(/(\d{4})/g, '$1 ').trim()}`
    for (const typed of [nrb, grouped, `PL${nrb}`, `PL ${grouped}`, nrb.replace(/(\d{2})/g, '$1 ')]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: c.id, exactMatch: 'bankAccount' })
    }
  })

  it('finds the customer by an e-mail address in any case', async () => {
    const [c] = rows<CustomerRow & { email: string }>("SELECT * FROM customers WHERE email IS NOT NULL ORDER BY customer_no DESC LIMIT 1")
    for (const typed of [c.email, c.email.toUpperCase()]) {
      expect((await search(typed))[0], typed).toMatchObject({ id: c.id, exactMatch: 'email' })
    }
  })

  it('finds an address typed with "ul." and with the flat as "/5" or "m. 5"', async () => {
    const [c] = rows<CustomerRow & { corr_street: string; corr_house_no: string; corr_flat_no: string }>(
      "SELECT * FROM customers WHERE corr_flat_no IS NOT NULL AND corr_street NOT LIKE '% %' AND corr_house_no GLOB '[0-9]*' AND corr_house_no NOT GLOB '*[A-Z]' ORDER BY customer_no LIMIT 1",
    )
    const { corr_street: street, corr_house_no: house, corr_flat_no: flat } = c
    for (const typed of [`ul. ${street} ${house}/${flat}`, `${street} ${house} m. ${flat}`, `ul. ${street} ${house} m. ${flat}`, `${street} ${house} m ${flat}`, `ul ${street} ${house}`]) {
      const hits = await search(typed)
      expect(hits.map((h) => h.id), typed).toContain(c.id)
      expect(hits[0].address, typed).toMatch(new RegExp(`^ul\\. ${street} ${house}[/,]`))
    }
  })

  it('looks every identifier up through an index: no scan of customers, meters or invoices', async () => {
    const [c] = rows<CustomerRow & { bank_account: string; email: string }>('SELECT * FROM customers WHERE email IS NOT NULL AND bank_account IS NOT NULL LIMIT 1')
    const [inv] = rows<{ number: string }>('SELECT number FROM invoices LIMIT 1')
    const [m] = rows<{ serial_no: string }>('SELECT serial_no FROM meters LIMIT 1')
    const digits = m.serial_no.replace(/^[A-Z]+/, '')
    // The search prepares its statements once per connection and makes no lookup outside
    // SEARCH_STATEMENTS: the plan of each, with the values a clerk would type, is the plan it runs
    // (a Record of them all: a new statement does not compile here until its plan is checked).
    const params: Record<keyof typeof SEARCH_STATEMENTS, unknown[]> = {
      customerNo: [c.customer_no, c.customer_no],
      pesel: ['85010112345'],
      nip: ['9220003560'],
      meterSerial: [m.serial_no],
      meterDigits: [digits],
      meterSerialKnown: [m.serial_no],
      meterDigitsKnown: [digits],
      invoiceNo: [inv.number],
      bankAccount: [c.bank_account],
      email: [c.email, c.email.toLowerCase()],
      matching: ['"lwowska"* AND "12"*', 100],
      matchingAfter: ['"lwowska"* AND "12"*', 1000, 100],
      byIds: [JSON.stringify([c.id, inv.number])],
    }
    const plans = Object.fromEntries(
      Object.entries(SEARCH_STATEMENTS).map(([name, source]) => [
        name,
        rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${source}`, ...params[name as keyof typeof SEARCH_STATEMENTS]).map((r) => r.detail),
      ]),
    )
    const all = Object.entries(plans).flatMap(([name, details]) => details.map((d) => `${name}: ${d}`))
    expect(plans.meterDigits.some((d) => /meters_serial_digits/.test(d)), all.join('\n')).toBe(true)
    expect(plans.meterDigitsKnown.some((d) => /^SEARCH m USING .*meters_serial_digits/.test(d)), all.join('\n')).toBe(true)
    expect(plans.meterSerialKnown.some((d) => /^SEARCH m USING .*meters_serial \(serial_no=\?\)/.test(d)), all.join('\n')).toBe(true)
    expect(plans.bankAccount.some((d) => /customers_bank_account/.test(d)), all.join('\n')).toBe(true)
    expect(all.filter((d) => /: SCAN (customers|meters|invoices|c|m|i)\b(?! USING)/.test(d)), all.join('\n')).toEqual([])
    // And these are the lookups the search answers with.
    expect((await search(inv.number)).map((h) => h.exactMatch)).toContain('invoiceNo')
    expect((await search(digits)).map((h) => h.exactMatch)).toContain('meterNo')
    expect((await search(c.bank_account))[0]).toMatchObject({ id: c.id, exactMatch: 'bankAccount' })
  })

  it('the migration that rebuilt the index used the statement the app indexes with', () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/;$/, '')
    const migration = readFileSync(new URL('../../resources/migrations/0015_customer_search_apostrophes_meter_digits.sql', import.meta.url), 'utf8')
    const insert = migration.split('--> statement-breakpoint').map(flat).find((st) => st.startsWith('INSERT INTO customer_search'))
    expect(insert).toBe(flat(INDEX_INSERT_SQL))
  })

  it('returns nothing for empty input and respects the limit', async () => {
    expect(await search('')).toEqual([])
    expect(await search('   ')).toEqual([])
    expect(await search('zz')).toEqual([])
    expect((await search('a', 5)).length).toBeLessThanOrEqual(5)
    expect((await search('zamosc', 7)).length).toBe(7)
  })

  it('never fails whatever is typed: FTS syntax, quotes, unicode', async () => {
    const nasty = [
      '"', '""', "'", '*', '**', '"*"', 'NEAR(', 'NEAR(a b', 'a NEAR b', '-', '--', '- kowal', ')', '(', '()', '^', ':', 'body:kowal',
      'customer_id:1', 'AND', 'OR', 'NOT', 'a OR b', 'kowal*', '"kowal', "O'Brien", 'Żółkiewski"', '\\', '%', '_', ';', '; DROP TABLE customers; --',
      '{', '[', '+', '~', '\u0000', '\u200b', '🙂', 'ẞ', 'İstanbul', '中文', 'ǅ', '\u0301', 'a\u0301', '12/3', '22-400', 'ul. Partyzantów 12/3',
      'x'.repeat(200),
    ]
    for (const query of nasty) {
      const result = await desk.dispatch('customers.search', { query, limit: 20 }, token)
      expect(result.ok, JSON.stringify(query)).toBe(true)
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (query) => {
        const result = await desk.dispatch('customers.search', { query, limit: 10 }, token)
        expect(result.ok, JSON.stringify(query)).toBe(true)
        if (result.ok) expect(Array.isArray(result.value)).toBe(true)
      }),
      { numRuns: 120 },
    )
    // The data is intact afterwards.
    expect(rows<{ n: number }>('SELECT count(*) n FROM customers')[0].n).toBe(400)
  })

  it('follows edits made through the normal write path', async () => {
    const created = await desk.call(
      'customers.create',
      {
        kind: 'person',
        firstName: 'Żaneta',
        lastName: 'Łągowska-Ćwik',
        email: 'zaneta@example.pl',
        correspondenceAddress: { street: 'Łąkowa', houseNo: '77', flatNo: '', postalCode: '22-400', city: 'Zamość' },
      },
      token,
    )
    expect((await search('lagowska cwik')).map((h) => h.id)).toContain(created.id)
    await desk.call(
      'customers.update',
      {
        id: created.id,
        data: {
          kind: 'person',
          firstName: 'Żaneta',
          lastName: 'Gołębiowska',
          email: 'zaneta@example.pl',
          correspondenceAddress: { street: 'Łąkowa', houseNo: '77', flatNo: '', postalCode: '22-400', city: 'Zamość' },
        },
      },
      token,
    )
    expect((await search('lagowska cwik')).map((h) => h.id)).not.toContain(created.id)
    expect((await search('golebiowska zaneta')).map((h) => h.id)).toContain(created.id)
    expect((await search(created.customerNo))[0]).toMatchObject({ id: created.id, exactMatch: 'customerNo' })

    // Even a change of the number itself (never done at the counter) leaves no stale index entry.
    desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.renumber' }, (tx) => tx.update(customers, created.id, { customerNo: 'X9-000001' }))
    expect((await search(`${created.customerNo} zaneta`)).map((h) => h.id)).not.toContain(created.id)
    expect((await search('x9 000001 zaneta')).map((h) => h.id)).toContain(created.id)
    expect(rows<{ n: number }>('SELECT count(*) n FROM customer_search WHERE customer_id = ?', created.id)[0].n).toBe(1)
  })

  it("finds names with an apostrophe typed without it", async () => {
    const created = await desk.call(
      'customers.create',
      { kind: 'person', firstName: 'Sean', lastName: "O'Neill", email: null, correspondenceAddress: { street: 'Grecka', houseNo: '3', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
      token,
    )
    for (const typed of ['oneill', 'ONeill', "o'neill", 'O’Neill', 'oneil', 'sean oneill']) {
      expect((await search(typed)).map((h) => h.id), typed).toContain(created.id)
    }
  })

  it('ranks the exact house and flat number first: "Lwowska 12" is Lwowska 12, not Sienkiewicza 39/12', async () => {
    const addr = (street: string, houseNo: string, flatNo: string | null) => ({ street, houseNo, flatNo, postalCode: '22-400', city: 'Zamość' })
    // Someone at Sienkiewicza 39/12 whose water supply is at Lwowska (a flat let out), and someone at Lwowska 12.
    const tenant = await desk.call('customers.create', { kind: 'person', firstName: 'Adam', lastName: 'Lwowski', email: null, correspondenceAddress: addr('Sienkiewicza', '39', '12') }, token)
    const [group] = await desk.call('tariffs.groups', {}, token)
    await desk.call('contracts.create', { customerId: tenant.id, supplyPointAddress: addr('Lwowska', '12', '3'), services: 'water', tariffGroupId: group.id, startDate: '2026-01-01' }, token)
    const resident = await desk.call('customers.create', { kind: 'person', firstName: 'Ewa', lastName: 'Kos', email: null, correspondenceAddress: addr('Lwowska', '12', null) }, token)
    const hits = await search('Lwowska 12')
    expect(hits[0].address, hits.map((h) => h.address).join(' | ')).toMatch(/^ul\. Lwowska 12[/,]/)
    const ids = hits.map((h) => h.id)
    expect(ids.indexOf(resident.id)).toBeLessThan(ids.indexOf(tenant.id))
    for (const h of hits) {
      if (!/^ul\. Lwowska 12[/,]/.test(h.address)) expect(hits.findIndex((x) => x === h), h.address).toBeGreaterThan(hits.findIndex((x) => x.id === resident.id))
    }
  })

  it('reads less with its shortcuts but answers exactly as the plain tier loop, keystroke by keystroke', async () => {
    // Bodies the shortcuts must not read words from (not ASCII after folding), next to plain ones.
    const addr = { street: 'Lwowska', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' }
    await desk.call('customers.create', { kind: 'person', firstName: 'Jürgen', lastName: 'Straße', email: null, correspondenceAddress: addr }, token)
    await desk.call('customers.create', { kind: 'company', companyName: 'Spółdzielnia „Lwowska 12”', nip: '1234567883', email: null, correspondenceAddress: addr }, token)
    // House numbers that addressFit compares without their punctuation ("12a." is 12a), and a flat
    // 12a at another house: "lwowska 12a" puts the house first.
    for (const [houseNo, flatNo] of [['7/9', null], ['12a.', null], ['5 b', null], ['3', '12a']] as const) {
      await desk.call('customers.create', { kind: 'person', firstName: 'Jan', lastName: 'Domowy', email: null, correspondenceAddress: { ...addr, houseNo, flatNo } }, token)
    }
    const people = rows<CustomerRow & Record<string, string | null>>('SELECT * FROM customers WHERE rowid % 16 = 1 ORDER BY rowid')
    const texts = people.flatMap((c) => [
      c.kind === 'person' ? `${foldText(c.last_name!)} ${foldText(c.first_name!)}` : c.company_name,
      `${c.corr_street} ${c.corr_house_no}${c.corr_flat_no ? `/${c.corr_flat_no}` : ''}`,
      `ul. ${foldText(c.corr_street!)} ${c.corr_house_no} m. ${c.corr_flat_no ?? '1'}`,
      c.email,
      c.phone,
      c.nip && `${c.nip.slice(0, 3)}-${c.nip.slice(3, 6)}-${c.nip.slice(6, 8)}-${c.nip.slice(8)}`,
    ])
    // Common words and numbers: tiers with more matches than are read (100), the prefix index.
    texts.push('zamosc 1', '84 5', '22 400 zamosc', 'lwowska 12 3', 'strasse jurgen', 'straße', 'spoldzielnia lwowska 12', 'k 1', 'sp z o o')
    texts.push('lwowska 79', 'lwowska 12a', '12a lwowska', 'lwowska 5b', 'domowy jan lwowska')
    // A phrase from the body's first word on: the customer number and the name.
    texts.push(...people.slice(0, 5).map((c) => `${c.customer_no} ${foldText(c.first_name ?? c.company_name ?? '')}`))
    const typed = new Set(texts.flatMap((t) => (t ? [...t].map((_, i) => t.slice(0, i + 1)) : [])))
    expect(typed.size, 'over a thousand keystrokes').toBeGreaterThan(1000)
    const differ: string[] = []
    for (const query of typed) {
      for (const limit of [3, 12]) {
        const fast = searchCustomers(desk.services.db.readSql, query, limit)
        const plain = searchCustomers(desk.services.db.readSql, query, limit, false)
        if (JSON.stringify(fast) !== JSON.stringify(plain)) differ.push(`${JSON.stringify(query)} (${limit}): ${fast.map((h) => h.customerNo)} ≠ ${plain.map((h) => h.customerNo)}`)
      }
    }
    expect(differ.slice(0, 10)).toEqual([])
  })
})
