// Form validation with the contract's zod schemas: a field is checked when the clerk leaves it
// (never on each keystroke), an existing message disappears as soon as the field is fixed, and
// server errors that name a field land next to it. The rules live only in shared/.
import { computed, reactive, ref } from 'vue'
import type { z } from 'zod'
import type { ApiError } from '../../shared/api/errors'
import { t } from '../i18n'

/** DOM id of the input for a field path ("office.address.city" → "f-office-address-city"). */
export const fieldId = (path: string): string => `f-${path.replace(/\./g, '-')}`

/** Rules of the form itself, not of the operation (e.g. "repeat the password"): path → message. */
export type ExtraRule = () => Record<string, string | undefined>

export function useFormValidation(schema: z.ZodType, model: () => unknown, extra: ExtraRule = () => ({})) {
  const errors = reactive<Record<string, string>>({})
  /** A message not tied to one field (e.g. a conflict or a network failure). */
  const formError = ref<string | null>(null)

  function problems(): Map<string, string> {
    const found = new Map<string, string>()
    const result = schema.safeParse(model())
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.')
        if (!found.has(path)) found.set(path, issue.message)
      }
    }
    for (const [path, message] of Object.entries(extra())) if (message && !found.has(path)) found.set(path, message)
    return found
  }

  /** Fields the clerk has typed in: tabbing through an empty form must not paint it red. */
  const edited = new Set<string>()

  /** On blur: checks a field the clerk typed in (or one already showing a message). */
  function validateField(path: string): void {
    if (!edited.has(path) && !errors[path]) return
    const message = problems().get(path)
    if (message) errors[path] = message
    else delete errors[path]
  }

  /** On input: only clears a message once the value is right; it never adds one mid-typing. */
  function revalidateIfShown(path: string): void {
    edited.add(path)
    if (errors[path] && !problems().has(path)) delete errors[path]
  }

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
    formError.value = null
  }

  /** Checks every field; on failure moves focus to the first field with a message. */
  function validateAll(): boolean {
    clear()
    const found = problems()
    for (const [path, message] of found) errors[path] = message
    if (found.size) {
      formError.value = t('common.formHasErrors')
      focusFirstError()
    }
    return found.size === 0
  }

  function focusFirstError(): void {
    const ids = Object.keys(errors).map(fieldId)
    const inputs = ids.map((id) => document.getElementById(id)).filter((el): el is HTMLElement => el !== null)
    // Reading order, not the order the schema lists the fields.
    inputs.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    inputs[0]?.focus()
  }

  /** Shows a server error next to its field when it names one that this form has. */
  function showServerError(error: ApiError, knownFields?: readonly string[]): void {
    if (error.field && (!knownFields || knownFields.includes(error.field)) && document.getElementById(fieldId(error.field))) {
      errors[error.field] = error.message
      formError.value = null
      focusFirstError()
    } else {
      formError.value = error.message
    }
  }

  const hasErrors = computed(() => Object.keys(errors).length > 0)

  return { errors, formError, hasErrors, validateField, revalidateIfShown, validateAll, showServerError, clear }
}

export type FormValidation = ReturnType<typeof useFormValidation>
