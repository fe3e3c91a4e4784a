// What registering a case does the same way for a complaint (NewCaseView) and a failure
// (NewFailureView): the contract's validation, the unsaved-changes guard, the customer card when
// opened from one, and the save — a notice with the case number, then the new case's page.
import { computed, onMounted, ref } from 'vue'
import { useRouter } from 'vue-router'
import { contract, type InputOf, type OutputOf } from '../../../shared/api/contract'
import type { CustomerCard } from '../../../shared/api/types'
import { fieldId, useFormValidation } from '../../composables/useFormValidation'
import { useNotices } from '../../composables/useNotices'
import { useUnsavedGuard } from '../../composables/useUnsavedGuard'
import { useCasesStore } from '../../stores/cases'
import { useCustomersStore } from '../../stores/customers'

export interface NewCaseOptions {
  /** The field the cursor starts in. */
  focus: string
  /** Something typed that leaving would lose. */
  filled: () => boolean
  /** The confirmation after saving. */
  notice: (created: OutputOf<'cases.create'>) => string
  /** Opened from a customer card: that customer (null when it could not be read). */
  customerId?: string
  onCustomer?: (card: CustomerCard | null) => void
}

export function useNewCase(form: InputOf<'cases.create'>, options: NewCaseOptions) {
  const router = useRouter()
  const cases = useCasesStore()
  const customers = useCustomersStore()
  const { notify } = useNotices()
  const v = useFormValidation(contract['cases.create'].input, () => form)
  const saved = ref(false)
  useUnsavedGuard(computed(() => !saved.value && options.filled()))

  onMounted(async () => {
    cases.resetCreate()
    document.getElementById(fieldId(options.focus))?.focus()
    if (options.customerId) options.onCustomer?.(await customers.getCard({ id: options.customerId }).catch(() => null))
  })

  async function save() {
    if (cases.createState === 'loading' || !v.validateAll()) return
    const created = await cases.create({ ...form })
    if (!created) {
      if (cases.createError) v.showServerError(cases.createError)
      return
    }
    saved.value = true
    notify(options.notice(created))
    await router.replace({ name: 'case', params: { id: created.id } })
  }

  return { v, save, busy: computed(() => cases.createState === 'loading') }
}
