// @vitest-environment happy-dom
// An error under a field names the field by the label the clerk sees, whatever name the API
// contract gives it: "Co się dzieje: pole wymagane" under "Co się dzieje", not "Opis: …".
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, ref } from 'vue'
import { caseInput } from '../../../shared/api/operations/cases'
import { errorUnderLabel } from '../../../shared/validation/fields'
import BaseSelectField from '../../../src-renderer/components/BaseSelectField.vue'
import BaseTextArea from '../../../src-renderer/components/BaseTextArea.vue'
import BaseTextField from '../../../src-renderer/components/BaseTextField.vue'
import { t } from '../../../src-renderer/i18n'

let host: HTMLElement
const mount = (render: () => ReturnType<typeof h>) => {
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render }).mount(host)
  return host
}
afterEach(() => host.remove())

describe('field errors', () => {
  it('the failure form shows a missing description under its own label "Co się dzieje"', () => {
    const parsed = caseInput.safeParse({ type: 'failure', channel: 'phone', description: '', location: 'Lwowska 12', callbackPhone: '600 100 200', urgency: 'normal' })
    const message = parsed.error!.issues.find((i) => i.path[0] === 'description')!.message
    expect(message).toBe('Opis: pole wymagane') // the contract's own name for the field
    const el = mount(() => h(BaseTextArea, { path: 'description', label: t('failure.description'), modelValue: '', error: message }))
    expect(el.querySelector('.field__error')!.textContent).toBe('Co się dzieje: pole wymagane')
  })

  it('every kind of field takes the label from the one place', () => {
    const text = mount(() => h(BaseTextField, { path: 'x', label: 'Nr faktury', modelValue: '', error: 'Numer faktury: nie ma takiej faktury' }))
    expect(text.querySelector('.field__error')!.textContent).toBe('Nr faktury: nie ma takiej faktury')
    host.remove()
    const value = ref('a')
    const select = mount(() => h(BaseSelectField, { path: 'y', label: 'Kanał zgłoszenia', options: [{ value: 'a', label: 'A' }], modelValue: value.value, error: 'Kanał: wybierz z listy' }))
    expect(select.querySelector('.field__error')!.textContent).toBe('Kanał zgłoszenia: wybierz z listy')
  })

  it('leaves a message that does not start with a field name alone', () => {
    expect(errorUnderLabel('NIP', 'NIP ma błędną cyfrę kontrolną')).toBe('NIP ma błędną cyfrę kontrolną')
    expect(errorUnderLabel('Kod pocztowy', 'Kod pocztowy w formacie 00-000')).toBe('Kod pocztowy w formacie 00-000')
    expect(errorUnderLabel('Adres serwera', 'Adres serwera: podaj adres w postaci http://serwer:5190')).toBe('Adres serwera: podaj adres w postaci http://serwer:5190')
    expect(errorUnderLabel('Hasło', 'Hasła różnią się. Wpisz je ponownie: oba pola')).toBe('Hasła różnią się. Wpisz je ponownie: oba pola')
  })
})
