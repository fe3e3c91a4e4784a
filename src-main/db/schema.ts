// The desk database. Ids are client-generated UUIDv7 text; money is integer grosze; dates are
// ISO text. Tables are made STRICT by scripts/strict-migrations.mjs after drizzle-kit generates SQL.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { BillingRunReportData, InvoiceBuyer, InvoiceSeller } from '../../shared/domain/billing'
import type { Address } from '../../shared/domain/customers'
import { CASE_CHANNELS, CASE_STATUSES, CASE_TYPES, DEPARTMENTS, FAILURE_URGENCIES } from '../../shared/domain/cases'
import type { ReadingIssue } from '../../shared/domain/consumption'
import { METER_REPLACEMENT_REASONS } from '../../shared/domain/meters'

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
  (t) => [
    index('customers_pesel').on(t.pesel),
    index('customers_nip').on(t.nip),
    index('customers_email').on(t.email),
    // The global search finds a customer by the individual bank account typed at the counter.
    index('customers_bank_account').on(t.bankAccount),
    // customerFamily() follows merges for every balance, card and billing decision: without it
    // each call scanned the whole register (a billing run: once per customer). Partial: only
    // merged records, so "merged_into IS NULL" (every live customer) never picks this index
    // over the identifier being looked up.
    index('customers_merged_into').on(t.mergedInto).where(sql`${t.mergedInto} IS NOT NULL`),
  ],
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

/**
 * Dated tariff-group moves of a contract (e.g. to the e-invoice group after an acceptance). The
 * contract row holds its latest group; a period is billed in the group in force on its first
 * day: the `fromGroupId` of the earliest move effective after that day, else the contract's group.
 * Append-only; `seq` orders moves effective on the same day.
 */
