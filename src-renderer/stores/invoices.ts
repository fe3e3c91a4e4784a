// Invoices: the customer card's list, one invoice as issued, and what a clerk does with it —
// preview the PDF, print a duplicate, send it again, download the KSeF XML; a supervisor's
// correction and KSeF number; the office-wide list and the print batches.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { InvoiceListItem, InvoiceView, PrintBatchView } from '../../shared/api/types'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export interface DownloadFile {
  fileName: string
  mimeType: string
  base64: string
}

const utf8Base64 = (text: string): string => {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export const useInvoicesStore = defineStore('invoices', () => {
  const session = useSessionStore()

  const customerInvoices = shallowRef<InvoiceListItem[] | null>(null)
  let customerId: string | null = null
  const customerLoad = useAsyncAction(async (id: string) => {
    if (customerId !== id) customerInvoices.value = null
    customerId = id
    const list = await api.call('invoices.list', { customerId: id, limit: CARD_PAGES.invoices })
    if (customerId === id) customerInvoices.value = list
  })

  /** The card's invoices, from the card's one request. */
  function showCustomer(id: string, items: InvoiceListItem[]): void {
    customerId = id
    customerInvoices.value = items
    customerLoad.done()
  }

  const invoice = shallowRef<InvoiceView | null>(null)
  const invoiceLoad = useAsyncAction(async (id: string) => {
    if (invoice.value?.id !== id) invoice.value = null
    invoice.value = await api.call('invoices.get', { id })
  })

  const list = shallowRef<InvoiceListItem[]>([])
  const listLoad = useAsyncAction(async (filter: InputOf<'invoices.list'>) => (list.value = await api.call('invoices.list', filter)))

  const batches = shallowRef<PrintBatchView[]>([])
  const batchesLoad = useAsyncAction(async () => (batches.value = await api.call('invoices.printBatches', { limit: 20 })))

  /** Files to save or print: one state for all of them, the screen shows one message. */
  const fileAction = useAsyncAction(async (what: { pdf: string } | { duplicate: string } | { xml: string } | { batch: string }): Promise<DownloadFile> => {
    if ('pdf' in what) {
      const pdf = await api.call('invoices.pdf', { id: what.pdf })
      return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
    }
    if ('duplicate' in what) {
      const pdf = await api.call('invoices.duplicate', { id: what.duplicate })
      // The duplicate is now in the invoice's history.
      if (invoice.value?.id === what.duplicate) invoice.value = await api.call('invoices.get', { id: what.duplicate })
      return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
    }
    if ('xml' in what) {
      const x = await api.call('invoices.ksefXml', { id: what.xml })
      return { fileName: x.fileName, mimeType: 'application/xml', base64: utf8Base64(x.xml) }
    }
    const pdf = await api.call('invoices.printBatchPdf', { id: what.batch })
    return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
  })

  const actionState = useAsyncAction(async (what: { resend: string } | { ksef: InputOf<'invoices.recordKsefNumber'> } | { correct: InputOf<'invoices.correct'> } | { printed: string }) => {
    if ('resend' in what) return (invoice.value = await api.call('invoices.resend', { id: what.resend }))
    if ('ksef' in what) return (invoice.value = await api.call('invoices.recordKsefNumber', what.ksef))
    if ('correct' in what) return api.call('invoices.correct', what.correct)
    await api.call('invoices.markBatchPrinted', { id: what.printed })
    batches.value = await api.call('invoices.printBatches', { limit: 20 })
    return null
  })

  // Nothing of one clerk's work stays on screen for the next one.
  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        customerInvoices.value = null
        customerId = null
        invoice.value = null
        list.value = []
        batches.value = []
      }
    },
  )

  return {
    customerInvoices,
    customerState: customerLoad.status,
    customerError: customerLoad.error,
    loadCustomer: customerLoad.run,
    showCustomer,
    hasCustomer: (id: string) => customerId === id && customerInvoices.value !== null,
    reloadCustomer: () => (customerId ? customerLoad.run(customerId) : Promise.resolve()),

    invoice,
    invoiceState: invoiceLoad.status,
    invoiceError: invoiceLoad.error,
    open: invoiceLoad.run,

    list,
    listState: listLoad.status,
    listError: listLoad.error,
    search: listLoad.run,

    batches,
    batchesState: batchesLoad.status,
    batchesError: batchesLoad.error,
    loadBatches: batchesLoad.run,

    fileState: fileAction.status,
    fileError: fileAction.error,
    fetchFile: fileAction.run,

    actionState: actionState.status,
    actionError: actionState.error,
    act: actionState.run,
    resetAction: actionState.reset,
  }
})
