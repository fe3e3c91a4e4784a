import { describe, expect, it } from 'vitest'
import { isMessageKey, t } from '../../../src-renderer/i18n'
import { pl } from '../../../src-renderer/i18n/pl'

describe('t()', () => {
  it('fills placeholders', () => {
    expect(t('lock.signedIn', { name: 'Jan Kowalski', role: 'urzędnik' })).toBe('Zalogowany: Jan Kowalski (urzędnik)')
  })

  it('picks Polish plural forms', () => {
    expect([1, 2, 4, 5, 12, 22, 25, 101].map((n) => t('search.results', { n }))).toEqual([
      '1 wynik',
      '2 wyniki',
      '4 wyniki',
      '5 wyników',
      '12 wyników',
      '22 wyniki',
      '25 wyników',
      '101 wyników',
    ])
  })

  it('knows its keys', () => {
    expect(isMessageKey('nav.customers')).toBe(true)
    expect(isMessageKey('op.nothing.like.this')).toBe(false)
  })

  it('has no empty message', () => {
    for (const [key, message] of Object.entries(pl)) {
      const forms = typeof message === 'string' ? [message] : Object.values(message)
      for (const form of forms) expect(form.trim(), key).not.toBe('')
    }
  })
})
