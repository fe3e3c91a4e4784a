// Customers: the Klienci search page, the open customer card with its change history, and the
// recently opened cards (per staff member, in this desk's localStorage).
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { AuditEntry, CustomerCard } from '../../shared/api/types'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useCustomerSearch } from '../composables/useCustomerSearch'
import { useSessionStore } from './session'

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
  const cardLoad = useAsyncAction(async (id: string) => {
    if (card.value?.customer.id !== id) card.value = null
    card.value = await api.call('customers.get', { id })
    remember(card.value)
    return card.value
  })

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

    audit,
    auditState: auditLoad.status,
    auditError: auditLoad.error,
    loadAudit: auditLoad.run,

    recent,
    clearRecent,
  }
})
