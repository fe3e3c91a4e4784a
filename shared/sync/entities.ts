// What syncs and how concurrent edits are settled (../shared/SYNC.md "Conflicts"). Every table of
// the desk database syncs unless it is local-only; rules name the exceptions to plain
// last-writer-wins on ordinary fields.

export interface EntitySyncRule {
  /** Facts (readings, payments, mails …): insert-only, may arrive twice, never conflict. */
  insertOnly?: boolean
  /** Fields whose concurrent change opens a conflict record for staff instead of overwriting. */
  sensitive?: readonly string[]
  /** Fields that change together as one unit (an address, bank details): never half from each side. */
  groups?: readonly (readonly string[])[]
  /**
   * References the schema does not declare as foreign keys (field → entity): a change pointing at a
   * row the hub refused (e.g. the payments of a statement imported twice) is refused with it.
   */
  refs?: Readonly<Record<string, string>>
  /** A desk may delete rows of this entity through sync (no entity allows it today: customers are merged or anonymised). */
  deletable?: boolean
}

const address = (prefix: string) =>
  ['Street', 'HouseNo', 'FlatNo', 'PostalCode', 'City'].map((f) => (prefix ? prefix + f : f.charAt(0).toLowerCase() + f.slice(1)))

export const SYNC_RULES: Record<string, EntitySyncRule> = {
  customers: {
    sensitive: ['email', 'bankAccount', 'firstName', 'lastName', 'companyName', 'pesel', 'nip', 'regon'],
    groups: [address('corr')],
  },
  supply_points: { groups: [address('')] },
  staff: { sensitive: ['login', 'passwordHash', 'role'] },
  readings: { insertOnly: true },
  reading_reviews: { insertOnly: true },
  meter_replacements: { insertOnly: true },
  invoices: { insertOnly: true },
  invoice_lines: { insertOnly: true },
  payments: { insertOnly: true, refs: { statementId: 'bank_statements', reversesId: 'payments' } },
  bank_transactions: { refs: { paymentId: 'payments' } },
  consent_events: { insertOnly: true },
  contract_tariff_changes: { insertOnly: true },
  consent_texts: { insertOnly: true },
  scans: { insertOnly: true },
  portal_accounts: { sensitive: ['login', 'passwordHash', 'email', 'state'] },
  rodo_erasures: { insertOnly: true },
}

/** Tables that never leave the desk: its own bookkeeping. */
export const LOCAL_ONLY_TABLES: ReadonlySet<string> = new Set(['audit_log', 'change_log', 'sync_versions', 'sync_state', 'sync_quarantine', '__drizzle_migrations'])

/** Settings rows that are local: this desk's identity, its sync settings, and mail secrets. */
export const LOCAL_ONLY_SETTINGS: readonly string[] = ['station', 'sync', 'smtp.password']

export function isLocalOnly(entity: string, id: string): boolean {
  return LOCAL_ONLY_TABLES.has(entity) || (entity === 'settings' && LOCAL_ONLY_SETTINGS.includes(id))
}

export const ruleFor = (entity: string): EntitySyncRule => SYNC_RULES[entity] ?? {}

/** Splits changed fields into the units that are settled together. */
export function fieldUnits(entity: string, fields: readonly string[]): string[][] {
  const groups = ruleFor(entity).groups ?? []
  const units: string[][] = []
  const seen = new Set<string>()
  for (const field of fields) {
    if (seen.has(field)) continue
    const group = groups.find((g) => g.includes(field))
    const unit = group ? [...group] : [field]
    unit.forEach((f) => seen.add(f))
    units.push(unit)
  }
  return units
}

export const isSensitive = (entity: string, unit: readonly string[]): boolean =>
  unit.some((f) => ruleFor(entity).sensitive?.includes(f))

/**
 * The sensitive fields as people name them: a column label ("E-mail") and in a sentence ("adres
 * e-mail") — what the sync screen and the hub's reasons say instead of column names.
 */
const FIELD_NAMES: Record<string, readonly [label: string, inSentence: string]> = {
  email: ['E-mail', 'adres e-mail'],
  bankAccount: ['Rachunek bankowy', 'rachunek bankowy'],
  firstName: ['Imię', 'imię'],
  lastName: ['Nazwisko', 'nazwisko'],
  companyName: ['Nazwa firmy', 'nazwa firmy'],
  pesel: ['PESEL', 'PESEL'],
  nip: ['NIP', 'NIP'],
  regon: ['REGON', 'REGON'],
  login: ['Login', 'login'],
  passwordHash: ['Hasło', 'hasło'],
  role: ['Rola', 'rola'],
  state: ['Stan konta', 'stan konta'],
}

/** A synced field in a sentence: "adres e-mail". */
export const syncFieldName = (field: string): string => FIELD_NAMES[field]?.[1] ?? field

/** A synced field as a column label: "E-mail". */
export const syncFieldLabel = (field: string): string => FIELD_NAMES[field]?.[0] ?? field

/**
 * Changes only an admin session may make: the hub checks the staff id that travels with the change
 * against its own staff rows (new staff accounts, roles, office settings).
 */
export function needsAdmin(entity: string, op: 'insert' | 'update' | 'delete', fields: readonly string[]): boolean {
  if (entity === 'settings') return true
  if (entity === 'staff') return op !== 'update' || fields.some((f) => f === 'role' || f === 'active' || f === 'login')
  return false
}

/** Polish names of record kinds (those whose keys can collide, and those the sync screen names), for what clerks read. */
export const ENTITY_LABELS: Record<string, string> = {
  portal_accounts: 'Konto w portalu iBOK',
  bank_statements: 'Wyciąg bankowy',
  staff: 'Konto pracownika',
  consent_texts: 'Wersja treści zgody',
  customers: 'Klient',
  contracts: 'Umowa',
  invoices: 'Faktura',
  cases: 'Sprawa',
  mails: 'Wiadomość e-mail',
  number_series: 'Seria numerów',
  registration_applications: 'Wniosek rejestracyjny',
  consent_events: 'Oświadczenie o zgodzie',
  meter_replacements: 'Protokół wymiany wodomierza',
  tariff_groups: 'Grupa taryfowa',
  supply_points: 'Punkt poboru',
  meters: 'Wodomierz',
  readings: 'Odczyt',
  payments: 'Wpłata',
  settings: 'Ustawienia',
}
/** A record kind as people call it; never the table's name. */
export const entityLabel = (entity: string) => ENTITY_LABELS[entity] ?? 'Zapis'
