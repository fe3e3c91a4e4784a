// Cases and failure reports: the filtered list, the open case with its timeline, the dashboard
// counts and the actions on a case. Every action answers with the case as it now stands.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { Assignee, CaseDashboard, CaseDetail, CaseSearchResult, FileContent, ReplyDraft, ReplyTemplateView, SentReply } from '../../shared/api/types'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const CASES_PAGE = 50

export const useCasesStore = defineStore('cases', () => {
  const session = useSessionStore()

  const dashboard = shallowRef<CaseDashboard | null>(null)
  const dashboardLoad = useAsyncAction(async () => (dashboard.value = await api.call('cases.dashboard', {})))

  const list = shallowRef<CaseSearchResult | null>(null)
  let lastFilter: InputOf<'cases.search'> = {}
  const listLoad = useAsyncAction(async (filter: InputOf<'cases.search'>) => {
    lastFilter = filter
    const page = await api.call('cases.search', { ...filter, limit: CASES_PAGE, offset: 0 })
    list.value = page
    return page
  })
  /** The next page of the same filter, appended. */
  const moreLoad = useAsyncAction(async () => {
    const shown = list.value?.items ?? []
    const page = await api.call('cases.search', { ...lastFilter, limit: CASES_PAGE, offset: shown.length })
    list.value = { total: page.total, items: [...shown, ...page.items] }
  })

  const customerCases = shallowRef<CaseSearchResult | null>(null)
  let customerCasesOf: string | null = null
  const customerLoad = useAsyncAction(async (customerId: string) => {
    customerCases.value = null
    customerCasesOf = customerId
    customerCases.value = await api.call('cases.search', { customerId, limit: CARD_PAGES.cases })
  })
  /** The card's cases, from the card's one request. */
  function showCustomerCases(customerId: string, page: CaseSearchResult): void {
    customerCasesOf = customerId
    customerCases.value = page
    customerLoad.done()
  }

  const current = shallowRef<CaseDetail | null>(null)
  const openLoad = useAsyncAction(async (id: string) => {
    if (current.value?.id !== id) current.value = null
    current.value = await api.call('cases.get', { id })
    return current.value
  })

  /** One state for every action on the open case: the screen shows one message for them all. */
  const action = useAsyncAction(async (run: () => Promise<CaseDetail>) => {
    current.value = await run()
    return current.value
  })

  const createLoad = useAsyncAction((input: InputOf<'cases.create'>) => api.call('cases.create', input))

  const templates = shallowRef<ReplyTemplateView[]>([])
  const templatesLoad = useAsyncAction(async (id: string) => (templates.value = await api.call('cases.templates', { id })))
  const draftLoad = useAsyncAction((input: InputOf<'cases.draftReply'>): Promise<ReplyDraft> => api.call('cases.draftReply', input))
  const sendLoad = useAsyncAction(async (input: InputOf<'cases.sendReply'>): Promise<SentReply> => {
    const sent = await api.call('cases.sendReply', input)
    current.value = sent.case
    return sent
  })

  /** PDFs and scans of a case, fetched to be saved (and opened for printing). */
  const fileLoad = useAsyncAction(async (what: { dispatchSheet: string } | { replyLetter: string } | { attachment: string }): Promise<FileContent> => {
    if ('dispatchSheet' in what) {
      const pdf = await api.call('cases.dispatchSheet', { id: what.dispatchSheet })
      return { fileName: pdf.fileName, mimeType: 'application/pdf', contentBase64: pdf.pdfBase64 }
    }
    if ('replyLetter' in what) {
      const pdf = await api.call('cases.replyLetter', { replyId: what.replyLetter })
      return { fileName: pdf.fileName, mimeType: 'application/pdf', contentBase64: pdf.pdfBase64 }
    }
    return api.call('cases.attachment', { id: what.attachment })
  })

  const assignees = shallowRef<Assignee[]>([])
  const assigneesLoad = useAsyncAction(async () => (assignees.value = await api.call('cases.assignees', {})))

  // Nothing of one clerk's work stays on screen for the next one.
  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        dashboard.value = null
        list.value = null
        customerCases.value = null
        current.value = null
      }
    },
  )

  return {
    dashboard,
    dashboardState: dashboardLoad.status,
    dashboardError: dashboardLoad.error,
    loadDashboard: dashboardLoad.run,

    list,
    listState: listLoad.status,
    listError: listLoad.error,
    search: listLoad.run,
    moreState: moreLoad.status,
    loadMore: moreLoad.run,

    customerCases,
    customerCasesState: customerLoad.status,
    customerCasesError: customerLoad.error,
    loadCustomerCases: customerLoad.run,
    showCustomerCases,
    hasCustomerCases: (customerId: string) => customerCasesOf === customerId && customerCases.value !== null,

    current,
    openState: openLoad.status,
    openError: openLoad.error,
    open: openLoad.run,

    actionState: action.status,
    actionError: action.error,
    resetAction: action.reset,
    start: (id: string) => action.run(() => api.call('cases.start', { id })),
    assign: (input: InputOf<'cases.assign'>) => action.run(() => api.call('cases.assign', input)),
    route: (input: InputOf<'cases.route'>) => action.run(() => api.call('cases.route', input)),
    addNote: (id: string, text: string) => action.run(() => api.call('cases.addNote', { id, text })),
    close: (id: string, resolution: string) => action.run(() => api.call('cases.close', { id, resolution })),
    reopen: (id: string, reason: string) => action.run(() => api.call('cases.reopen', { id, reason })),
    addAttachment: (id: string, fileName: string, contentBase64: string) => action.run(() => api.call('cases.addAttachment', { id, fileName, contentBase64 })),

    createState: createLoad.status,
    createError: createLoad.error,
    create: createLoad.run,
    resetCreate: createLoad.reset,

    templates,
    loadTemplates: templatesLoad.run,
    draftState: draftLoad.status,
    draftError: draftLoad.error,
    draft: draftLoad.run,
    sendState: sendLoad.status,
    sendError: sendLoad.error,
    send: sendLoad.run,
    resetSend: sendLoad.reset,

    fileState: fileLoad.status,
    fileError: fileLoad.error,
    fetchFile: fileLoad.run,

    assignees,
    loadAssignees: assigneesLoad.run,
  }
})
