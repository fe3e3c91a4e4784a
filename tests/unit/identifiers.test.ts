// Identifier checks exactly as DOMAIN.md states them, and the zod field schemas built on them.
// Valid numbers below were computed by hand from the published weights, not by the code under test.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as f from '../../shared/validation/fields'
import {
  checkNip,
  checkNrb,
  checkPesel,
  checkPostalCode,
  checkRegon,
  decodePesel,
  formatNrb,
  makeNrb,
  IDENTIFIERS,
  normalizeNip,
  normalizeNrb,
  normalizePostalCode,
} from '../../shared/validation/identifiers'

/** Changes one digit at `index` to a different digit. */
const withDigitChanged = (value: string, index: number, by = 1): string =>
  value.slice(0, index) + String((Number(value[index]) + by) % 10) + value.slice(index + 1)

describe('PESEL', () => {
  it.each([
    ['85831201237', '1885-03-12', 'M'], // month + 80 → 1800s
    ['44051401359', '1944-05-14', 'M'], // month + 0 → 1900s
    ['99123156783', '1999-12-31', 'F'],
    ['05323104561', '2005-12-31', 'F'], // month + 20 → 2000s
    ['01410107899', '2101-01-01', 'M'], // month + 40 → 2100s
    ['99723103455', '2299-12-31', 'M'], // month + 60 → 2200s
    ['00222901116', '2000-02-29', 'M'], // 2000 is a leap year (divisible by 400)
    ['24222902229', '2024-02-29', 'F'],
  ])('%s is valid: born %s, sex %s', (pesel, birthDate, sex) => {
    expect(checkPesel(pesel)).toBeNull()
    expect(decodePesel(pesel)).toEqual({ birthDate, sex })
  })

  it('reads the sex from the 10th digit: even is a woman, odd a man', () => {
    expect(decodePesel('88120100017')?.sex).toBe('M')
    expect(decodePesel('88120100024')?.sex).toBe('F')
  })

  it.each([
    ['00022901110', '29 Feb 1900: 1900 was not a leap year'],
    ['01022901117', '29 Feb 1901'],
    ['24023003336', '30 Feb'],
    ['24043104442', '31 Apr'],
    ['24130105554', 'month 13'],
    ['24000106665', 'month 00'],
    ['24010007776', 'day 00'],
  ])('%s has a correct check digit but an impossible date (%s)', (pesel) => {
    expect(checkPesel(pesel)).toBe('PESEL zawiera nieistniejącą datę urodzenia')
    expect(decodePesel(pesel)).toBeNull()
  })

  it('rejects a wrong check digit, and any single changed digit', () => {
    expect(checkPesel('44051401358')).toBe('PESEL ma błędną cyfrę kontrolną')
    // Weights 1,3,7,9 are coprime to 10: changing any one digit always breaks the sum.
    for (let i = 0; i < 11; i++) expect(checkPesel(withDigitChanged('44051401359', i)), `digit ${i}`).not.toBeNull()
  })

  it.each(['4405140135', '440514013590', '4405140135A', '44O51401359', ' 44051401359', '440514-01359', ''])('rejects %j as not 11 digits', (v) => {
    expect(checkPesel(v)).toBe('PESEL musi mieć 11 cyfr')
  })
})

describe('NIP', () => {
  it.each(['9220003560', '5260250274', '1234563218', '7792143189'])('%s is valid', (nip) => {
    expect(checkNip(nip)).toBeNull()
  })

  it.each(['922-000-35-60', '922-00-03-560', '922 000 35 60', 'PL9220003560', 'pl 922-000-35-60', 'PL 922 000 35 60'])(
    'accepts the way people write it: %j',
    (nip) => {
      expect(normalizeNip(nip)).toBe('9220003560')
      expect(checkNip(normalizeNip(nip))).toBeNull()
      // The check runs on the canonical form only: it normalises nothing itself.
      expect(checkNip(nip)).not.toBeNull()
    },
  )

  it.each([
    ['PL PL 7671325342', 'PL7671325342'],
    ['PLPL5211355116', 'PL5211355116'],
    ['pl-PL 521-135-51-16', 'PL5211355116'],
  ])('a doubled PL prefix (%j) is not a NIP: the check sees what would be stored (%s) and refuses it', (typed, canonical) => {
    expect(normalizeNip(typed)).toBe(canonical)
    expect(checkNip(canonical)).toMatch(/^NIP ma prefiks kraju PL wpisany więcej niż raz/)
  })

  it('rejects a wrong check digit', () => {
    expect(checkNip('9220003561')).toBe('NIP ma błędną cyfrę kontrolną')
    expect(checkNip(withDigitChanged('5260250274', 3))).toBe('NIP ma błędną cyfrę kontrolną')
  })

  it('treats a weighted sum of 10 (mod 11) as invalid whatever the last digit', () => {
    // 1·6+0+…+1·6+6·7 = 54 ≡ 10 (mod 11): no digit can be the check digit.
    for (let d = 0; d <= 9; d++) expect(checkNip(`100000016${d}`)).toBe('NIP ma błędną cyfrę kontrolną')
  })

  it.each(['922000356', '92200035601', '92200O3560', 'DE9220003560', ''])('rejects %j as not 10 digits', (nip) => {
    expect(checkNip(nip)).toBe('NIP musi mieć 10 cyfr')
  })
})

