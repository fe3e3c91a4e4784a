// The desk database. Ids are client-generated UUIDv7 text; money is integer grosze; dates are
// ISO text. Tables are made STRICT by scripts/strict-migrations.mjs after drizzle-kit generates SQL.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const id = () => text('id').primaryKey()
const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}

/** Key/value settings: office data, this station's identity. Values are JSON. */
export const settings = sqliteTable('settings', {
  /** The setting's name, e.g. "office". */
  id: id(),
  value: text('value').notNull(),
})

export const staff = sqliteTable('staff', {
  id: id(),
  login: text('login').notNull().unique(),
  fullName: text('full_name').notNull(),
  role: text('role', { enum: ['clerk', 'supervisor', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  ...timestamps,
})

/** Per-station number series (customer no., invoice no., case no.): offline desks never collide. */
export const numberSeries = sqliteTable(
  'number_series',
  {
    id: id(),
    kind: text('kind').notNull(),
    stationCode: text('station_code').notNull(),
    period: text('period').notNull(),
    nextValue: integer('next_value').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('number_series_key').on(t.kind, t.stationCode, t.period)],
)

export const customers = sqliteTable(
  'customers',
  {
    id: id(),
    customerNo: text('customer_no').notNull().unique(),
    kind: text('kind', { enum: ['person', 'company'] }).notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    companyName: text('company_name'),
    pesel: text('pesel'),
    nip: text('nip'),
    regon: text('regon'),
    email: text('email'),
    phone: text('phone'),
    corrStreet: text('corr_street').notNull(),
    corrHouseNo: text('corr_house_no').notNull(),
    corrFlatNo: text('corr_flat_no'),
    corrPostalCode: text('corr_postal_code').notNull(),
    corrCity: text('corr_city').notNull(),
    bankAccount: text('bank_account').notNull(),
    mergedInto: text('merged_into'),
    /** Set when personal data was erased on a data-subject request (RODO art. 17). */
    anonymisedAt: text('anonymised_at'),
    deletedAt: text('deleted_at'),
    ...timestamps,
  },
  (t) => [index('customers_pesel').on(t.pesel), index('customers_nip').on(t.nip), index('customers_email').on(t.email)],
)

export const supplyPoints = sqliteTable('supply_points', {
  id: id(),
  street: text('street').notNull(),
  houseNo: text('house_no').notNull(),
  flatNo: text('flat_no'),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  deletedAt: text('deleted_at'),
  ...timestamps,
})

export const tariffGroups = sqliteTable('tariff_groups', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  billingCycle: text('billing_cycle', { enum: ['monthly', 'bimonthly'] }).notNull(),
  eInvoice: integer('e_invoice', { mode: 'boolean' }).notNull().default(false),
  ...timestamps,
})

/** Dated prices: tariffs are approved for years with yearly steps. Net grosze; VAT in basis points. */
export const tariffPrices = sqliteTable(
  'tariff_prices',
  {
    id: id(),
    tariffGroupId: text('tariff_group_id')
      .notNull()
      .references(() => tariffGroups.id),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    waterNetPerM3: integer('water_net_per_m3').notNull(),
    sewageNetPerM3: integer('sewage_net_per_m3').notNull(),
    abonamentNet: integer('abonament_net').notNull(),
    vatBasisPoints: integer('vat_basis_points').notNull(),
    ...timestamps,
  },
  (t) => [index('tariff_prices_group').on(t.tariffGroupId, t.validFrom)],
)

export const contracts = sqliteTable(
  'contracts',
  {
    id: id(),
    contractNo: text('contract_no').notNull().unique(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    supplyPointId: text('supply_point_id')
      .notNull()
      .references(() => supplyPoints.id),
    services: text('services', { enum: ['water', 'sewage', 'water_sewage'] }).notNull(),
    tariffGroupId: text('tariff_group_id')
      .notNull()
      .references(() => tariffGroups.id),
    billingCycle: text('billing_cycle', { enum: ['monthly', 'bimonthly'] }).notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    status: text('status', { enum: ['active', 'ended'] }).notNull(),
    ...timestamps,
  },
  (t) => [index('contracts_customer').on(t.customerId), index('contracts_supply_point').on(t.supplyPointId)],
)

export const meters = sqliteTable(
  'meters',
  {
    id: id(),
    serialNo: text('serial_no').notNull(),
    supplyPointId: text('supply_point_id')
      .notNull()
      .references(() => supplyPoints.id),
    kind: text('kind', { enum: ['main', 'additional'] }).notNull(),
    diameterMm: integer('diameter_mm').notNull(),
    installedOn: text('installed_on').notNull(),
    removedOn: text('removed_on'),
    legalisationYear: integer('legalisation_year').notNull(),
    sealNo: text('seal_no'),
    sealState: text('seal_state', { enum: ['intact', 'broken'] }).notNull(),
    radioId: text('radio_id'),
    state: text('state', { enum: ['active', 'to_replace', 'removed'] }).notNull(),
    ...timestamps,
  },
  (t) => [index('meters_serial').on(t.serialNo), index('meters_supply_point').on(t.supplyPointId)],
)

/** Readings are facts: append-only, whole m³. */
export const readings = sqliteTable(
  'readings',
  {
    id: id(),
    meterId: text('meter_id')
      .notNull()
      .references(() => meters.id),
    readOn: text('read_on').notNull(),
    valueM3: integer('value_m3').notNull(),
    kind: text('kind', { enum: ['reader', 'customer', 'radio', 'estimated', 'control', 'installation', 'removal'] }).notNull(),
    source: text('source'),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('readings_meter_date').on(t.meterId, t.readOn)],
)

export const invoices = sqliteTable(
  'invoices',
  {
    id: id(),
    number: text('number').notNull().unique(),
    kind: text('kind', { enum: ['invoice', 'correction'] }).notNull(),
    correctsId: text('corrects_id'),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    issueDate: text('issue_date').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    dueDate: text('due_date').notNull(),
    netTotal: integer('net_total').notNull(),
    vatTotal: integer('vat_total').notNull(),
    grossTotal: integer('gross_total').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('invoices_customer').on(t.customerId, t.issueDate)],
)

export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: id(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    quantity: integer('quantity').notNull(),
    unitNet: integer('unit_net').notNull(),
    net: integer('net').notNull(),
    vatBasisPoints: integer('vat_basis_points').notNull(),
  },
  (t) => [index('invoice_lines_invoice').on(t.invoiceId)],
)

export const payments = sqliteTable(
  'payments',
  {
    id: id(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    paidOn: text('paid_on').notNull(),
    amount: integer('amount').notNull(),
    method: text('method', { enum: ['bank', 'cash', 'card'] }).notNull(),
    reference: text('reference'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('payments_customer').on(t.customerId, t.paidOn)],
)

/** Who changed what, with before/after: written by the one write path, in the same transaction. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: text('at').notNull(),
    staffId: text('staff_id'),
    stationCode: text('station_code').notNull(),
    operation: text('operation').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId)],
)

/** The desk's outbox for sync: one entry per changed row, a gap-free local counter. */
export const changeLog = sqliteTable(
  'change_log',
  {
    counter: integer('counter').primaryKey(),
    mutationId: text('mutation_id').notNull().unique(),
    hlc: text('hlc').notNull(),
    stationCode: text('station_code').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: ['insert', 'update', 'delete'] }).notNull(),
    fields: text('fields').notNull(),
    baseSeq: integer('base_seq'),
    pushedSeq: integer('pushed_seq'),
    at: text('at').notNull(),
  },
  (t) => [index('change_log_pending').on(t.pushedSeq)],
)