export const contractTariffChanges = sqliteTable(
  'contract_tariff_changes',
  {
    id: id(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    seq: integer('seq').notNull(),
    fromGroupId: text('from_group_id')
      .notNull()
      .references(() => tariffGroups.id),
    toGroupId: text('to_group_id')
      .notNull()
      .references(() => tariffGroups.id),
    effectiveFrom: text('effective_from').notNull(),
    reason: text('reason', { enum: ['e_invoice_accept', 'e_invoice_withdraw', 'e_invoice_annul'] }).notNull(),
    consentEventId: text('consent_event_id'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('contract_tariff_changes_contract').on(t.contractId, t.effectiveFrom)],
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
    /** Whole-m³ digits of the counter: after 99 999 (5 digits) it turns over to 0. */
    counterDigits: integer('counter_digits').notNull().default(5),
    ...timestamps,
  },
  // meters_serial_digits (the serial without its letter prefix, for the search) is an expression
  // index in custom-sql: drizzle-kit cannot write one.
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
    /** Exact time where the source gives one (radio modules report hourly): night-use hints. */
    readAt: text('read_at'),
    /** Set once at entry: 'flagged' readings wait for a supervisor (reading_reviews) and do not count. */
    status: text('status', { enum: ['ok', 'flagged'] }).notNull().default('ok'),
    /** Why it was flagged, as shown to the clerk. */
    flags: text('flags', { mode: 'json' }).$type<ReadingIssue[]>(),
    /** The latest estimate this real reading replaces (earlier ones in a row are replaced too). */
    replacesEstimateId: text('replaces_estimate_id'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  // Partial: flagged readings are few; a full index on status would lure the planner away from
  // readings_meter_date for "status = 'ok'" (almost every row).
  (t) => [index('readings_meter_date').on(t.meterId, t.readOn), index('readings_flagged').on(t.meterId).where(sql`status = 'flagged'`)],
)

/** A supervisor's decision on a flagged reading: a fact of its own, the reading stays as entered. */
export const readingReviews = sqliteTable(
  'reading_reviews',
  {
    id: id(),
    readingId: text('reading_id')
      .notNull()
      .references(() => readings.id),
    decision: text('decision', { enum: ['accepted', 'rejected'] }).notNull(),
    /** Accepted as the counter turning over (a lower value that is not a mistake). */
    rollover: integer('rollover', { mode: 'boolean' }).notNull().default(false),
    note: text('note').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('reading_reviews_reading').on(t.readingId, t.decidedAt)],
)

/** Meter replacement protocol: the old meter's final reading, the new one's initial reading and seal. */
export const meterReplacements = sqliteTable(
  'meter_replacements',
  {
    id: id(),
    protocolNo: text('protocol_no').notNull().unique(),
    supplyPointId: text('supply_point_id')
      .notNull()
      .references(() => supplyPoints.id),
    replacedOn: text('replaced_on').notNull(),
    oldMeterId: text('old_meter_id')
      .notNull()
      .references(() => meters.id),
    oldFinalReadingId: text('old_final_reading_id')
      .notNull()
      .references(() => readings.id),
    oldSealState: text('old_seal_state', { enum: ['intact', 'broken'] }).notNull(),
    newMeterId: text('new_meter_id')
      .notNull()
      .references(() => meters.id),
    newInitialReadingId: text('new_initial_reading_id')
      .notNull()
      .references(() => readings.id),
    newSealNo: text('new_seal_no').notNull(),
    reason: text('reason', { enum: METER_REPLACEMENT_REASONS }).notNull(),
    fitterName: text('fitter_name').notNull(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('meter_replacements_point').on(t.supplyPointId, t.replacedOn), index('meter_replacements_old').on(t.oldMeterId)],
)

/**
 * Issued invoices are immutable documents: everything printed on them is a snapshot taken at issue
 * (seller, buyer, supply point, the payment account, prices in the lines, readings in
 * invoice_readings), so editing a customer or a tariff never changes an issued invoice. A
 * correction is a new invoice pointing at the one it corrects; its lines are the state after the
 * correction and its totals the difference (art. 106j). Build the snapshot columns with
 * invoiceSnapshot() (shared/domain/billing.ts) and the number with formatInvoiceNumber().
 */
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
    /** Number series ("FW", "KOR") and the station that issued it: numbers never collide across desks. */
    series: text('series').notNull(),
    stationCode: text('station_code').notNull(),
    /** Place of issue (FA(3) P_1M), the office's city at issue. */
    placeOfIssue: text('place_of_issue').notNull(),
    seller: text('seller', { mode: 'json' }).notNull().$type<InvoiceSeller>(),
    buyer: text('buyer', { mode: 'json' }).notNull().$type<InvoiceBuyer>(),
    supplyPoint: text('supply_point', { mode: 'json' }).notNull().$type<Address>(),
    /** The customer's individual account (NRB) the invoice asks to be paid to. */
    paymentAccount: text('payment_account').notNull(),
    tariffGroupName: text('tariff_group_name').notNull(),
    correctionReason: text('correction_reason'),
    billingRunId: text('billing_run_id'),
    /** FA(3) XML for buyers with a NIP, kept as issued; the KSeF number once KSeF assigns it. */
    ksefXml: text('ksef_xml'),
    ksefNumber: text('ksef_number'),
    ksefNumberAt: text('ksef_number_at'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('invoices_customer').on(t.customerId, t.issueDate),
    // With the kind: the billing run's "last invoice of each contract" and its double-issue check
    // are answered from the index alone, not from 70 invoice rows per contract.
    index('invoices_contract_period').on(t.contractId, t.kind, t.periodTo),
    index('invoices_corrects').on(t.correctsId),
    index('invoices_run').on(t.billingRunId),
    // A recorded KSeF number is looked up (never recorded twice); B2B invoices waiting for theirs are listed.
    index('invoices_ksef_number').on(t.ksefNumber),
    index('invoices_ksef_waiting')
      .on(t.issueDate)
      .where(sql`ksef_xml IS NOT NULL AND ksef_number IS NULL`),
  ],
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
    /** The dated tariff price the unit price came from (the price itself is copied above). */
    tariffPriceId: text('tariff_price_id'),
  },
  (t) => [index('invoice_lines_invoice').on(t.invoiceId)],
)

/** The meter readings an invoice was billed on, copied at issue (estimates marked by their kind). */
export const invoiceReadings = sqliteTable(
  'invoice_readings',
  {
    id: id(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    meterId: text('meter_id')
      .notNull()
      .references(() => meters.id),
    meterSerial: text('meter_serial').notNull(),
    meterKind: text('meter_kind', { enum: ['main', 'additional'] }).notNull(),
    fromDate: text('from_date').notNull(),
    fromValue: integer('from_value').notNull(),
    fromKind: text('from_kind').notNull(),
    toReadingId: text('to_reading_id').notNull(),
    toDate: text('to_date').notNull(),
    toValue: integer('to_value').notNull(),
    toKind: text('to_kind').notNull(),
    consumptionM3: integer('consumption_m3').notNull(),
  },
  (t) => [index('invoice_readings_invoice').on(t.invoiceId), index('invoice_readings_meter').on(t.meterId, t.toDate)],
)

/** Each printed or sent duplicate (art. 106l) is a fact with its own date. */
export const invoiceDuplicates = sqliteTable(
  'invoice_duplicates',
  {
    id: id(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    issuedOn: text('issued_on').notNull(),
    reason: text('reason'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('invoice_duplicates_invoice').on(t.invoiceId)],
)

/** One paper print run: invoices to post, in delivery order. */
export const printBatches = sqliteTable('print_batches', {
  id: id(),
  billingRunId: text('billing_run_id'),
  invoiceCount: integer('invoice_count').notNull(),
  printedAt: text('printed_at'),
  printedBy: text('printed_by'),
  createdBy: text('created_by'),
  createdAt: text('created_at').notNull(),
})

/**
 * How an invoice went (or goes) to the customer: by e-mail through the mail outbox (with an
 * active e-invoice acceptance) or on paper in a print batch. Append-only: a resend is a new row.
 */
export const invoiceDeliveries = sqliteTable(
  'invoice_deliveries',
  {
    id: id(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    channel: text('channel', { enum: ['email', 'paper'] }).notNull(),
    email: text('email'),
    mailId: text('mail_id'),
    printBatchId: text('print_batch_id').references(() => printBatches.id),
    /** Why this channel, in Polish (e.g. the acceptance it relies on, or "brak akceptacji e-faktury"). */
    basis: text('basis').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('invoice_deliveries_invoice').on(t.invoiceId), index('invoice_deliveries_batch').on(t.printBatchId)],
)

/** A billing run for a month: what was issued, what was skipped and why. */
export const billingRuns = sqliteTable('billing_runs', {
  id: id(),
  month: text('month').notNull(),
  issueDate: text('issue_date').notNull(),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
  issuedCount: integer('issued_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  netTotal: integer('net_total').notNull().default(0),
  vatTotal: integer('vat_total').notNull().default(0),
  grossTotal: integer('gross_total').notNull().default(0),
  /** Skipped contracts with reasons and warnings, JSON. */
  report: text('report', { mode: 'json' }).$type<BillingRunReportData>(),
  printBatchId: text('print_batch_id'),
  error: text('error'),
  startedBy: text('started_by'),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
})

/**
 * Payments are facts: a mistaken one is reversed by a new row with the opposite amount pointing
 * at it. How a payment settles invoices (oldest due first) is derived, never stored, so every desk
 * computes the same allocation from the same facts (shared/domain/settlements.ts).
 */
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
    reversesId: text('reverses_id'),
    statementId: text('statement_id'),
    payerName: text('payer_name'),
    title: text('title'),
    /** The individual account the transfer came to. */
    account: text('account'),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('payments_customer').on(t.customerId, t.paidOn), index('payments_reverses').on(t.reversesId)],
)

/** An imported bank statement file; the same file (by hash) is never imported twice. */
export const bankStatements = sqliteTable('bank_statements', {
  id: id(),
  fileName: text('file_name').notNull(),
  format: text('format', { enum: ['csv', 'mt940'] }).notNull(),
  sha256: text('sha256').notNull().unique(),
  statementRef: text('statement_ref'),
  accountNo: text('account_no'),
  transactionCount: integer('transaction_count').notNull(),
  matchedCount: integer('matched_count').notNull(),
  matchedTotal: integer('matched_total').notNull(),
  unmatchedCount: integer('unmatched_count').notNull(),
  importedBy: text('imported_by'),
  importedAt: text('imported_at').notNull(),
})

/** Every line of an imported statement, matched to a customer's payment or waiting for a decision. */
export const bankTransactions = sqliteTable(
  'bank_transactions',
  {
    id: id(),
    statementId: text('statement_id')
      .notNull()
      .references(() => bankStatements.id),
    lineNo: integer('line_no').notNull(),
    bookedOn: text('booked_on').notNull(),
    amount: integer('amount').notNull(),
    counterpartyName: text('counterparty_name'),
    counterpartyAccount: text('counterparty_account'),
    title: text('title'),
    bankRef: text('bank_ref'),
    /** The individual account found in the transaction, if any. */
    matchedAccount: text('matched_account'),
    customerId: text('customer_id'),
    paymentId: text('payment_id'),
    status: text('status', { enum: ['matched', 'unmatched', 'assigned', 'ignored', 'duplicate'] }).notNull(),
    note: text('note'),
  },
  (t) => [index('bank_transactions_statement').on(t.statementId), index('bank_transactions_status').on(t.status), index('bank_transactions_ref').on(t.bankRef)],
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
    /** The hub's seq once the hub accepted (or recorded) this change; null = still queued. */
    pushedSeq: integer('pushed_seq'),
    /** What the hub did with it (applied, lost, conflict, rejected …) and why, shown to staff. */
    hubStatus: text('hub_status'),
    hubReason: text('hub_reason'),
    at: text('at').notNull(),
    /** The staff session that made the change: the hub checks admin-only changes against its own staff rows. */
    staffId: text('staff_id'),
  },
  (t) => [index('change_log_pending').on(t.pushedSeq)],
)


// ---------------------------------------------------------------------------------------------
// Cases (sprawy i awarie): every contact someone must answer or route in time.

/** A case: a complaint, a request, a letter — or a failure report, which may name just a place and a phone. */
export const cases = sqliteTable(
  'cases',
  {
    id: id(),
    caseNo: text('case_no').notNull().unique(),
    type: text('type', { enum: CASE_TYPES }).notNull(),
    channel: text('channel', { enum: CASE_CHANNELS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    customerId: text('customer_id').references(() => customers.id),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    /** Failure reports: where (address or description of the place), who called back, how urgent. */
    location: text('location'),
    callbackPhone: text('callback_phone'),
    reporterName: text('reporter_name'),
    urgency: text('urgency', { enum: FAILURE_URGENCIES }),
    /** Business date the office received it: the term counts from here (KC art. 111 § 2). */
    receivedOn: text('received_on').notNull(),
    receivedAt: text('received_at').notNull(),
    /** The current term (moved only by an extension notice); the original stays for the record. */
    dueOn: text('due_on').notNull(),
    originalDueOn: text('original_due_on').notNull(),
    department: text('department', { enum: DEPARTMENTS }).notNull(),
    assigneeId: text('assignee_id').references(() => staff.id),
    /** Failure reports: when they were passed to the crew. */
    routedAt: text('routed_at'),
    /** Business date of the first answer (or of routing, for a failure): in time or late. */
    answeredOn: text('answered_on'),
    closedAt: text('closed_at'),
    createdBy: text('created_by'),
    ...timestamps,
  },
  (t) => [index('cases_customer').on(t.customerId, t.receivedOn), index('cases_open_due').on(t.status, t.dueOn), index('cases_type_status').on(t.type, t.status)],
)

/** The case's history: append-only (status changes, notes, routing, replies, extensions, files). */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: id(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    at: text('at').notNull(),
    staffId: text('staff_id'),
    kind: text('kind', { enum: ['created', 'status', 'assigned', 'routed', 'note', 'reply', 'extension', 'attachment', 'closed', 'reopened'] }).notNull(),
    text: text('text'),
    /** JSON details, e.g. { from, to } of a status change. */
    data: text('data'),
  },
  (t) => [index('case_events_case').on(t.caseId, t.at)],
)

/** Files kept with a case (scans, photos): content-addressed under dataDir/attachments by SHA-256. */
export const caseAttachments = sqliteTable(
  'case_attachments',
  {
    id: id(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('case_attachments_case').on(t.caseId)],
)

/** Replies and extension notices as sent: the exact text, the letter PDF (by hash), the mail. */
export const caseReplies = sqliteTable(
  'case_replies',
  {
    id: id(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['answer', 'extension'] }).notNull(),
    templateId: text('template_id').notNull(),
    channel: text('channel', { enum: ['email', 'letter'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientEmail: text('recipient_email'),
    /** The window-envelope address block, one line per \n. */
    recipientAddress: text('recipient_address'),
    /** The letter as a PDF (also attached to the e-mail), stored like attachments. */
    pdfSha256: text('pdf_sha256').notNull(),
    /** The outbox mail that carries an e-mail reply. */
    mailId: text('mail_id'),
    /** Extension notices: the new term they announce. */
    newDueOn: text('new_due_on'),
    sentOn: text('sent_on').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('case_replies_case').on(t.caseId)],
)

/** Per row, the hub version this desk last saw (sent as base_seq with the next local edit). Local only. */
export const syncVersions = sqliteTable('sync_versions', {
  /** "<table>/<row id>" */
  id: id(),
  hubSeq: integer('hub_seq').notNull(),
  /** The station whose change made that version (null: from a snapshot), shown when a conflict's field moved. */
  deskId: text('desk_id'),
})

/** This desk's sync bookkeeping: hub address, token, pull cursor, hub identity. Local only, one row. */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  hubUrl: text('hub_url'),
  deskToken: text('desk_token'),
  cursor: integer('cursor').notNull().default(0),
  hubId: text('hub_id'),
  epoch: text('epoch'),
  lastSyncAt: text('last_sync_at'),
  lastError: text('last_error'),
  lastErrorCode: text('last_error_code'),
})

/**
 * Hub log entries this desk could not apply (e.g. a row breaking a local constraint): kept aside,
 * retried every round and shown on the sync screen, so one bad change never stops the rest.
 */
export const syncQuarantine = sqliteTable('sync_quarantine', {
  seq: integer('seq').primaryKey(),
  entry: text('entry').notNull(),
  error: text('error').notNull(),
  at: text('at').notNull(),
})

/**
 * A true conflict on a sensitive field (e-mail, bank account, name, identifiers), opened by the hub
 * and synced to every desk; a clerk resolves it side by side — resolving is an ordinary change.
 */
export const syncConflicts = sqliteTable('sync_conflicts', {
  id: id(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  /** JSON: the field names settled together. */
  fields: text('fields').notNull(),
  /** JSON: the values the hub kept, and the values the other desk sent. */
  hubValues: text('hub_values').notNull(),
  deskValues: text('desk_values').notNull(),
  /** 'unique': a second desk claimed a unique key (a portal login, a statement file …) the office already had. */
  kind: text('kind', { enum: ['field', 'unique'] }),
  deskId: text('desk_id').notNull(),
  mutationId: text('mutation_id').notNull(),
  status: text('status', { enum: ['open', 'resolved'] }).notNull(),
  resolution: text('resolution', { enum: ['hub', 'desk'] }),
  resolvedBy: text('resolved_by'),
  resolvedAt: text('resolved_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

// ---------------------------------------------------------------------------------------------
// Mail outbox, consents with evidence, iBOK registration (issues 4 and 5).

/**
 * The durable mail outbox. Every mail is a row before anything is sent: queued → sending → sent,
 * or failed with the server's reply; a row found in "sending" at start-up becomes "uncertain"
 * and waits for staff (SMTP cannot say whether a crash came before or after the server took
 * it). The content and the Message-ID never change (guarded by triggers); only delivery state does.
 */
export const mails = sqliteTable(
  'mails',
  {
    id: id(),
    kind: text('kind', { enum: ['credentials', 'test', 'invoice', 'case_reply', 'consent', 'other'] }).notNull(),
    /** Only the desk that queued a mail sends it: synced rows from other desks are never claimed here. */
    stationCode: text('station_code').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    /** The record the mail is about, e.g. portal_accounts/<id> or invoices/<id>. */
    relatedEntity: text('related_entity'),
    relatedId: text('related_id'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** JSON [{ fileName, contentType, sha256, bytes }]; the bytes live in the file store. */
    attachments: text('attachments').notNull(),
    /** Fixed at queueing, derived from the id: the receiving side can recognise a repeat. */
    messageId: text('message_id').notNull().unique(),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastAttemptAt: text('last_attempt_at'),
    /** Why the last attempt did not go through, in Polish; serverReply is the server's own words. */
    lastError: text('last_error'),
    serverReply: text('server_reply'),
    sentAt: text('sent_at'),
    /** A staff decision about the row (resend, marked as sent, cancelled) with its reason. */
    decisionNote: text('decision_note'),
    /** A resend of a sent mail is a new row pointing at the original. */
    resendOf: text('resend_of'),
    createdBy: text('created_by'),
    ...timestamps,
  },
  (t) => [index('mails_due').on(t.state, t.nextAttemptAt), index('mails_customer').on(t.customerId, t.createdAt), index('mails_related').on(t.relatedEntity, t.relatedId)],
)

/** Scans of signed paper forms (PDF/JPG): evidence. The bytes are content-addressed under dataDir/attachments/<sha256>. */
export const scans = sqliteTable(
  'scans',
  {
    id: id(),
    customerId: text('customer_id').references(() => customers.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type', { enum: ['application/pdf', 'image/jpeg'] }).notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('scans_customer').on(t.customerId)],
)

/**
 * Versions of consent texts published by the office after release (shipped versions live in
 * resources/texts). A version, once published, is never edited: a new text is a new version.
 */
export const consentTexts = sqliteTable(
  'consent_texts',
  {
    id: id(),
    textId: text('text_id').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    sha256: text('sha256').notNull(),
    validFrom: text('valid_from').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('consent_texts_version').on(t.textId, t.version)],
)

/**
 * Consent and acceptance events, append-only (triggers refuse changes to the evidence). The
 * customer's current state is derived from them (shared/domain/consents.ts), never stored.
 */
export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: id(),
    /** Registration number, written on the paper form and printed on the confirmation slip. */
    documentNo: text('document_no').notNull().unique(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    contractId: text('contract_id').references(() => contracts.id),
    type: text('type', { enum: ['e_invoice', 'regulamin', 'sms'] }).notNull(),
    action: text('action', { enum: ['accept', 'withdraw', 'change_email', 'annul'] }).notNull(),
    /** JSON array of EInvoiceScope for e-invoice acceptances. */
    scope: text('scope'),
    /** withdraw / change_email: the acceptance concerned; annul: the event voided. */
    refersTo: text('refers_to'),
    /** The exact text accepted: its id, version and SHA-256 of the content. */
    textId: text('text_id'),
    textVersion: text('text_version'),
    textSha256: text('text_sha256'),
    /** The information clause (RODO art. 13) shown with the form. */
    infoClauseVersion: text('info_clause_version'),
    infoClauseSha256: text('info_clause_sha256'),
    email: text('email'),
    phone: text('phone'),
    signedOn: text('signed_on').notNull(),
    /** The exact instant of signing when known (electronic, or a time written on the form). */
    signedAt: text('signed_at'),
    effectiveOn: text('effective_on').notNull(),
    registeredAt: text('registered_at').notNull(),
    /** paper: a signed form at the counter or by post; electronic: through the portal; office: a staff correction (annulment). */
    channel: text('channel', { enum: ['paper', 'electronic', 'office'] }).notNull(),
    scanId: text('scan_id').references(() => scans.id),
    staffId: text('staff_id'),
    stationCode: text('station_code').notNull(),
    workstation: text('workstation').notNull(),
    ipAddress: text('ip_address'),
    signerKind: text('signer_kind', { enum: ['customer', 'representative', 'staff'] }).notNull(),
    representativeName: text('representative_name'),
    authorisation: text('authorisation'),
    /** The iBOK application (Wniosek) the event came from. */
    applicationId: text('application_id'),
    note: text('note'),
  },
  (t) => [index('consent_events_customer').on(t.customerId, t.effectiveOn), index('consent_events_registered').on(t.registeredAt)],
)

/** The paper "Wniosek rejestracyjny" as typed at the counter, and what became of it. */
export const registrationApplications = sqliteTable(
  'registration_applications',
  {
    id: id(),
    applicationNo: text('application_no').notNull().unique(),
    state: text('state', { enum: ['received', 'verified', 'account_created', 'rejected'] }).notNull(),
    // The form's fields, in the paper's order.
    customerNo: text('customer_no').notNull(),
    applicantName: text('applicant_name').notNull(),
    supplyStreet: text('supply_street').notNull(),
    supplyHouseNo: text('supply_house_no').notNull(),
    supplyFlatNo: text('supply_flat_no'),
    supplyPostalCode: text('supply_postal_code').notNull(),
    supplyCity: text('supply_city').notNull(),
    /** Null when the correspondence address is the supply-point address. */
    correspondenceAddress: text('correspondence_address', { mode: 'json' }).$type<Address>(),
    email: text('email'),
    phone: text('phone'),
    invoiceNo: text('invoice_no').notNull(),
    acceptRegulamin: integer('accept_regulamin', { mode: 'boolean' }).notNull(),
    regulaminVersion: text('regulamin_version').notNull(),
    acceptEInvoice: integer('accept_e_invoice', { mode: 'boolean' }).notNull(),
    acceptSms: integer('accept_sms', { mode: 'boolean' }).notNull(),
    signedOn: text('signed_on').notNull(),
    scanId: text('scan_id').references(() => scans.id),
    // Verification and outcome.
    customerId: text('customer_id').references(() => customers.id),
    /** JSON [{ field, message }] of the last failed verification. */
    problems: text('problems'),
    /** JSON [string] of things the clerk should look at that do not block (name, address differ). */
    warnings: text('warnings'),
    verifiedAt: text('verified_at'),
    verifiedBy: text('verified_by'),
    rejectionReason: text('rejection_reason'),
    rejectedAt: text('rejected_at'),
    rejectedBy: text('rejected_by'),
    accountId: text('account_id'),
    /** Where the Wniosek came from: typed from paper at a desk, or sent online through the iBOK portal. */
    channel: text('channel', { enum: ['paper', 'portal'] }).notNull().default('paper'),
    /** Sent online: the invoice's gross amount the applicant gave as proof (grosze), re-checked at every verification. */
    invoiceGross: integer('invoice_gross'),
    receivedBy: text('received_by'),
    ...timestamps,
  },
  (t) => [index('registration_applications_state').on(t.state, t.createdAt), index('registration_applications_customer').on(t.customerId)],
)

/** iBOK portal accounts. The password exists only as a scrypt hash; null until credentials go out. */
export const portalAccounts = sqliteTable(
  'portal_accounts',
  {
    id: id(),
    customerId: text('customer_id')
      .notNull()
      .unique()
      .references(() => customers.id),
    login: text('login').notNull().unique(),
    passwordHash: text('password_hash'),
    state: text('state', { enum: ['pending', 'credentials_sent', 'active', 'locked'] }).notNull(),
    /** Where a lock returns to. */
    stateBeforeLock: text('state_before_lock', { enum: ['pending', 'credentials_sent', 'active'] }),
    lockReason: text('lock_reason'),
    /** The address credentials go to (from the Wniosek); the e-invoice address is a consent. */
    email: text('email'),
    credentialsChannel: text('credentials_channel', { enum: ['email', 'letter'] }),
    /** When the current password was generated, and when it left (mail accepted / letter printed). */
    passwordSetAt: text('password_set_at'),
    credentialsSentAt: text('credentials_sent_at'),
    activatedAt: text('activated_at'),
    lastPortalLoginAt: text('last_portal_login_at'),
    lockedAt: text('locked_at'),
    applicationId: text('application_id'),
    createdBy: text('created_by'),
    ...timestamps,
  },
)

/**
 * RODO erasures (art. 17): what an anonymisation rewrote, so that every desk and the sync hub
 * scrub their own copies (audit, change log, hub log) and drop the files — and a record that the
 * erasure happened. Holds no personal data: row references, field names and file hashes.
 * Append-only.
 */
export const rodoErasures = sqliteTable('rodo_erasures', {
  id: id(),
  customerId: text('customer_id')
    .notNull()
    .references(() => customers.id),
  /** JSON { "<table>/<row id>": ["field", …] }: the rows rewritten and the fields erased in each. */
  rows: text('rows').notNull(),
  /** JSON [sha256, …]: stored files only her rows referred to, removed everywhere. */
  files: text('files').notNull(),
  createdBy: text('created_by'),
  createdAt: text('created_at').notNull(),
})
