// Output shapes of mail.* operations.
export type MailState = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled'

export type MailKind = 'credentials' | 'test' | 'invoice' | 'case_reply' | 'consent' | 'other'

export interface MailListItem {
  id: string
  kind: MailKind
  state: MailState
  toAddress: string
  subject: string
  customerId: string | null
  customerNo: string | null
  customerName: string | null
  messageId: string
  attempts: number
  nextAttemptAt: string
  lastAttemptAt: string | null
  sentAt: string | null
  /** Why the last attempt did not go through, in Polish. */
  lastError: string | null
  /** The SMTP server's own reply to the last attempt (e.g. "250 2.0.0 Ok: queued as …", "550 5.1.1 …"). */
  serverReply: string | null
  decisionNote: string | null
  resendOf: string | null
  createdAt: string
  createdByName: string | null
  attachments: { fileName: string; contentType: string; bytes: number }[]
}

export interface MailDetail extends MailListItem {
  /** The content as stored: one-time secrets (initial passwords) appear masked, they are never stored. */
  textBody: string
  htmlBody: string | null
  relatedEntity: string | null
  relatedId: string | null
  /** What staff may do with it now. */
  canResend: boolean
  canCancel: boolean
  canResolve: boolean
}

export interface MailPage {
  items: MailListItem[]
  total: number
  counts: Record<MailState, number>
}

export interface MailOutboxStatus {
  /** SMTP settings saved and sending switched on. */
  configured: boolean
  /** Settings saved but sending switched off by the administrator. */
  paused: boolean
  queued: number
  failed: number
  uncertain: number
  sending: number
  lastSentAt: string | null
  /** The sender cannot reach the server (or the server refuses it); mail waits meanwhile. */
  serverProblem: { message: string; reply: string | null; since: string; nextTryAt: string } | null
  /** One sentence for the top bar, e.g. "Poczta: 3 w kolejce · serwer niedostępny". */
  summary: string
}

export interface SmtpSettingsView {
  configured: boolean
  enabled: boolean
  host: string
  port: number
  security: 'starttls' | 'tls' | 'none'
  username: string | null
  /** The password itself is never sent back to a screen. */
  passwordSet: boolean
  fromAddress: string
  fromName: string
  replyTo: string | null
  timeoutSeconds: number
  allowInvalidCertificate: boolean
}
