// File imports (readings from the readers' handheld terminals and radio read-outs, customers from
// the billing system an office migrates from): the CSV as Polish Excel saves it, and the columns
// each import knows. Columns are found by their header (case, Polish letters and spaces do not
// matter), so their order is free. Pure text handling: the rules a value must meet are the API's
// zod schemas, applied by the import service.
import { foldText } from './text'

/** One column of an import file, as documented in the screen. */
export interface ImportColumn<K extends string = string> {
  key: K
  /** The header as our template writes it. */
  header: string
  /** Other headers that mean the same (folded before matching). */
  aliases?: readonly string[]
  required: boolean
  /** What goes in it, in Polish (shown in the screen's column list). */
  help: string
}

// --- Readings -------------------------------------------------------------------------------

/** Reading kinds by the words terminals and people write; the API's codes are accepted too. */
export const READING_KIND_WORDS: Readonly<Record<string, 'reader' | 'customer' | 'radio' | 'control' | 'estimated'>> = {
  inkasent: 'reader',
  'odczyt inkasenta': 'reader',
  reader: 'reader',
  klient: 'customer',
  'odczyt klienta': 'customer',
  customer: 'customer',
  radiowy: 'radio',
  radio: 'radio',
  'odczyt radiowy': 'radio',
  kontrolny: 'control',
  'odczyt kontrolny': 'control',
  control: 'control',
  szacunkowy: 'estimated',
  szacunek: 'estimated',
  estimated: 'estimated',
}

/** How a customer's own reading came in; the API's values (okienko, telefon, e-mail, portal). */
export const READING_SOURCE_WORDS: Readonly<Record<string, 'okienko' | 'telefon' | 'e-mail' | 'portal'>> = {
  okienko: 'okienko',
  telefon: 'telefon',
  telefonicznie: 'telefon',
  'e-mail': 'e-mail',
  email: 'e-mail',
  mail: 'e-mail',
  portal: 'portal',
  ibok: 'portal',
}

/**
 * Readings file, one reading a line:
 *   Nr wodomierza; Data odczytu; Stan; Rodzaj; Sposób podania; Uwagi
 *   ZM-00012345;   24.11.2026;   1234,567; inkasent; ;
 * The reading is the meter's whole m³ (the black drums): a fraction after the comma is dropped.
 */
export const READING_IMPORT_COLUMNS: readonly ImportColumn<'serialNo' | 'readOn' | 'value' | 'kind' | 'source' | 'note'>[] = [
  { key: 'serialNo', header: 'Nr wodomierza', aliases: ['numer wodomierza', 'wodomierz', 'nr fabryczny', 'numer fabryczny'], required: true, help: 'numer fabryczny wodomierza, jak w rejestrze' },
  { key: 'readOn', header: 'Data odczytu', aliases: ['data'], required: true, help: 'DD.MM.RRRR albo RRRR-MM-DD' },
  { key: 'value', header: 'Stan', aliases: ['stan wodomierza', 'stan m3', 'odczyt', 'wskazanie'], required: true, help: 'stan liczydła w m³; część po przecinku (np. 1234,567) jest pomijana' },
  { key: 'kind', header: 'Rodzaj', aliases: ['rodzaj odczytu'], required: false, help: 'inkasent (domyślnie), klient, radiowy, kontrolny albo szacunkowy' },
  { key: 'source', header: 'Sposób podania', aliases: ['zrodlo', 'sposob'], required: false, help: 'tylko dla odczytu klienta: okienko, telefon, e-mail albo portal' },
  { key: 'note', header: 'Uwagi', aliases: ['uwaga', 'notatka'], required: false, help: 'do 500 znaków' },
]

// --- Customers ------------------------------------------------------------------------------

type CustomerColumnKey =
  | 'kind' | 'firstName' | 'lastName' | 'companyName' | 'pesel' | 'nip' | 'regon' | 'email' | 'phone'
  | 'street' | 'houseNo' | 'flatNo' | 'postalCode' | 'city'
  | 'pointStreet' | 'pointHouseNo' | 'pointFlatNo' | 'pointPostalCode' | 'pointCity'
  | 'services' | 'tariffGroup' | 'startDate'
  | 'meterSerialNo' | 'meterDiameter' | 'meterLegalisationYear' | 'meterSealNo' | 'meterRadioId' | 'meterInstalledOn' | 'meterInitial'

/**
 * Customers file, one customer with one contract (and its supply point, optionally its main
 * meter) a line — the customer form, then the contract. An empty supply point address means the
 * correspondence address; meter columns are filled only where the meter is known.
 */
