// Bulk import figures (issue 10): a supervisor imports, through the real operations (dispatch,
// validation, the plausibility checks, one audited and change-logged write), into a working copy
// of the Zamość office:
//
//   import.customers   rows/s: 10,000 customers, each with a supply point, a contract and a main meter
//   import.readings    rows/s: 20,000 readings of meters in service (the reader's terminal files)
//
// Each file is checked first ("Sprawdź plik", dry run; its time goes to stderr) and then imported;
// the figure is the import call alone, which validates again before it writes.
import { openDesk } from '../../src-main/desk/desk'
import { checkPesel } from '../../shared/validation/identifiers'
import { addDays } from '../../shared/domain/dates'
import { defineBench } from './lib/bench'
import { BENCH_TODAY, workingCopy } from './lib/offices'
import { figure, timeOnce } from './lib/report'

const CUSTOMERS = 10_000
const READINGS = 20_000
const log = (line: string) => console.error(`  ${line}`)

/** The i-th valid PESEL of people born in the 1970s (check digit computed). */
function pesel(i: number): string {
  const base = `7${i % 10}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(Math.floor(i / 10) % 10_000).padStart(4, '0')}`
  for (let d = 0; d < 10; d++) if (checkPesel(base + d) === null) return base + d
  throw new Error(`no PESEL for ${base}`)
}

const FIRST = ['Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'Małgorzata', 'Krzysztof', 'Agnieszka', 'Paweł']
const LAST = ['Wójcik', 'Kamińska', 'Lewandowski', 'Zielińska', 'Szymański', 'Woźniak', 'Dąbrowska', 'Kozłowski']

/** `taken`: PESELs of the office's customers (a demo customer may share a generated one). */
function customersFile(tariffCode: string, taken: ReadonlySet<string>): string {
  const header =
    'Rodzaj klienta;Imię;Nazwisko;PESEL;E-mail;Telefon;Ulica;Nr domu;Nr lokalu;Kod pocztowy;Miejscowość;Usługi;Grupa taryfowa;Data umowy;' +
    'Nr wodomierza;Średnica;Rok legalizacji;Nr plomby;Stan początkowy'
  const lines = [header]
  for (let i = 0, k = 0; i < CUSTOMERS; i++, k++) {
    while (taken.has(pesel(k))) k++
    // A new estate: addresses no demo customer has, one flat per customer.
    const house = `${1 + Math.floor(i / 40)}`
    const flat = `${1 + (i % 40)}`
    lines.push(
      [
        'osoba', FIRST[i % FIRST.length], LAST[(i >> 3) % LAST.length], pesel(k), `import${i}@example.pl`, `600 ${String(100_000 + i).slice(-6, -3)} ${String(i).padStart(3, '0').slice(-3)}`,
        'Osiedle Nowe Miasto', house, flat, '22-400', 'Zamość', 'woda i ścieki', tariffCode, '01.12.2025',
        `IMP-${String(i).padStart(7, '0')}`, '15', '2025', `PL-I${i}`, `${i % 50},${i % 10}`,
      ].join(';'),
    )
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}

export default defineBench({
  name: 'import',
  title: 'bulk import: 10,000 customers and 20,000 readings through customers/readings.importFile (Zamość)',
  async run() {
    const copy = await workingCopy('zamosc', 'import')
    const desk = openDesk({ dataDir: copy.dir, mailSender: 'manual', now: () => new Date(`${BENCH_TODAY}T10:00:00Z`), log: () => {} })
    try {
      const login = await desk.dispatch('staff.login', { login: 'kierownik', password: 'Demo-Krucza-10' }, null)
      if (!login.ok) throw new Error(`login: ${login.error.message}`)
      const token = (login.value as { token: string }).token
      const call = async (name: 'customers.importFile' | 'readings.importFile', text: string, dryRun: boolean) => {
        const r = await desk.dispatch(name, { fileName: `bench-${name}.csv`, text, dryRun }, token)
        if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
        const report = r.value as { toImport: number; errorCount: number; flagged: number; skippedCount: number; errors: unknown[] }
        if (report.errorCount) throw new Error(`${name}: ${report.errorCount} errors, e.g. ${JSON.stringify(report.errors.slice(0, 3))}`)
        return report
      }
      const sqlite = desk.services.db.sqlite

      // Customers.
      const tariff = sqlite.prepare(`SELECT code FROM tariff_groups ORDER BY code LIMIT 1`).get() as { code: string }
      const taken = new Set((sqlite.prepare(`SELECT pesel FROM customers WHERE pesel IS NOT NULL`).all() as { pesel: string }[]).map((r) => r.pesel))
      const customersText = customersFile(tariff.code, taken)
      const customersCheck = await timeOnce(() => call('customers.importFile', customersText, true))
      log(`customers: check of ${CUSTOMERS} rows (${(customersText.length / 1e6).toFixed(1)} MB) ${Math.round(customersCheck.ms)} ms`)
      const customersRun = await timeOnce(() => call('customers.importFile', customersText, false))
      log(`customers: import ${Math.round(customersRun.ms)} ms, ${customersRun.result.toImport} customers`)
      figure('import.customers', customersRun.result.toImport / (customersRun.ms / 1000), 'rows/s', customersRun.result.toImport)

      // Readings: the meters in service of the demo office (not the ones just imported), each read
      // a little above its last counted reading; fewer meters than readings → earlier days too.
      const meters = sqlite
        .prepare(
          `SELECT m.serial_no AS serial, (SELECT r.value_m3 FROM readings r WHERE r.meter_id = m.id AND r.status = 'ok' ORDER BY r.read_on DESC LIMIT 1) AS last
           FROM meters m WHERE m.state <> 'removed' AND m.serial_no NOT LIKE 'IMP-%' LIMIT ?`,
        )
        .all(READINGS) as { serial: string; last: number | null }[]
      const lines = ['Nr wodomierza;Data odczytu;Stan;Rodzaj']
      const perMeter = Math.ceil(READINGS / meters.length)
      for (let k = 0; k < perMeter; k++) {
        const day = addDays(BENCH_TODAY, -(perMeter - 1 - k))
        for (const m of meters) {
          if (lines.length > READINGS) break
          lines.push(`${m.serial};${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)};${(m.last ?? 0) + 1 + k},${k};inkasent`)
        }
      }
      const readingsText = '\ufeff' + lines.join('\r\n') + '\r\n'
      const readingsCheck = await timeOnce(() => call('readings.importFile', readingsText, true))
      log(`readings: check of ${lines.length - 1} rows for ${meters.length} meters ${Math.round(readingsCheck.ms)} ms (flagged ${readingsCheck.result.flagged}, skipped ${readingsCheck.result.skippedCount})`)
      const readingsRun = await timeOnce(() => call('readings.importFile', readingsText, false))
      log(`readings: import ${Math.round(readingsRun.ms)} ms, ${readingsRun.result.toImport} readings`)
      figure('import.readings', readingsRun.result.toImport / (readingsRun.ms / 1000), 'rows/s', readingsRun.result.toImport)
    } finally {
      desk.close()
      copy.dispose()
    }
  },
})
