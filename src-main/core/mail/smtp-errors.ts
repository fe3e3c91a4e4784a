// What went wrong with an SMTP attempt, in words a clerk can act on, and what to do next:
// a permanent refusal of this one mail (5xx to its recipient or content) fails the mail; a
// temporary refusal (4xx) retries it later; anything about the server itself (no connection,
// timeout, TLS, login, sender refused) keeps every mail queued and pauses the sender.

export type Disposition = 'permanent' | 'retry' | 'server'

export interface AttemptFailure {
  disposition: Disposition
  /** Polish, for the clerk. */
  message: string
  /** The server's own words, when it said anything. */
  reply: string | null
}

interface SmtpError {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
  timeoutType?: string
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
])

export function describeFailure(raw: unknown, ctx: { host: string; port: number; to: string; timeoutSeconds: number }): AttemptFailure {
  const err = (raw ?? {}) as SmtpError
  const reply = err.response?.trim() || null
  const code = err.responseCode
  const command = err.command ?? ''
  const where = `${ctx.host}:${ctx.port}`

  if (code && code >= 500) {
    if (command.startsWith('RCPT')) return { disposition: 'permanent', message: `Serwer odrzucił adres odbiorcy ${ctx.to} — sprawdź adres e-mail klienta`, reply }
    if (command.startsWith('DATA')) return { disposition: 'permanent', message: 'Serwer odrzucił wiadomość (treść lub załącznik)', reply }
    if (command.startsWith('MAIL')) return { disposition: 'server', message: 'Serwer odrzucił adres nadawcy — sprawdź ustawienia poczty (adres nadawcy)', reply }
    if (command.startsWith('AUTH')) return { disposition: 'server', message: 'Serwer odrzucił login lub hasło skrzynki — sprawdź ustawienia poczty', reply }
    return { disposition: 'server', message: `Serwer poczty odmówił (${code})`, reply }
  }
  if (code && code >= 400) {
    if (command.startsWith('RCPT') || command.startsWith('DATA')) return { disposition: 'retry', message: 'Serwer chwilowo nie przyjął wiadomości; kolejna próba później', reply }
    return { disposition: 'server', message: `Serwer poczty chwilowo niedostępny (${code})`, reply }
  }

  const system = err.originalCode ?? ''
  if (err.code === 'EENVELOPE') return { disposition: 'permanent', message: `Niepoprawny adres odbiorcy: ${ctx.to}`, reply }
  if (err.code === 'ETIMEDOUT') {
    return { disposition: 'server', message: `Serwer ${where} nie odpowiedział w ciągu ${ctx.timeoutSeconds} s`, reply }
  }
  if (system === 'ECONNREFUSED') return { disposition: 'server', message: `Serwer ${where} odmówił połączenia — sprawdź adres i port`, reply }
  if (system === 'ENOTFOUND' || system === 'EAI_AGAIN' || err.code === 'EDNS') return { disposition: 'server', message: `Nie znaleziono serwera ${ctx.host} — sprawdź adres serwera i połączenie z siecią`, reply }
  if (CERTIFICATE_CODES.has(system) || CERTIFICATE_CODES.has(err.code ?? '')) {
    return { disposition: 'server', message: `Certyfikat serwera ${ctx.host} nie jest zaufany`, reply }
  }
  if (err.code === 'ETLS') return { disposition: 'server', message: 'Nie udało się nawiązać połączenia szyfrowanego (TLS) — sprawdź tryb szyfrowania i port', reply }
  if (err.code === 'EAUTH') return { disposition: 'server', message: 'Logowanie do serwera poczty nie powiodło się — sprawdź login i hasło', reply }
  if (err.code === 'ECONNECTION' || err.code === 'ESOCKET' || system === 'ECONNRESET' || system === 'EPIPE') {
    return { disposition: 'server', message: `Serwer ${where} zerwał połączenie przed potwierdzeniem wiadomości`, reply }
  }
  if (err.code === 'EPROTOCOL') return { disposition: 'server', message: `Serwer ${where} odpowiada niezgodnie z protokołem SMTP — czy to na pewno serwer poczty?`, reply }
  return { disposition: 'server', message: `Błąd wysyłki: ${err.message ?? String(raw)}`, reply }
}

/** Minutes to wait before the n-th retry (n ≥ 1): quick at first, then at most hourly. */
export function retryDelayMinutes(attempt: number): number {
  const steps = [1, 2, 5, 10, 30, 60]
  return steps[Math.min(Math.max(attempt, 1), steps.length) - 1]
}

/** After this many temporary refusals of one mail it is failed and shown to staff. */
export const MAX_ATTEMPTS = 10
