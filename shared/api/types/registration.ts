// Output shapes of registration.* operations.
import type { Address } from '../../domain/customers'
import type { ScanView } from './consents'
import type { PdfFile } from './files'
import type { MailDetail, MailListItem } from './mail'

export type ApplicationState = 'received' | 'verified' | 'account_created' | 'rejected'

export type PortalAccountStateName = 'pending' | 'credentials_sent' | 'active' | 'locked'

export interface ApplicationProblem {
  /** The form field the problem is about (as in the input), or null for the whole application. */
  field: string | null
  message: string
}

export interface ApplicationListItem {
  id: string
  applicationNo: string
  state: ApplicationState
  /** paper: typed at a desk; portal: sent online through iBOK. */
  channel: 'paper' | 'portal'
  customerNo: string
  applicantName: string
  email: string | null
  signedOn: string
  createdAt: string
  receivedByName: string | null
  /** The first blocking problem, for the list. */
  problem: string | null
  accountState: PortalAccountStateName | null
}

export interface ApplicationPage {
  items: ApplicationListItem[]
  total: number
  counts: Record<ApplicationState, number>
}

export interface PortalAccountView {
  id: string
  customerId: string
  customerNo: string
  customerName: string
  login: string
  state: PortalAccountStateName
  /** Polish, e.g. "dane logowania wysłane", "dane logowania nie doręczone: serwer odrzucił adres". */
  stateLabel: string
  email: string | null
  credentialsChannel: 'email' | 'letter' | null
  passwordSetAt: string | null
  credentialsSentAt: string | null
  activatedAt: string | null
  lockedAt: string | null
  lockReason: string | null
  /** The credentials mail now waiting or failed, if any. */
  pendingMail: MailListItem | null
  /** The last credentials mail bounced (refused by the server): staff should check the address. */
  bounced: boolean
  applicationId: string | null
  createdAt: string
}

export interface ApplicationDetail {
  id: string
  applicationNo: string
  state: ApplicationState
  /** paper: typed at a desk; portal: sent online through iBOK. */
  channel: 'paper' | 'portal'
  /** Sent online: the gross amount (grosze) of the invoice the applicant gave as proof; re-checked at every verification. */
  invoiceGross: number | null
  data: {
    customerNo: string
    applicantName: string
    supplyAddress: Address
    correspondenceAddress: Address | null
    email: string | null
    phone: string | null
    invoiceNo: string
    acceptRegulamin: boolean
    regulaminVersion: string
    acceptEInvoice: boolean
    acceptSms: boolean
    signedOn: string
    scanId: string | null
  }
  scan: ScanView | null
  /** Blocking: the application cannot be verified until these are fixed (or it is rejected). */
  problems: ApplicationProblem[]
  /** Not blocking: differences the clerk should look at. */
  warnings: string[]
  customer: { id: string; customerNo: string; displayName: string } | null
  verifiedAt: string | null
  verifiedByName: string | null
  rejectionReason: string | null
  rejectedAt: string | null
  rejectedByName: string | null
  account: PortalAccountView | null
  receivedByName: string | null
  createdAt: string
  updatedAt: string
}

export interface CredentialsIssued {
  account: PortalAccountView
  /** E-mail delivery: the queued mail (the password is generated when it is sent, never stored). */
  mail: MailDetail | null
  /** Letter delivery: the only copy of the password is in this PDF. */
  letter: PdfFile | null
  application: ApplicationDetail | null
}

export interface RejectedApplication {
  application: ApplicationDetail
  letter: PdfFile
}

export interface PortalSettingsView {
  portalUrl: string | null
}
