// Error codes crossing the API boundary. Every failure a screen can see is one of these,
// carried as { code, message, field? } with a Polish message.
export const errorCodes = {
  VALIDATION: 400,
  UNKNOWN_OPERATION: 404,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  SESSION_LOCKED: 423,
  /** A one-time password is still in use: only the password change (and signing out) is open. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** Too many wrong passwords from this place: wait (the wait grows with each mistake). */
  TOO_MANY_ATTEMPTS: 429,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SETUP_DONE: 409,
  SETUP_REQUIRED: 409,
  /** Something the desk depends on is unreachable or busy: the sync hub, the mail server, the database. */
  UNAVAILABLE: 503,
  /** The data folder's disk: full, read-only, failing, damaged. Nothing was saved. */
  STORAGE: 507,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof errorCodes

export interface ApiErrorBody {
  code: ErrorCode
  message: string
  field?: string
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toBody(): ApiErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }
}

export const isApiErrorBody = (v: unknown): v is ApiErrorBody =>
  typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).code === 'string' && typeof (v as ApiErrorBody).message === 'string'
