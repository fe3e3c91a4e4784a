// How an SMTP failure is told to staff and what happens to the mail (src-main/core/mail/smtp-errors.ts),
// and the office-time conversion used for signature times.
import { describe, expect, it } from 'vitest'
import { officeInstant } from '../../shared/domain/dates'
import { describeFailure, retryDelayMinutes } from '../../src-main/core/mail/smtp-errors'

const ctx = { host: 'smtp.example.pl', port: 587, to: 'jan@example.pl', timeoutSeconds: 30 }

describe('SMTP failures', () => {
  it('a 5xx to the recipient fails that mail; a 5xx to the sender or the login is a server problem', () => {
    expect(describeFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 User unknown' }, ctx)).toEqual({
      disposition: 'permanent',
      message: 'Serwer odrzucił adres odbiorcy jan@example.pl — sprawdź adres e-mail klienta',
      reply: '550 5.1.1 User unknown',
    })
    expect(describeFailure({ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 Message size exceeds limit' }, ctx).disposition).toBe('permanent')
    expect(describeFailure({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 Sender rejected' }, ctx).disposition).toBe('server')
    expect(describeFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 Authentication failed' }, ctx)).toMatchObject({ disposition: 'server', message: 'Serwer odrzucił login lub hasło skrzynki — sprawdź ustawienia poczty' })
  })

  it('a 4xx is retried; no connection, timeouts and certificates pause the sender', () => {
    expect(describeFailure({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 Try later' }, ctx).disposition).toBe('retry')
    expect(describeFailure({ code: 'ETIMEDOUT', command: 'CONN' }, ctx)).toMatchObject({ disposition: 'server', message: 'Serwer smtp.example.pl:587 nie odpowiedział w ciągu 30 s' })
    expect(describeFailure({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }, ctx).message).toContain('odmówił połączenia')
    expect(describeFailure({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, ctx).message).toBe('Certyfikat serwera smtp.example.pl nie jest zaufany')
    expect(describeFailure({ code: 'EDNS', originalCode: 'ENOTFOUND' }, ctx).message).toContain('Nie znaleziono serwera smtp.example.pl')
  })

  it('backs off quickly at first, then hourly at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMinutes)).toEqual([1, 2, 5, 10, 30, 60, 60, 60])
  })
})

describe('office time', () => {
  it('turns a Warsaw wall-clock time into the instant, in winter and in summer', () => {
    expect(officeInstant('2026-01-15', '10:40')).toBe('2026-01-15T09:40:00.000Z')
    expect(officeInstant('2026-07-15', '10:40')).toBe('2026-07-15T08:40:00.000Z')
    expect(officeInstant('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z') // the repeated hour: the first (summer) one
  })
})
