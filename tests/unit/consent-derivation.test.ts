// The consent state is derived from append-only events (shared/domain/consents.ts): checked on
// examples and against a simple model on random event histories.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deliveryOf, deriveConsents, type ConsentAction, type ConsentFact } from '../../shared/domain/consents'

let seq = 0
const ev = (action: ConsentAction, effectiveOn: string, over: Partial<ConsentFact> = {}): ConsentFact => ({
  id: `e${String(++seq).padStart(4, '0')}`,
  type: 'e_invoice',
  action,
  scope: action === 'accept' ? ['invoices', 'corrections'] : null,
  email: action === 'withdraw' ? null : 'jan@example.pl',
  phone: null,
  textVersion: action === 'accept' ? '2024.1' : null,
  effectiveOn,
  registeredAt: `${effectiveOn}T09:00:00.000Z`,
  refersTo: null,
  ...over,
})

describe('examples', () => {
  it('no events: paper, whatever else is known about the customer', () => {
    const s = deriveConsents([], '2026-01-01')
    expect(deliveryOf(s.e_invoice)).toEqual({ channel: 'paper', email: null, since: null, acceptanceId: null, scope: [] })
  })

  it('accept → e-mail from its effective date; withdraw → paper from its date; history stays answerable', () => {
    const a = ev('accept', '2026-02-01')
    const w = ev('withdraw', '2026-05-10')
    const events = [w, a] // order of storage does not matter
    expect(deliveryOf(deriveConsents(events, '2026-01-31').e_invoice).channel).toBe('paper')
    expect(deliveryOf(deriveConsents(events, '2026-03-01').e_invoice)).toMatchObject({ channel: 'email', email: 'jan@example.pl', since: '2026-02-01', acceptanceId: a.id })
    const after = deriveConsents(events, '2026-05-10')
    expect(deliveryOf(after.e_invoice)).toMatchObject({ channel: 'paper', since: '2026-05-10' })
    expect(deriveConsents(events, '2026-03-01').e_invoice.upcoming).toEqual({ id: w.id, action: 'withdraw', effectiveOn: '2026-05-10' })
  })

  it('change of e-mail applies only to an acceptance in force; documents outside the scope stay on paper', () => {
    const events = [ev('change_email', '2026-01-05', { email: 'wczesny@example.pl' }), ev('accept', '2026-02-01'), ev('change_email', '2026-03-01', { email: 'nowy@example.pl' })]
    const s = deriveConsents(events, '2026-04-01').e_invoice
    expect(s.email).toBe('nowy@example.pl')
    expect(deliveryOf(s, 'corrections').channel).toBe('email')
    expect(deliveryOf(s, 'reminders').channel).toBe('paper')
  })

  it('an annulled event drops out, and so does the annulment itself', () => {
    const a = ev('accept', '2026-02-01')
    const annul = ev('annul', '2026-02-02', { refersTo: a.id })
    expect(deriveConsents([a, annul], '2026-03-01').e_invoice.active).toBe(false)
  })

  it('the same day: the later registration wins', () => {
    const a = ev('accept', '2026-02-01', { registeredAt: '2026-02-01T08:00:00.000Z' })
    const w = ev('withdraw', '2026-02-01', { registeredAt: '2026-02-01T12:00:00.000Z' })
    expect(deriveConsents([w, a], '2026-02-01').e_invoice.active).toBe(false)
  })
})

describe('against a model', () => {
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`)
  const action = fc.constantFrom<ConsentAction>('accept', 'withdraw', 'change_email')

  it('active on a date ⇔ the last accept/withdraw in effect by then is an accept; the e-mail is the latest one given since', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(action, day, fc.nat(99)), { maxLength: 25 }), day, (raw, asOf) => {
        const events = raw.map(([a, d, n], i) => ev(a, d, { id: `x${String(i).padStart(3, '0')}`, registeredAt: `${d}T10:${String(n % 60).padStart(2, '0')}:00.000Z`, email: `m${i}@example.pl` }))
        const inEffect = [...events]
          .filter((e) => e.effectiveOn <= asOf)
          .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.registeredAt.localeCompare(b.registeredAt) || a.id.localeCompare(b.id))
        let active = false
        let email: string | null = null
        for (const e of inEffect) {
          if (e.action === 'accept') [active, email] = [true, e.email]
          else if (e.action === 'withdraw') [active, email] = [false, null]
          else if (active) email = e.email
        }
        const s = deriveConsents(events, asOf).e_invoice
        expect(s.active).toBe(active)
        expect(s.email).toBe(email)
        expect(deliveryOf(s).channel).toBe(active ? 'email' : 'paper')
      }),
      { numRuns: 300 },
    )
  })
})