export const CUSTOMER_IMPORT_COLUMNS: readonly ImportColumn<CustomerColumnKey>[] = [
  { key: 'kind', header: 'Rodzaj klienta', aliases: ['rodzaj'], required: false, help: 'osoba albo firma (puste: firma, gdy podano nazwę firmy)' },
  { key: 'firstName', header: 'Imię', aliases: ['imie'], required: false, help: 'osoba: wymagane' },
  { key: 'lastName', header: 'Nazwisko', required: false, help: 'osoba: wymagane' },
  { key: 'companyName', header: 'Nazwa firmy', aliases: ['firma', 'nazwa'], required: false, help: 'firma: wymagana' },
  { key: 'pesel', header: 'PESEL', required: false, help: 'osoba; sprawdzana cyfra kontrolna' },
  { key: 'nip', header: 'NIP', required: false, help: 'firma: wymagany' },
  { key: 'regon', header: 'REGON', required: false, help: '' },
  { key: 'email', header: 'E-mail', aliases: ['email', 'adres e-mail'], required: false, help: '' },
  { key: 'phone', header: 'Telefon', aliases: ['tel', 'nr telefonu'], required: false, help: '' },
  { key: 'street', header: 'Ulica', required: true, help: 'adres do korespondencji' },
  { key: 'houseNo', header: 'Nr domu', aliases: ['numer domu'], required: true, help: '' },
  { key: 'flatNo', header: 'Nr lokalu', aliases: ['numer lokalu'], required: false, help: '' },
  { key: 'postalCode', header: 'Kod pocztowy', aliases: ['kod'], required: true, help: '00-000' },
  { key: 'city', header: 'Miejscowość', aliases: ['miasto'], required: true, help: '' },
  { key: 'pointStreet', header: 'PP ulica', aliases: ['ulica punktu poboru'], required: false, help: 'punkt poboru; puste: jak adres do korespondencji' },
  { key: 'pointHouseNo', header: 'PP nr domu', aliases: ['nr domu punktu poboru'], required: false, help: '' },
  { key: 'pointFlatNo', header: 'PP nr lokalu', aliases: ['nr lokalu punktu poboru'], required: false, help: '' },
  { key: 'pointPostalCode', header: 'PP kod pocztowy', aliases: ['kod pocztowy punktu poboru'], required: false, help: '' },
  { key: 'pointCity', header: 'PP miejscowość', aliases: ['miejscowosc punktu poboru'], required: false, help: '' },
  { key: 'services', header: 'Usługi', aliases: ['uslugi'], required: true, help: 'woda, ścieki albo woda i ścieki' },
  { key: 'tariffGroup', header: 'Grupa taryfowa', aliases: ['taryfa', 'kod grupy taryfowej'], required: true, help: 'kod grupy z Ustawień (np. G1)' },
  { key: 'startDate', header: 'Data umowy', aliases: ['data zawarcia umowy', 'umowa od'], required: true, help: 'DD.MM.RRRR albo RRRR-MM-DD' },
  { key: 'meterSerialNo', header: 'Nr wodomierza', aliases: ['numer wodomierza'], required: false, help: 'wodomierz główny; puste: bez wodomierza' },
  { key: 'meterDiameter', header: 'Średnica', aliases: ['srednica mm', 'dn'], required: false, help: 'mm (domyślnie 15)' },
  { key: 'meterLegalisationYear', header: 'Rok legalizacji', required: false, help: 'z wodomierzem: wymagany' },
  { key: 'meterSealNo', header: 'Nr plomby', aliases: ['plomba', 'numer plomby'], required: false, help: 'z wodomierzem: wymagany' },
  { key: 'meterRadioId', header: 'Nr modułu radiowego', aliases: ['modul radiowy'], required: false, help: '' },
  { key: 'meterInstalledOn', header: 'Data montażu', aliases: ['data montazu wodomierza'], required: false, help: 'puste: data umowy' },
  { key: 'meterInitial', header: 'Stan początkowy', aliases: ['stan przy montazu'], required: false, help: 'm³ (puste: 0)' },
]

/** Services by the words people write. */
export const SERVICES_WORDS: Readonly<Record<string, 'water' | 'sewage' | 'water_sewage'>> = {
  woda: 'water',
  water: 'water',
  scieki: 'sewage',
  sewage: 'sewage',
  'woda i scieki': 'water_sewage',
  'woda + scieki': 'water_sewage',
  'woda, scieki': 'water_sewage',
  'woda/scieki': 'water_sewage',
  water_sewage: 'water_sewage',
}

export const CUSTOMER_KIND_WORDS: Readonly<Record<string, 'person' | 'company'>> = {
  osoba: 'person',
  'osoba fizyczna': 'person',
  person: 'person',
  firma: 'company',
  company: 'company',
  'osoba prawna': 'company',
}

