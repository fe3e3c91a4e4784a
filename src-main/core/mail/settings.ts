// SMTP settings in the settings table: the connection under "smtp", the password on its own row
// "smtp.password" — redacted from the audit log, never synced to other desks, never returned to a screen.
import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { smtpSettingsInput } from '../../../shared/api/operations/mail'
import type { SmtpSettingsView } from '../../../shared/api/types'
import type { ReadOrm } from '../../db/database'
import { settings } from '../../db/schema'
import type { WriteTx } from '../../db/write'

const SMTP_KEY = 'smtp'
const PASSWORD_KEY = 'smtp.password'

export interface SmtpSettings {
  enabled: boolean
  host: string
  port: number
  security: 'starttls' | 'tls' | 'none'
  username: string | null
  fromAddress: string
  fromName: string
  replyTo: string | null
  timeoutSeconds: number
  allowInvalidCertificate: boolean
}

/** The settings with the password, for the sender only. */
export interface SmtpConfig extends SmtpSettings {
  password: string | null
}

export function readSmtpConfig(orm: ReadOrm): SmtpConfig | null {
  const row = orm.select().from(settings).where(eq(settings.id, SMTP_KEY)).get()
  if (!row) return null
  const secret = orm.select().from(settings).where(eq(settings.id, PASSWORD_KEY)).get()
  return { ...(JSON.parse(row.value) as SmtpSettings), password: secret ? (JSON.parse(secret.value) as string) : null }
}

export function smtpSettingsView(config: SmtpConfig | null): SmtpSettingsView {
  if (!config) {
    return {
      configured: false,
      enabled: false,
      host: '',
      port: 587,
      security: 'starttls',
      username: null,
      passwordSet: false,
      fromAddress: '',
      fromName: '',
      replyTo: null,
      timeoutSeconds: 30,
      allowInvalidCertificate: false,
    }
  }
  const { password, ...rest } = config
  return { ...rest, configured: true, passwordSet: Boolean(password) }
}

export function writeSmtpSettings(tx: WriteTx, input: z.output<typeof smtpSettingsInput>): void {
  const { password, ...rest } = input
  const value: SmtpSettings = { ...rest, host: rest.host.toLowerCase() }
  upsert(tx, SMTP_KEY, JSON.stringify(value))
  // Omitted: keep. Empty: remove. Without a login there is nothing to authenticate with.
  const existing = tx.read.select().from(settings).where(eq(settings.id, PASSWORD_KEY)).get()
  const next = !input.username ? '' : password
  if (next === undefined) return
  if (next === '') {
    if (existing && JSON.parse(existing.value) !== null) tx.update(settings, PASSWORD_KEY, { value: 'null' })
  } else upsert(tx, PASSWORD_KEY, JSON.stringify(next))
}

/** This station's SMTP password alone (e.g. the portal's, given at its start: it has no settings screen). */
export function writeSmtpPassword(tx: WriteTx, password: string): void {
  upsert(tx, PASSWORD_KEY, JSON.stringify(password))
}

function upsert(tx: WriteTx, key: string, value: string): void {
  const existing = tx.read.select().from(settings).where(eq(settings.id, key)).get()
  if (existing) tx.update(settings, key, { value })
  else tx.insert(settings, { id: key, value })
}

/** The domain part used in Message-IDs: the sender's address if set up, else the office's e-mail. */
export function messageIdDomain(config: SmtpSettings | null, officeEmail: string | null): string {
  const from = config?.fromAddress ?? officeEmail ?? ''
  const domain = from.split('@')[1]?.toLowerCase()
  return domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'ibok-desk.local'
}