describe('REGON', () => {
  it.each(['123456785', '950123454', '061234561', '12345678512347'])('%s is valid', (regon) => {
    expect(checkRegon(regon)).toBeNull()
  })

  it('rejects a wrong check digit in 9 and in 14 digits', () => {
    expect(checkRegon('123456784')).toBe('REGON ma błędną cyfrę kontrolną')
    expect(checkRegon('12345678512348')).toBe('REGON ma błędną cyfrę kontrolną')
  })

  it('rejects a 14-digit REGON whose first 9 digits are not a valid REGON, even with a right 14th digit', () => {
    // 12345678012340: digit 14 fits the 14-digit weights, but 123456780 should end in 5.
    expect(checkRegon('12345678012340')).toBe('REGON: pierwsze 9 cyfr nie tworzy poprawnego numeru REGON')
  })

  it.each(['12345678', '1234567851', '1234567851234', '123456785123478', '12345678A', ''])('rejects %j as neither 9 nor 14 digits', (regon) => {
    expect(checkRegon(regon)).toBe('REGON musi mieć 9 albo 14 cyfr')
  })
})

describe('NRB (bank account)', () => {
  const valid = '05124013721111000011112222'

  it('accepts a valid account written bare, with spaces or with PL', () => {
    expect(checkNrb(valid)).toBeNull()
    expect(checkNrb(normalizeNrb('05 1240 1372 1111 0000 1111 2222'))).toBeNull()
    expect(checkNrb(normalizeNrb('PL05124013721111000011112222'))).toBeNull()
    expect(normalizeNrb('PL PL05 1240 1372 1111 0000 1111 2222')).toBe(`PL${valid}`)
    expect(checkNrb(`PL${valid}`)).toMatch(/^Numer rachunku ma prefiks kraju PL wpisany więcej niż raz/)
    expect(normalizeNrb('PL05 1240 1372 1111 0000 1111 2222')).toBe(valid)
    expect(formatNrb(valid)).toBe('05 1240 1372 1111 0000 1111 2222')
  })

  it('rejects any single changed digit and a swap of two neighbours', () => {
    for (let i = 0; i < 26; i++) expect(checkNrb(withDigitChanged(valid, i, 3)), `digit ${i}`).toBe('Numer rachunku ma błędne cyfry kontrolne')
    expect(checkNrb('05124013721111000011121222')).toBe('Numer rachunku ma błędne cyfry kontrolne')
  })

  it.each(['0512401372111100001111222', '051240137211110000111122220', '0512401372111100001111222X', 'DE05124013721111000011112222'])(
    'rejects %j as not 26 digits',
    (v) => {
      expect(checkNrb(v)).toBe('Numer rachunku musi mieć 26 cyfr')
    },
  )

  it('makeNrb builds valid accounts that carry the sort code and the body', () => {
    expect(makeNrb('12401372', '1111000011112222')).toBe(valid)
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.stringMatching(/^\d{16}$/), (sortCode, body) => {
        const nrb = makeNrb(sortCode, body)
        expect(nrb).toMatch(/^\d{26}$/)
        expect(nrb.slice(2)).toBe(sortCode + body)
        expect(checkNrb(nrb)).toBeNull()
        expect(checkNrb(normalizeNrb('PL' + nrb))).toBeNull()
      }),
    )
  })

  it('makeNrb refuses a body that is not 24 digits with the sort code', () => {
    expect(() => makeNrb('1240137', '1111000011112222')).toThrow()
    expect(() => makeNrb('12401372', '111100001111222X')).toThrow()
  })
})

describe('postal code', () => {
  it.each(['22-400', '00-950', '99-999'])('%s is valid', (code) => expect(checkPostalCode(code)).toBeNull())
  it.each(['22400', '2-2400', '22-40', '22-4000', '22–400', 'AB-CDE', ' 22-400', ''])('%j is invalid', (code) => {
    expect(checkPostalCode(code)).toBe('Kod pocztowy w formacie 00-000')
  })
  it.each([['22400', '22400'], ['22 - 400', '22-400'], ['22–400', '22-400'], [' 22-400 ', '22-400'], ['2-2400', '2-2400']])('%j is written %j', (typed, canonical) => {
    expect(normalizePostalCode(typed)).toBe(canonical)
  })
})

