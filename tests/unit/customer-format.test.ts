// Addresses as the clerk types them and as letters, invoices and lists print them.
import { describe, expect, it } from 'vitest'
import { formatAddressLine, streetLine } from '../../shared/domain/customer-format'
import { address } from '../../shared/validation/fields'

const at = (street: string, houseNo = '12', flatNo: string | null = '3') => ({ street, houseNo, flatNo, postalCode: '22-400', city: 'Zamość' })

describe('address line', () => {
  it('never prints "ul. ul." when the street was typed with its prefix', () => {
    for (const street of ['ul. Partyzantów', 'ul.Partyzantów', 'ul Partyzantów', 'UL. Partyzantów', 'ulica Partyzantów', 'Partyzantów']) {
      expect(formatAddressLine(at(street)), street).toBe('ul. Partyzantów 12/3, 22-400 Zamość')
    }
  })

  it('keeps a street that is not an "ulica" as it is written', () => {
    expect(streetLine(at('al. Jana Pawła II', '5', null))).toBe('al. Jana Pawła II 5')
    expect(streetLine(at('Plac Wolności', '1', null))).toBe('Plac Wolności 1')
    expect(streetLine(at('os. Orzeszkowej', '4', '7'))).toBe('os. Orzeszkowej 4/7')
    // A street whose name merely starts with the letters "ul" is not touched.
    expect(streetLine(at('Ułańska', '2', null))).toBe('ul. Ułańska 2')
    expect(streetLine(at('Ulrychowska', '2', null))).toBe('ul. Ulrychowska 2')
  })

  it('stores the street without a typed "ul." and still requires a name', () => {
    expect(address().parse(at('ul. Partyzantów')).street).toBe('Partyzantów')
    expect(address().parse(at('  Partyzantów ')).street).toBe('Partyzantów')
    const r = address().safeParse(at('ul. '))
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].message).toBe('Ulica: pole wymagane')
  })
})
