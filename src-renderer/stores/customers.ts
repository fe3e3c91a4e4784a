// Customers: the Klienci search page, the open customer card with its change history, and the
// recently opened cards (per staff member, in this desk's localStorage).
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import type { AuditEntry, CustomerCard, CustomerCardView, FieldChange } from '../../shared/api/types'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useCasesStore } from './cases'
import { useConsentsStore } from './consents'
import { useCustomerSearch } from './customerSearch'
import { useInvoicesStore } from './invoices'
import { useMailStore } from './mail'
import { useMetersStore } from './meters'
import { useReadingsStore } from './readings'
import { useRegistrationStore } from './registration'
import { useSessionStore } from './session'
import { useSettlementsStore } from './settlements'

export const PAGE_SEARCH_LIMIT = 50
const RECENT_MAX = 10

export interface RecentCustomer {
  id: string
  customerNo: string
  displayName: string
  address: string
  openedAt: string
}

export const useCustomersStore = defineStore('customers', () => {
  const session = useSessionStore()
  const pageSearch = useCustomerSearch({ limit: PAGE_SEARCH_LIMIT })

  const card = shallowRef<CustomerCard | null>(null)
  /** The supervisor's field-by-field history of the open card (customers.history), null until known. */
  const fieldHistory = shallowRef<{ customerId: string; changes: FieldChange[] } | null>(null)
  // The whole card is one request (customers.card); each section's store is filled from it, and a
  // section asks the desk itself only after its own write, paging or filter.
  const cardLoad = useAsyncAction(async (id: string) => {
    if (card.value?.customer.id !== id) card.value = null
    const view = await api.call('customers.card', { id })
    fillSections(id, view)
    card.value = view.card
    remember(view.card)
    return view.card
  })

  function fillSections(id: string, view: CustomerCardView): void {
    useMetersStore().showCustomer(id, view.meters, view.replacements)
    useReadingsStore().showAnalysis({ customerId: id, supplyPointId: null, months: CARD_PAGES.analysisMonths }, view.analysis)
    useInvoicesStore().showCustomer(id, view.invoices)
    useSettlementsStore().showAccount(id, view.settlement)
    useConsentsStore().showOverview(view.consents)
    useRegistrationStore().showAccount(id, view.portalAccount)
    useMailStore().showCustomerMail(id, view.mail)
    useCasesStore().showCustomerCases(id, view.cases)
    // Supervisors only: a clerk's card carries neither.
    fieldHistory.value = view.history ? { customerId: id, changes: view.history } : null
    audit.value = view.audit ?? []
    if (view.audit) auditLoad.done()
    else auditLoad.reset()
  }

  const audit = shallowRef<AuditEntry[]>([])
  const auditLoad = useAsyncAction(async (entityId: string) => {
    audit.value = []
    audit.value = await api.call('audit.forEntity', { entity: 'customers', entityId })
  })

  const recentKey = () => (session.staff ? `ibok.recentCustomers.${session.staff.id}` : null)
  const recent = shallowRef<RecentCustomer[]>([])

  function loadRecent(): void {
    const key = recentKey()
    try {
      recent.value = key ? (JSON.parse(localStorage.getItem(key) ?? '[]') as RecentCustomer[]) : []
    } catch {
      recent.value = []
    }
  }

  function saveRecent(list: RecentCustomer[]): void {
    recent.value = list
    const key = recentKey()
    if (key) localStorage.setItem(key, JSON.stringify(list))
  }

  function remember(c: CustomerCard): void {
    const { id, customerNo, displayName, correspondenceAddress } = c.customer
    const address = formatAddressLine(correspondenceAddress)
    const entry: RecentCustomer = { id, customerNo, displayName, address, openedAt: new Date().toISOString() }
    saveRecent([entry, ...recent.value.filter((r) => r.id !== id)].slice(0, RECENT_MAX))
  }

  function clearRecent(): void {
    saveRecent([])
  }

  // A different clerk at the same desk sees their own list; nobody sees the last customer's data.
  watch(
    () => session.staff?.id,
    (id) => {
      loadRecent()
      if (!id) {
        pageSearch.clear()
        card.value = null
        fieldHistory.value = null
        audit.value = []
      }
    },
    { immediate: true },
  )

  return {
    query: pageSearch.query,
    hits: pageSearch.hits,
    searchState: pageSearch.status,
    searchError: pageSearch.error,
    answeredQuery: pageSearch.answered,
    searchNow: pageSearch.runNow,

    card,
    cardState: cardLoad.status,
    cardError: cardLoad.error,
    openCard: cardLoad.run,
    fieldHistory,

    audit,
    auditState: auditLoad.status,
    auditError: auditLoad.error,
    loadAudit: auditLoad.run,

    recent,
    clearRecent,

    // One-off calls of the customer screens (form, merge, RODO panel, contracts): the screen keeps
    // its own state, the store is where the call is made.
    /** A card without opening it (no "recently opened" entry): a picker, a register, a merge. */
    getCard: (input: InputOf<'customers.get'>) => api.call('customers.get', input),
    /** One search outside the search page (e.g. a customer number typed on a bank transfer). */
    searchOnce: (input: InputOf<'customers.search'>) => api.call('customers.search', input),
    findDuplicates: (input: InputOf<'customers.findDuplicates'>) => api.call('customers.findDuplicates', input),
    create: (input: InputOf<'customers.create'>) => api.call('customers.create', input),
    update: (input: InputOf<'customers.update'>) => api.call('customers.update', input),
    merge: (input: InputOf<'customers.merge'>) => api.call('customers.merge', input),
    getFieldHistory: (input: InputOf<'customers.history'>) => api.call('customers.history', input),
    exportData: (input: InputOf<'customers.exportData'>) => api.call('customers.exportData', input),
    anonymisationCheck: (input: InputOf<'customers.anonymisationCheck'>) => api.call('customers.anonymisationCheck', input),
    anonymise: (input: InputOf<'customers.anonymise'>) => api.call('customers.anonymise', input),
    importFile: (input: InputOf<'customers.importFile'>) => api.call('customers.importFile', input),
    createContract: (input: InputOf<'contracts.create'>) => api.call('contracts.create', input),
    endContract: (input: InputOf<'contracts.end'>) => api.call('contracts.end', input),
  }
})
