// The test office (PGK Zamość, counter K1), one declaration for the integration tests and the
// end-to-end specs (plain data: the browser-driven specs import it without a desk).
export const TEST_OFFICE = {
  name: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu',
  nip: '9220003560',
  address: { street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość' },
  phone: '84 638 42 11',
  email: 'bok@pgk.zamosc.pl',
  bankName: 'Bank Pekao S.A.',
  bankAccount: '05124013721111000011112222',
  invoiceSeries: 'FW',
  stationCode: 'K1',
  stationName: 'Okienko 1',
  idleLockMinutes: 5,
}