describe('field schemas give Polish messages that name the field', () => {
  const message = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) => {
    const result = schema.safeParse(value)
    expect(result.success, `expected ${JSON.stringify(value)} to be refused`).toBe(false)
    return result.error!.issues[0].message
  }

  it('PESEL, NIP, REGON, postal code', () => {
    expect(message(f.pesel(), '44051401358')).toBe('PESEL ma błędną cyfrę kontrolną')
    expect(message(f.pesel(), '')).toBe('PESEL: pole wymagane')
    expect(message(f.nip(), '922-000-35-61')).toBe('NIP ma błędną cyfrę kontrolną')
    expect(message(f.optionalRegon(), '12345678012340')).toMatch(/^REGON/)
    expect(message(f.postalCode(), '22400')).toBe('Kod pocztowy w formacie 00-000')
    expect(message(f.nip(), 'PL PL 7671325342')).toMatch(/^NIP ma prefiks kraju PL wpisany więcej niż raz/)
    expect(message(f.optionalNip(), 'PLPL5211355116')).toMatch(/^NIP ma prefiks kraju PL/)
    expect(message(f.nrb('Rachunek bankowy biura'), 'PL PL 05 1240 1372 1111 0000 1111 2222')).toMatch(/^Rachunek bankowy biura: numer rachunku ma prefiks kraju PL/)
  })

  it('normalises what it accepts: NIP digits only, optional fields empty → null', () => {
    expect(f.nip().parse(' PL 922-000-35-60 ')).toBe('9220003560')
    expect(f.optionalNip().parse('')).toBeNull()
    expect(f.optionalNip().parse(undefined)).toBeNull()
    expect(f.optionalPesel().parse('44051401359')).toBe('44051401359')
    expect(f.nrb().parse('PL05 1240 1372 1111 0000 1111 2222')).toBe('05124013721111000011112222')
  })

  it('stores exactly what it checked: every accepted value is canonical and passes the check as stored', () => {
    const typed = fc.oneof(
      fc.stringMatching(/^(PL|pl| |-|\.|\d){0,40}$/),
      fc.constantFrom('PL PL 7671325342', 'PLPL5211355116', 'PL 767-132-53-42', ' 7671325342 ', 'PL05 1240 1372 1111 0000 1111 2222', '44051401359', '22400', '123-456-785'),
    )
    const fields = [
      [f.nip(), IDENTIFIERS.nip],
      [f.nrb(), IDENTIFIERS.nrb],
      [f.pesel(), IDENTIFIERS.pesel],
      [f.optionalRegon(), IDENTIFIERS.regon],
      [f.postalCode(), IDENTIFIERS.postalCode],
    ] as const
    fc.assert(
      fc.property(typed, (input) => {
        for (const [schema, rule] of fields) {
          const result = schema.safeParse(input)
          if (!result.success || result.data === null) continue
          expect(rule.normalize(result.data), input).toBe(result.data)
          expect(rule.check(result.data), input).toBeNull()
        }
      }),
      { numRuns: 2000 },
    )
    expect(f.nip().parse('PL 767-132-53-42')).toBe('7671325342')
    expect(f.postalCode().parse('22 – 400')).toBe('22-400')
  })

  it('a bank account field names its own label', () => {
    expect(message(f.nrb('Rachunek bankowy biura'), '05124013721111000011112223')).toMatch(/^Rachunek bankowy biura: /)
    expect(message(f.nrb('Rachunek bankowy biura'), '')).toBe('Rachunek bankowy biura: pole wymagane')
  })

  it('text, e-mail, phone, date and password fields', () => {
    expect(message(f.requiredText('Nazwisko', 5), '   ')).toBe('Nazwisko: pole wymagane')
    expect(message(f.requiredText('Nazwisko', 5), 'Wróblewski')).toBe('Nazwisko: najwyżej 5 znaków')
    expect(message(f.requiredText('Nazwisko'), undefined)).toBe('Nazwisko: pole wymagane')
    expect(message(f.email(), 'jan.kowalski@')).toBe('E-mail: niepoprawny adres e-mail')
    expect(message(f.optionalEmail('E-mail do faktur'), 'nie-mail')).toBe('E-mail do faktur: niepoprawny adres e-mail')
    expect(message(f.optionalPhone(), '12-34')).toMatch(/^Telefon: /)
    expect(message(f.isoDate('Data podpisu'), '2025-02-30')).toBe('Data podpisu: podaj datę w formacie DD.MM.RRRR')
    expect(message(f.newPassword(), 'krótkie1')).toBe('Nowe hasło: co najmniej 10 znaków')
    expect(message(f.newPassword(), 'bezżadnejcyfry')).toBe('Nowe hasło: musi zawierać litery i cyfry')
    expect(f.optionalPhone().parse('+48 601 234 567')).toBe('+48 601 234 567')
    expect(f.optionalPhone().parse('')).toBeNull()
  })

  it('the address block names each part', () => {
    const result = f.address().safeParse({ street: '', houseNo: '10', flatNo: '', postalCode: '22400', city: 'Zamość' })
    expect(result.success).toBe(false)
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toContain('street: Ulica: pole wymagane')
    expect(messages).toContain('postalCode: Kod pocztowy w formacie 00-000')
    expect(f.address().parse({ street: 'Krucza', houseNo: '10', flatNo: '', postalCode: '22-400', city: 'Zamość' }).flatNo).toBeNull()
  })
})
