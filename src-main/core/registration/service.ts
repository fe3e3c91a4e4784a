// iBOK applications (Wnioski): typed from paper, verified against the register, then either an
// account is created (with the Regulamin — and any e-invoice or SMS consent ticked on the form —
// recorded as consent events) or the application is rejected with a reason and a letter.
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import { ApiError } from '../../../shared/api/errors'
import type { applicationInput } from '../../../shared/api/operations/registration'
import type { ApplicationDetail, ApplicationPage, ApplicationProblem, ApplicationState, CredentialsIssued, PdfFile, RejectedApplication } from '../../../shared/api/types'
import { CONSENT_TEXT_OF, E_INVOICE_SCOPES, INFO_CLAUSE_TEXT_ID } from '../../../shared/domain/consents'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { portalLogin } from '../../../shared/domain/portal'
import type { ReadOrm } from '../../db/database'
import { containsAny } from '../../db/like'
import { customers, portalAccounts, registrationApplications, scans, staff } from '../../db/schema'
import { jobContext, newId, type StaffWrite, type WriteContext, type WriteTx } from '../../db/write'
import { rejectionLetterPdf } from '../../documents/portal-letters'
import { appendConsentEvent, toScanView } from '../consents/events'
import { consentCustomer, textForEvent } from '../consents/service'
import { currentText } from '../consents/texts'
import { takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import { accountById, accountView, credentialsResult, issueCredentials, planCredentials, requirePortalUrl } from './accounts'
import { verifyApplication, type Verification } from './verify'

type ApplicationRow = typeof registrationApplications.$inferSelect
type ApplicationData = z.output<typeof applicationInput>

const STATES: ApplicationState[] = ['received', 'verified', 'account_created', 'rejected']
export const formatApplicationNo = (stationCode: string, year: string, n: number): string => `WR/${stationCode}/${year}/${String(n).padStart(6, '0')}`

function columnsOf(d: ApplicationData & { invoiceGross?: number }) {
  return {
    invoiceGross: d.invoiceGross ?? null,
    customerNo: d.customerNo,
    applicantName: d.applicantName,
    supplyStreet: d.supplyAddress.street,
    supplyHouseNo: d.supplyAddress.houseNo,
    supplyFlatNo: d.supplyAddress.flatNo,
    supplyPostalCode: d.supplyAddress.postalCode,
    supplyCity: d.supplyAddress.city,
    correspondenceAddress: d.correspondenceAddress,
    email: d.email?.toLowerCase() ?? null,
    phone: d.phone,
    invoiceNo: d.invoiceNo,
    acceptRegulamin: d.acceptRegulamin,
    regulaminVersion: d.regulaminVersion,
    acceptEInvoice: d.acceptEInvoice,
    acceptSms: d.acceptSms,
    signedOn: d.signedOn,
    scanId: d.scanId ?? null,
  }
}

const supplyOf = (r: ApplicationRow) => ({ street: r.supplyStreet, houseNo: r.supplyHouseNo, flatNo: r.supplyFlatNo, postalCode: r.supplyPostalCode, city: r.supplyCity })
const dataOf = (r: ApplicationRow) => ({
  customerNo: r.customerNo,
  applicantName: r.applicantName,
  supplyAddress: supplyOf(r),
  correspondenceAddress: r.correspondenceAddress ?? null,
  email: r.email,
  phone: r.phone,
  invoiceNo: r.invoiceNo,
  acceptRegulamin: r.acceptRegulamin,
  regulaminVersion: r.regulaminVersion,
  acceptEInvoice: r.acceptEInvoice,
  acceptSms: r.acceptSms,
  signedOn: r.signedOn,
  scanId: r.scanId,
  // Sent online: the amount given as proof is checked again at every verification.
  invoiceGross: r.invoiceGross ?? undefined,
})
const problemsOf = (r: ApplicationRow): ApplicationProblem[] => (r.problems ? (JSON.parse(r.problems) as ApplicationProblem[]) : [])

export function createRegistrationService(s: Services) {
  const orm = () => s.db.read
  const today = () => businessDate(s.now())
  const staffName = (id: string | null) => (id ? (orm().select({ n: staff.fullName }).from(staff).where(eq(staff.id, id)).get()?.n ?? null) : null)

  const row = (o: ReadOrm, id: string): ApplicationRow => {
    const r = o.select().from(registrationApplications).where(eq(registrationApplications.id, id)).get()
    if (!r) throw new ApiError('NOT_FOUND', 'Wniosek: nie istnieje', 'id')
    return r
  }

  /** Checks made before anything is saved: typing errors, not verification results. */
  function checkTyped(d: ApplicationData, customerId: string | null): void {
    if (d.signedOn > today()) throw new ApiError('VALIDATION', `Data wniosku: ${formatDate(d.signedOn)} jest datą przyszłą`, 'signedOn')
    textForEvent(s, CONSENT_TEXT_OF.regulamin, d.regulaminVersion, d.signedOn, 'regulaminVersion', 'Wersja Regulaminu')
    if (d.scanId) {
      const scan = orm().select().from(scans).where(eq(scans.id, d.scanId)).get()
      if (!scan) throw new ApiError('VALIDATION', 'Skan wniosku: nie ma takiego pliku — dołącz skan ponownie', 'scanId')
      if (scan.customerId && customerId && scan.customerId !== customerId) throw new ApiError('VALIDATION', 'Skan wniosku: ten skan dołączono do innego klienta', 'scanId')
    }
  }

  /** Stores a verification's outcome: verified when nothing blocks, else back to "received" with the reasons. */
  function applyVerification(tx: WriteTx, id: string, v: Verification, staffId: string | null): void {
    const ok = v.problems.length === 0
    tx.update(registrationApplications, id, {
      state: ok ? 'verified' : 'received',
      customerId: v.customer?.id ?? null,
      problems: ok ? null : JSON.stringify(v.problems),
      warnings: v.warnings.length ? JSON.stringify(v.warnings) : null,
      verifiedAt: ok ? tx.now : null,
      verifiedBy: ok ? staffId : null,
    })
  }

  /** A new Wniosek in the queue, verified at once (the desk's checks, plus the invoice's amount when given online). */
  function receive(context: WriteContext, data: ApplicationData & { invoiceGross?: number }, channel: 'paper' | 'portal'): string {
    checkTyped(data, null)
    const office = s.office()
    if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
    return s.db.write(context, (tx) => {
      const year = today().slice(0, 4)
      const r = tx.insert(registrationApplications, {
        id: newId(),
        applicationNo: formatApplicationNo(office.stationCode, year, takeNext(tx, 'application', office.stationCode, year)),
        state: 'received',
        channel,
        ...columnsOf(data),
        receivedBy: context.staffId,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      applyVerification(tx, r.id, verifyApplication(tx.read, data, today()), context.staffId)
      return r.id
    })
  }

  function detail(id: string): ApplicationDetail {
    const r = row(orm(), id)
    const scan = r.scanId ? orm().select().from(scans).where(eq(scans.id, r.scanId)).get() : undefined
    const customer = r.customerId ? orm().select().from(customers).where(eq(customers.id, r.customerId)).get() : undefined
    const account = r.accountId ? orm().select().from(portalAccounts).where(eq(portalAccounts.id, r.accountId)).get() : undefined
    return {
      id: r.id,
      applicationNo: r.applicationNo,
      state: r.state,
      channel: r.channel,
      invoiceGross: r.invoiceGross ?? null,
      data: dataOf(r),
      scan: scan ? toScanView(scan) : null,
      problems: problemsOf(r),
      warnings: r.warnings ? (JSON.parse(r.warnings) as string[]) : [],
      customer: customer ? { id: customer.id, customerNo: customer.customerNo, displayName: customerDisplayName(customer) } : null,
      verifiedAt: r.verifiedAt,
      verifiedByName: staffName(r.verifiedBy),
      rejectionReason: r.rejectionReason,
      rejectedAt: r.rejectedAt,
      rejectedByName: staffName(r.rejectedBy),
      account: account ? accountView(orm(), account) : null,
      receivedByName: staffName(r.receivedBy),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }
  }

  async function letterFor(r: ApplicationRow): Promise<PdfFile> {
    const office = s.office()
    if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
    const address = r.correspondenceAddress ?? supplyOf(r)
    const [street, city] = formatAddressLine(address).split(', ')
    const pdf = await rejectionLetterPdf(s.resourcesDir, office, {
      recipient: { name: r.applicantName, address: [street, city] },
      applicationNo: r.applicationNo,
      applicationDate: r.signedOn,
      customerNo: r.customerNo,
      reason: r.rejectionReason ?? '',
      issuedOn: (r.rejectedAt ? businessDate(new Date(r.rejectedAt)) : today()),
    })
    return { fileName: `odmowa-${r.applicationNo.replace(/\//g, '-')}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
  }

  const editable = (r: ApplicationRow) => {
    if (r.state === 'account_created') throw new ApiError('CONFLICT', 'Konto z tego wniosku zostało już założone — wniosku nie można zmienić')
    if (r.state === 'rejected') throw new ApiError('CONFLICT', 'Wniosek został odrzucony — przyjmij nowy wniosek')
  }

  return {
    detail,

    list(input: { states?: ApplicationState[]; query?: string; limit: number; offset: number }): ApplicationPage {
      const scope: SQL[] = []
      if (input.query) {
        scope.push(containsAny([registrationApplications.applicationNo, registrationApplications.customerNo, registrationApplications.applicantName, registrationApplications.email], input.query))
      }
      const where = [...scope]
      if (input.states?.length) where.push(inArray(registrationApplications.state, input.states))
      const rows = orm()
        .select({ a: registrationApplications, staffName: staff.fullName, accountState: portalAccounts.state })
        .from(registrationApplications)
        .leftJoin(staff, eq(staff.id, registrationApplications.receivedBy))
        .leftJoin(portalAccounts, eq(portalAccounts.id, registrationApplications.accountId))
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(registrationApplications.createdAt), desc(registrationApplications.id))
        .limit(input.limit)
        .offset(input.offset)
        .all()
      const total = orm().select({ n: count() }).from(registrationApplications).where(where.length ? and(...where) : undefined).get()?.n ?? 0
      const counts = Object.fromEntries(STATES.map((st) => [st, 0])) as Record<ApplicationState, number>
      for (const c of orm()
        .select({ state: registrationApplications.state, n: count() })
        .from(registrationApplications)
        .where(scope.length ? and(...scope) : undefined)
        .groupBy(registrationApplications.state)
        .all())
        counts[c.state] = c.n
      return {
        items: rows.map(({ a, staffName: name, accountState }) => ({
          id: a.id,
          applicationNo: a.applicationNo,
          state: a.state,
          channel: a.channel,
          customerNo: a.customerNo,
          applicantName: a.applicantName,
          email: a.email,
          signedOn: a.signedOn,
          createdAt: a.createdAt,
          receivedByName: name,
          problem: a.state === 'rejected' ? a.rejectionReason : (problemsOf(a)[0]?.message ?? null),
          accountState: accountState ?? null,
        })),
        total,
        counts,
      }
    },

    submit(call: StaffWrite, data: ApplicationData): ApplicationDetail {
      return detail(receive(call, data, 'paper'))
    },

    /**
     * A Wniosek sent online through the iBOK portal (station WW, no staff member): the same queue
     * and the same verification, plus the amount of the invoice as proof. The outcome is for the
     * desk; the portal tells the sender nothing about it.
     */
    submitOnline(data: ApplicationData, invoiceGross: number): ApplicationDetail {
      return detail(receive(jobContext('registration.submitOnline', s.stationCode()), { ...data, invoiceGross }, 'portal'))
    },

    update(call: StaffWrite, id: string, data: ApplicationData): ApplicationDetail {
      editable(row(orm(), id))
      checkTyped(data, null)
      s.db.write(call, (tx) => {
        const before = row(tx.read, id)
        editable(before)
        // The amount sent online belongs to its invoice number: kept (and checked) while the number stays.
        const edited = { ...data, invoiceGross: before.invoiceNo === data.invoiceNo ? (before.invoiceGross ?? undefined) : undefined }
        tx.update(registrationApplications, id, columnsOf(edited))
        applyVerification(tx, id, verifyApplication(tx.read, edited, today()), call.staffId)
      })
      return detail(id)
    },

    verify(call: StaffWrite, id: string): ApplicationDetail {
      editable(row(orm(), id))
      s.db.write(call, (tx) => {
        const r = row(tx.read, id)
        editable(r)
        applyVerification(tx, id, verifyApplication(tx.read, dataOf(r), today()), call.staffId)
      })
      return detail(id)
    },

    async reject(call: StaffWrite, id: string, reason: string): Promise<RejectedApplication> {
      s.db.write(call, (tx) => {
        editable(row(tx.read, id))
        tx.update(registrationApplications, id, { state: 'rejected', rejectionReason: reason, rejectedAt: tx.now, rejectedBy: call.staffId })
      })
      return { application: detail(id), letter: await letterFor(row(orm(), id)) }
    },

    async rejectionLetter(id: string): Promise<PdfFile> {
      const r = row(orm(), id)
      if (r.state !== 'rejected') throw new ApiError('CONFLICT', 'Pismo o odmowie dotyczy tylko odrzuconego wniosku')
      return letterFor(r)
    },

    async createAccount(call: StaffWrite, id: string, delivery: 'email' | 'letter'): Promise<CredentialsIssued> {
      const r = row(orm(), id)
      if (r.state === 'account_created') throw new ApiError('CONFLICT', 'Konto z tego wniosku zostało już założone')
      if (r.state === 'rejected') throw new ApiError('CONFLICT', 'Wniosek został odrzucony')
      if (r.state !== 'verified' || !r.customerId) throw new ApiError('CONFLICT', problemsOf(r)[0]?.message ?? 'Najpierw zweryfikuj wniosek')
      if (delivery === 'email' && !r.email) throw new ApiError('VALIDATION', 'Sposób przekazania: wniosek nie zawiera adresu e-mail — wybierz list', 'delivery')
      requirePortalUrl(orm())
      const customer = consentCustomer(s, r.customerId, 'id')
      const regulamin = textForEvent(s, CONSENT_TEXT_OF.regulamin, r.regulaminVersion, r.signedOn, 'regulaminVersion', 'Wersja Regulaminu')
      const infoClause = currentText(orm(), s.resourcesDir, INFO_CLAUSE_TEXT_ID, r.signedOn)
      const eInvoice = r.acceptEInvoice ? currentText(orm(), s.resourcesDir, CONSENT_TEXT_OF.e_invoice, r.signedOn) : null
      const sms = r.acceptSms ? currentText(orm(), s.resourcesDir, CONSENT_TEXT_OF.sms, r.signedOn) : null
      if ((r.acceptEInvoice && !eInvoice) || (r.acceptSms && !sms)) throw new ApiError('CONFLICT', `Brak tekstu oświadczenia obowiązującego w dniu ${formatDate(r.signedOn)}`)
      const plan = await planCredentials(delivery)
      const context = { applicationNo: r.applicationNo, applicationDate: r.signedOn, reset: false }

      const { accountId, mailId } = s.db.write(call, (tx) => {
        const current = row(tx.read, id)
        const check = verifyApplication(tx.read, dataOf(current), today())
        // Re-checked inside the write: another desk or clerk may have created an account meanwhile.
        if (current.state !== 'verified' || check.problems.length) {
          throw new ApiError('CONFLICT', check.problems[0]?.message ?? 'Wniosek zmienił się — zweryfikuj go ponownie')
        }
        const account = tx.insert(portalAccounts, {
          id: newId(),
          customerId: customer.id,
          login: portalLogin(customer.customerNo),
          passwordHash: null,
          state: 'pending',
          email: current.email,
          applicationId: id,
          createdBy: call.staffId,
          createdAt: tx.now,
          updatedAt: tx.now,
        })
        const evidence = { customerId: customer.id, signedOn: current.signedOn, channel: 'paper' as const, scanId: current.scanId, signerKind: 'customer' as const, applicationId: id, infoClause }
        appendConsentEvent(s, tx, { ...evidence, type: 'regulamin', action: 'accept', text: regulamin, email: current.email }, call.staffId)
        if (eInvoice) appendConsentEvent(s, tx, { ...evidence, type: 'e_invoice', action: 'accept', text: eInvoice, email: current.email, scope: [...E_INVOICE_SCOPES] }, call.staffId)
        if (sms) appendConsentEvent(s, tx, { ...evidence, type: 'sms', action: 'accept', text: sms, phone: current.phone }, call.staffId)
        const { mailId } = issueCredentials(s, tx, account, plan, call.staffId, context)
        tx.update(registrationApplications, id, { state: 'account_created', accountId: account.id })
        return { accountId: account.id, mailId }
      })
      return { ...(await credentialsResult(s, accountId, plan, mailId, context)), application: detail(id) }
    },

    accountOf: (accountId: string) => accountById(orm(), accountId),
  }
}
