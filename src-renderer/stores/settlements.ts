// Settlements: the customer's account (balance, open invoices, payments and the history), a
// payment at the counter, a supervisor's reversal, the printable statement and KP receipt; the
// bank statement import and the transfers no customer was found for.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { BankImportResult, SettlementView, UnmatchedTransferView } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import type { DownloadFile } from './invoices'
import { useSessionStore } from './session'

export const useSettlementsStore = defineStore('settlements', () => {
  const session = useSessionStore()

  const account = shallowRef<SettlementView | null>(null)
  let customerId: string | null = null
  const accountLoad = useAsyncAction(async (id: string) => {
    if (customerId !== id) account.value = null
    customerId = id
    const view = await api.call('payments.settlement', { customerId: id })
    if (customerId === id) account.value = view
  })

  /** The card's account, from the card's one request. */
  function showAccount(id: string, view: SettlementView): void {
    customerId = id
    account.value = view
    accountLoad.done()
  }

  const recordAction = useAsyncAction(async (input: InputOf<'payments.record'>) => {
    const result = await api.call('payments.record', input)
    if (customerId === input.customerId) account.value = result.settlement
    return result
  })

  const reverseAction = useAsyncAction(async (input: InputOf<'payments.reverse'>) => {
    const view = await api.call('payments.reverse', input)
    if (customerId === view.customerId) account.value = view
    return view
  })

  const fileAction = useAsyncAction(async (what: { statement: string } | { receipt: string }): Promise<DownloadFile> => {
    const pdf = 'statement' in what ? await api.call('payments.statementPdf', { customerId: what.statement }) : await api.call('payments.receiptPdf', { id: what.receipt })
    return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
  })

  const importResult = shallowRef<BankImportResult | null>(null)
  const importAction = useAsyncAction(async (input: InputOf<'payments.importStatement'>) => (importResult.value = await api.call('payments.importStatement', input)))

  const unmatched = shallowRef<UnmatchedTransferView[]>([])
  const unmatchedLoad = useAsyncAction(async () => (unmatched.value = await api.call('payments.unmatched', { limit: 200 })))
  const transferAction = useAsyncAction(async (what: { assign: InputOf<'payments.assignTransfer'> } | { ignore: InputOf<'payments.ignoreTransfer'> }) => {
    if ('assign' in what) await api.call('payments.assignTransfer', what.assign)
    else await api.call('payments.ignoreTransfer', what.ignore)
    unmatched.value = await api.call('payments.unmatched', { limit: 200 })
  })

  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        account.value = null
        customerId = null
        importResult.value = null
        unmatched.value = []
      }
    },
  )

  return {
    account,
    accountState: accountLoad.status,
    accountError: accountLoad.error,
    loadAccount: accountLoad.run,
    showAccount,
    hasAccount: (id: string) => customerId === id && account.value !== null,
    reloadAccount: () => (customerId ? accountLoad.run(customerId) : Promise.resolve()),

    recordState: recordAction.status,
    recordError: recordAction.error,
    record: recordAction.run,
    resetRecord: recordAction.reset,

    reverseState: reverseAction.status,
    reverseError: reverseAction.error,
    reverse: reverseAction.run,

    fileState: fileAction.status,
    fileError: fileAction.error,
    fetchFile: fileAction.run,

    importResult,
    importState: importAction.status,
    importError: importAction.error,
    importStatement: importAction.run,
    resetImport: () => {
      importAction.reset()
      importResult.value = null
    },

    unmatched,
    unmatchedState: unmatchedLoad.status,
    unmatchedError: unmatchedLoad.error,
    loadUnmatched: unmatchedLoad.run,
    transferState: transferAction.status,
    transferError: transferAction.error,
    decideTransfer: transferAction.run,
  }
})
