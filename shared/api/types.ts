// Shapes that operations return. Inputs are zod schemas in contract.ts; outputs are these types.
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

export interface SessionInfo {
  token: string
  staff: StaffMember
  idleLockMinutes: number
}

export interface Address {
  street: string
  houseNo: string
  flatNo: string | null
  postalCode: string
  city: string
}

export interface OfficeSettings {
  name: string
  nip: string
  address: Address
  phone: string | null
  email: string | null
  bankName: string
  bankAccount: string
  /** 8-digit bank sort code used to generate individual customer accounts. */
  bankSortCode: string
  invoiceSeries: string
  stationCode: string
  stationName: string
  idleLockMinutes: number
}

export interface SystemStatus {
  setupDone: boolean
  officeName: string | null
  stationName: string | null
  appVersion: string
  schemaVersion: number
}

export type CustomerKind = 'person' | 'company'

export interface CustomerSearchHit {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  address: string
  /** Which field matched exactly (identifier hits rank first), or null for a text match. */
  exactMatch: 'customerNo' | 'pesel' | 'nip' | 'meterNo' | null
}

export interface CustomerSummary {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  firstName: string | null
  lastName: string | null
  companyName: string | null
  pesel: string | null
  nip: string | null
  regon: string | null
  email: string | null
  phone: string | null
  correspondenceAddress: Address
  bankAccount: string
  /** Set when this record was merged into another customer (a duplicate). */
  mergedInto: string | null
  anonymisedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ContractView {
  id: string
  contractNo: string
  services: 'water' | 'sewage' | 'water_sewage'
  tariffGroupName: string
  billingCycle: 'monthly' | 'bimonthly'
  startDate: string
  endDate: string | null
  status: 'active' | 'ended'
  supplyPoint: { id: string; address: Address }
}

export interface MeterView {
  id: string
  serialNo: string
  kind: 'main' | 'additional'
  diameterMm: number
  supplyPointId: string
  installedOn: string
  legalisationYear: number
  legalisationExpires: string
  sealNo: string | null
  sealState: 'intact' | 'broken'
  state: 'active' | 'to_replace' | 'removed'
  lastReading: { readOn: string; valueM3: number; kind: string } | null
}

export interface CustomerCard {
  customer: CustomerSummary
  contracts: ContractView[]
  meters: MeterView[]
  balanceGrosze: number
  overdueGrosze: number
}

export interface AuditEntry {
  id: string
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export interface BackupInfo {
  file: string
  createdAt: string
  bytes: number
}

export interface DuplicateCandidate {
  customer: CustomerSearchHit
  /** Why it looks like the same customer, in Polish, e.g. "ten sam PESEL". */
  reasons: string[]
}

export interface FieldChange {
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  field: string
  before: unknown
  after: unknown
}

export interface DataExport {
  fileBaseName: string
  json: Record<string, unknown>
  pdfBase64: string
}

export interface RetentionBlock {
  rule: string
  until: string | null
  detail: string
}

export interface AnonymisationCheck {
  allowed: boolean
  blocks: RetentionBlock[]
}

export interface TariffGroupView {
  id: string
  code: string
  name: string
  billingCycle: 'monthly' | 'bimonthly'
  eInvoice: boolean
}
