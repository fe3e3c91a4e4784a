// Cases (sprawy): every contact with a customer that someone must answer or route in time.
// The catalogue of kinds, channels, statuses and departments, with Polish labels, used by the
// contract (enums), the services (terms) and the screens (labels) alike.
import { COMPLAINT_TERM_DAYS, type TermRule } from './deadlines'

export const CASE_TYPES = ['failure', 'invoice_complaint', 'reading_complaint', 'service_complaint', 'meter_check', 'refund_request', 'data_change', 'general'] as const
export type CaseType = (typeof CASE_TYPES)[number]

export interface CaseTypeInfo {
  label: string
  term: TermRule
  /** Where the term comes from, shown next to the deadline. */
  basis: string
  /** Needs a customer; only failure reports may be just a place and a phone number. */
  customerRequired: boolean
}

const COMPLAINT_BASIS = 'Regulamin dostarczania wody i odprowadzania ścieków: odpowiedź na reklamację w ciągu 14 dni od wpływu'

export const CASE_TYPE_INFO: Record<CaseType, CaseTypeInfo> = {
  failure: { label: 'Awaria', term: { kind: 'immediate' }, basis: 'Zgłoszenie awarii przekazuje się natychmiast do pogotowia', customerRequired: false },
  invoice_complaint: { label: 'Reklamacja faktury', term: { kind: 'days', days: COMPLAINT_TERM_DAYS, extendable: true }, basis: COMPLAINT_BASIS, customerRequired: true },
  reading_complaint: { label: 'Reklamacja odczytu', term: { kind: 'days', days: COMPLAINT_TERM_DAYS, extendable: true }, basis: COMPLAINT_BASIS, customerRequired: true },
  service_complaint: { label: 'Reklamacja jakości usług', term: { kind: 'days', days: COMPLAINT_TERM_DAYS, extendable: true }, basis: COMPLAINT_BASIS, customerRequired: true },
  meter_check: {
    label: 'Wniosek o sprawdzenie wodomierza',
    term: { kind: 'days', days: COMPLAINT_TERM_DAYS, extendable: true },
    basis: 'Jak reklamacja: 14 dni, z możliwością przedłużenia na czas ekspertyzy wodomierza',
    customerRequired: true,
  },
  refund_request: {
    label: 'Wniosek o zwrot nadpłaty',
    term: { kind: 'days', days: 14, extendable: false },
    basis: 'Nadpłatę zwraca się na żądanie odbiorcy w ciągu 14 dni od złożenia wniosku',
    customerRequired: true,
  },
  data_change: { label: 'Zmiana danych', term: { kind: 'days', days: 14, extendable: true }, basis: 'Standard obsługi biura: 14 dni', customerRequired: true },
  general: { label: 'Pismo ogólne', term: { kind: 'days', days: 30, extendable: true }, basis: 'Standard obsługi biura: 30 dni', customerRequired: true },
}

export const CASE_CHANNELS = ['counter', 'phone', 'email', 'letter', 'portal'] as const
export type CaseChannel = (typeof CASE_CHANNELS)[number]
export const CASE_CHANNEL_LABELS: Record<CaseChannel, string> = {
  counter: 'Okienko',
  phone: 'Telefon',
  email: 'E-mail',
  letter: 'List',
  portal: 'Portal iBOK',
}

export const CASE_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'Nowa',
  in_progress: 'W toku',
  answered: 'Udzielono odpowiedzi',
  closed: 'Zamknięta',
}

export const FAILURE_URGENCIES = ['urgent', 'normal'] as const
export type FailureUrgency = (typeof FAILURE_URGENCIES)[number]
export const FAILURE_URGENCY_LABELS: Record<FailureUrgency, string> = {
  urgent: 'Pilna (wypływ wody, brak wody, zalanie)',
  normal: 'Zwykła',
}

export const DEPARTMENTS = ['bok', 'emergency', 'water_network', 'sewage_network', 'meters', 'billing'] as const
export type Department = (typeof DEPARTMENTS)[number]
export const DEPARTMENT_LABELS: Record<Department, string> = {
  bok: 'Biuro Obsługi Klienta',
  emergency: 'Pogotowie wodociągowo-kanalizacyjne',
  water_network: 'Dział sieci wodociągowej',
  sewage_network: 'Dział sieci kanalizacyjnej',
  meters: 'Dział wodomierzy',
  billing: 'Dział rozliczeń',
}

/** Who a new case of this type goes to, before anyone reassigns it. */
export function defaultDepartment(type: CaseType): Department {
  switch (type) {
    case 'failure':
      return 'emergency'
    case 'meter_check':
    case 'reading_complaint':
      return 'meters'
    case 'invoice_complaint':
    case 'refund_request':
      return 'billing'
    default:
      return 'bok'
  }
}

