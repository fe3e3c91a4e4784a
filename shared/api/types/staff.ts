// Output shapes of staff.* operations.
export type Role = 'clerk' | 'supervisor' | 'admin'

export interface StaffMember {
  id: string
  login: string
  fullName: string
  role: Role
  active: boolean
  lockedUntil: string | null
  mustChangePassword: boolean
}

/** An admin's password reset: the one-time password is shown once and never stored in clear. */
export interface PasswordReset {
  staff: StaffMember
  oneTimePassword: string
}

export interface SessionInfo {
  token: string
  staff: StaffMember
  idleLockMinutes: number
  /** When this session ends whatever the activity (ISO). */
  expiresAt: string
}
