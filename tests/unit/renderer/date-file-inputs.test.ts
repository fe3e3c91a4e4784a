// @vitest-environment happy-dom
// The one date field and the file picker, whatever the system's language: dates typed and shown
// as DD.MM.RRRR (months as MM.RRRR) while the form keeps ISO for the contract; the file picker
// says "Wybierz plik" / "Nie wybrano pliku" and then the file's name.
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, nextTick, ref } from 'vue'
import BaseDateInput from '../../../src-renderer/components/BaseDateInput.vue'
import BaseFileInput from '../../../src-renderer/components/BaseFileInput.vue'
import BaseTextField from '../../../src-renderer/components/BaseTextField.vue'

let host: HTMLElement
afterEach(() => host?.remove())

function mountDate(initial: string | null, month = false) {
  const model = ref<string | null | undefined>(initial)
  const inputs: string[] = []
  host = document.createElement('div')
  document.body.append(host)
  createApp({
    render: () =>
      h(BaseDateInput, {
        id: 'd',
        month,
        modelValue: model.value,
        'onUpdate:modelValue': (v: string | null | undefined) => (model.value = v),
        onInput: () => inputs.push('input'),
      }),
  }).mount(host)
  const text = host.querySelector<HTMLInputElement>('#d')!
  const type = async (value: string) => {
    text.value = value
    text.dispatchEvent(new Event('input', { bubbles: true }))
    await nextTick()
  }
  return { model, text, type, inputs, native: host.querySelector<HTMLInputElement>('.date-input__native')! }
}

describe('BaseDateInput', () => {
  it('shows the ISO model as DD.MM.RRRR in a text field, not a browser date input', () => {
    const { text, native } = mountDate('2026-12-07')
    expect(text.type).toBe('text')
    expect(text.value).toBe('07.12.2026')
    expect(text.placeholder).toBe('DD.MM.RRRR')
    expect(native.getAttribute('aria-hidden')).toBe('true')
    expect(native.tabIndex).toBe(-1)
  })

  it('turns what the clerk types into the ISO date, and passes on what is not a date yet', async () => {
    const { model, type, inputs } = mountDate('')
    await type('7.12.2026')
    expect(model.value).toBe('2026-12-07')
    await type('07.12.20')
    expect(model.value).toBe('07.12.20')
    await type('')
    expect(model.value).toBe('')
    expect(inputs).toHaveLength(3)
  })

  it('follows a model changed from outside', async () => {
    const { model, text } = mountDate('2026-01-02')
    model.value = '2025-11-30'
    await nextTick()
    await nextTick()
    expect(text.value).toBe('30.11.2025')
  })

  it('takes a date picked from the calendar as if it were typed', async () => {
    const { model, text, native, inputs } = mountDate('')
    native.value = '2026-12-24'
    native.dispatchEvent(new Event('change'))
    await nextTick()
    expect(text.value).toBe('24.12.2026')
    expect(model.value).toBe('2026-12-24')
    expect(inputs).toEqual(['input'])
  })

  it('in month mode reads and shows MM.RRRR', async () => {
    const { model, text, type } = mountDate('2026-11', true)
    expect(text.value).toBe('11.2026')
    expect(text.placeholder).toBe('MM.RRRR')
    await type('3.2026')
    expect(model.value).toBe('2026-03')
  })
})

describe('BaseTextField type="month"', () => {
  it('is the same Polish field, labelled', () => {
    host = document.createElement('div')
    document.body.append(host)
    createApp({ render: () => h(BaseTextField, { path: 'month', label: 'Miesiąc rozliczenia', type: 'month', modelValue: '2026-11' }) }).mount(host)
    const input = host.querySelector<HTMLInputElement>('input[name="month"]')!
    expect(input.type).toBe('text')
    expect(input.value).toBe('11.2026')
    expect(host.querySelector(`label[for="${input.id}"]`)?.textContent).toContain('Miesiąc rozliczenia')
  })
})

describe('BaseFileInput', () => {
  it('speaks Polish: "Wybierz plik", "Nie wybrano pliku", then the chosen file name', async () => {
    host = document.createElement('div')
    document.body.append(host)
    const changes: Event[] = []
    createApp({ render: () => h(BaseFileInput, { id: 'f', accept: '.csv', onChange: (e: Event) => changes.push(e) }) }).mount(host)
    expect(host.textContent).toContain('Wybierz plik')
    expect(host.textContent).toContain('Nie wybrano pliku')
    const input = host.querySelector<HTMLInputElement>('#f')!
    expect(input.type).toBe('file')
    expect(input.accept).toBe('.csv')
    Object.defineProperty(input, 'files', { value: [new File(['a'], 'inkasent-1.csv')] })
    input.dispatchEvent(new Event('change'))
    await nextTick()
    expect(host.textContent).toContain('inkasent-1.csv')
    expect(host.textContent).not.toContain('Nie wybrano pliku')
    expect(changes).toHaveLength(1)
  })
})
