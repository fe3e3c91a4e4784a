// What a failure of the desk's own dependencies means for the clerk: the disk (full, read-only,
// failing), a file missing from the data folder, the database busy or damaged, the sync hub or the
// mail server unreachable. Each becomes an API error with a code and a Polish sentence (never a
// 500): the dispatcher passes every thrown value through here. Only what is none of these — a bug
// — stays INTERNAL and is logged with its stack.
import { ApiError } from '../../shared/api/errors'
import { HubRefusal, HubUnreachable } from './hub-client/errors'

const DISK_FULL = 'Brak miejsca na dysku — nic nie zostało zapisane. Zwolnij miejsce na dysku (lub poproś informatyka) i spróbuj ponownie.'
const DISK_ERROR = 'Błąd zapisu lub odczytu na dysku — nic nie zostało zapisane. Spróbuj ponownie; jeśli błąd się powtarza, zgłoś go informatykowi.'
const READ_ONLY = 'Katalog danych jest tylko do odczytu — nic nie zostało zapisane. Sprawdź uprawnienia do katalogu danych programu.'
const DB_BUSY = 'Baza danych jest chwilowo zajęta — spróbuj ponownie za chwilę.'
const DB_DAMAGED = 'Plik bazy danych jest uszkodzony — zamknij program i przywróć bazę z kopii zapasowej (zgłoś to informatykowi).'
const FILE_MISSING = 'Brak pliku w katalogu danych programu (mógł zostać usunięty lub przeniesiony).'
const NETWORK = 'Serwer nie odpowiada'

/** Error codes of Node (fs, net), SQLite (better-sqlite3) and nodemailer, looked up along `cause`. */
function codesOf(err: unknown): string[] {
  const codes: string[] = []
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
  }
  return codes
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET'])
// nodemailer's own codes for a mail server that cannot be reached or refuses.
const MAIL_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'EENVELOPE', 'EMESSAGE', 'EPROTOCOL'])

/** The failure as an ApiError, or null when it is not a known kind of failure (a bug). */
export function knownFailure(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err
  if (err instanceof HubUnreachable) return new ApiError('UNAVAILABLE', err.message)
  if (err instanceof HubRefusal) return new ApiError('CONFLICT', `Serwer synchronizacji odmówił: ${err.message}`)
  for (const code of codesOf(err)) {
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return new ApiError('STORAGE', DISK_FULL)
    if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return new ApiError('STORAGE', READ_ONLY)
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) return new ApiError('UNAVAILABLE', DB_BUSY)
    if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') return new ApiError('STORAGE', DB_DAMAGED)
    if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'SQLITE_CANTOPEN' || code === 'EIO' || code === 'EMFILE' || code === 'ENFILE') return new ApiError('STORAGE', DISK_ERROR)
    if (code === 'ENOENT' || code === 'ENOTDIR') return new ApiError('NOT_FOUND', FILE_MISSING)
    if (NETWORK_CODES.has(code)) return new ApiError('UNAVAILABLE', `${NETWORK} (${code}) — sprawdź połączenie sieciowe i adres serwera, potem spróbuj ponownie.`)
    if (MAIL_CODES.has(code)) return new ApiError('UNAVAILABLE', `Serwer poczty wychodzącej nie przyjął połączenia (${code}) — sprawdź ustawienia poczty i spróbuj ponownie.`)
  }
  const name = err instanceof Error ? err.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') return new ApiError('UNAVAILABLE', `${NETWORK} w wyznaczonym czasie — spróbuj ponownie.`)
  return null
}