// --- Parsing --------------------------------------------------------------------------------

/** A line-precise problem with the file as a whole (the header, the quoting). */
export class CsvFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message)
  }
}

export interface CsvRecord<K extends string> {
  line: number
  /** Trimmed cell text per known column ('' when empty or the column is absent). */
  values: Record<K, string>
}

export interface CsvTable<K extends string> {
  records: CsvRecord<K>[]
  /** Headers no column was recognised for (left out, shown to the user). */
  ignoredColumns: string[]
  /** Rows whose cell count differs from the header's. */
  badRows: { line: number; message: string }[]
}

/** Folded words of a header or a value: "Sposób  podania" → "sposob podania". */
export const foldWords = (v: string): string => foldText(v).trim().replace(/\s+/g, ' ')

/** Splits CSV text into rows of cells (RFC 4180 quoting), remembering the line each row starts on. */
export function splitCsv(text: string, sep: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowStart = 1
  let atStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        cell += ch
      }
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
      atStart = false
    } else if (ch === sep) {
      cells.push(cell)
      cell = ''
      atStart = false
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      if (!atStart || cell !== '') out.push({ line: rowStart, cells: [...cells, cell] })
      cells = []
      cell = ''
      atStart = true
      line++
      rowStart = line
    } else {
      cell += ch
      atStart = false
    }
  }
  if (quoted) throw new CsvFileError(rowStart, `Wiersz ${rowStart}: niezamknięty cudzysłów — plik CSV jest uszkodzony`)
  if (!atStart || cell !== '') out.push({ line: rowStart, cells: [...cells, cell] })
  return out
}

/**
 * Reads an import file: BOM dropped, `;` as Excel saves it in Poland (a tab-separated file works
 * too), the header line naming the columns. A missing required column fails the whole file.
 */
export function readCsvTable<K extends string>(text: string, columns: readonly ImportColumn<K>[]): CsvTable<K> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  const sep = firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ';'
  const rows = splitCsv(body, sep).filter((r) => r.cells.some((c) => c.trim() !== ''))
  const header = rows.shift()
  if (!header) throw new CsvFileError(1, 'Plik jest pusty — pierwszy wiersz powinien zawierać nazwy kolumn')
  const byName = new Map<string, K>()
  for (const c of columns) for (const name of [c.header, ...(c.aliases ?? [])]) byName.set(foldWords(name), c.key)
  const positions = new Map<K, number>()
  const ignoredColumns: string[] = []
  header.cells.forEach((cell, i) => {
    const key = byName.get(foldWords(cell))
    if (key === undefined) {
      if (cell.trim()) ignoredColumns.push(cell.trim())
    } else if (positions.has(key)) {
      throw new CsvFileError(header.line, `Wiersz ${header.line}: kolumna „${cell.trim()}” występuje dwa razy`)
    } else positions.set(key, i)
  })
  const missing = columns.filter((c) => c.required && !positions.has(c.key))
  if (missing.length) {
    const names = missing.map((c) => `„${c.header}”`).join(', ')
    throw new CsvFileError(header.line, `Wiersz ${header.line}: brak kolumn ${names} — pierwszy wiersz pliku musi zawierać nazwy kolumn (separator ;)`)
  }
  const records: CsvRecord<K>[] = []
  const badRows: CsvTable<K>['badRows'] = []
  for (const row of rows) {
    if (row.cells.length > header.cells.length && row.cells.slice(header.cells.length).some((c) => c.trim() !== '')) {
      badRows.push({ line: row.line, message: `Wiersz ${row.line}: ${row.cells.length} pól zamiast ${header.cells.length} — sprawdź separator (;) i cudzysłowy` })
      continue
    }
    const values = {} as Record<K, string>
    for (const c of columns) {
      const at = positions.get(c.key)
      values[c.key] = at === undefined ? '' : (row.cells[at] ?? '').trim()
    }
    records.push({ line: row.line, values })
  }
  return { records, ignoredColumns, badRows }
}

/** A date as Polish Excel shows it (DD.MM.RRRR) to ISO; anything else is returned as given. */
export function isoDateOf(text: string): string {
  const pl = /^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$/.exec(text.trim())
  // Only rearranged: whether the day exists is the date field's rule (isoDate).
  return pl ? `${pl[3]}-${pl[2].padStart(2, '0')}-${pl[1].padStart(2, '0')}` : text.trim()
}

/** A meter reading with a decimal comma ("1 234,567") to its whole m³ as text; other text as given. */
export function wholeM3Of(text: string): string {
  const m = /^(\d[\d\s\u00a0]*)(?:[,.]\d*)?$/.exec(text.trim())
  return m ? m[1].replace(/[\s\u00a0]/g, '') : text.trim()
}
