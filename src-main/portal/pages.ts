// The portal's pages (Polish, server-rendered, no script). Values are escaped by `html`.
import type { CaseListItem, ConsumptionAnalysis, InvoiceListItem, MeterDetail, ReadingView, SettlementView } from '../../shared/api/types'
import { CASE_STATUS_LABELS, CASE_TYPE_INFO } from '../../shared/domain/cases'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { formatDate } from '../../shared/domain/dates'
import { METER_KIND_LABELS } from '../../shared/domain/meters'
import { formatGrosze } from '../../shared/domain/money'
import { consumptionChart } from './chart'
import type { EInvoiceState, PortalCaseView } from './customer'
import { csrfField, html, notice, page, type Html } from './html'
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './uploads'

type Nav = { customerNo: string; csrf: string; current: string }

const READING_KIND: Record<string, string> = {
  customer: 'podany przez klienta',
  reader: 'inkasent',
  control: 'kontrolny',
  estimated: 'szacunkowy',
  radio: 'radiowy',
  installation: 'montaż',
  removal: 'demontaż',
}
const READING_STATUS: Record<ReadingView['status'], string> = {
  ok: 'przyjęty',
  flagged: 'do wyjaśnienia',
  accepted: 'przyjęty po wyjaśnieniu',
  rejected: 'odrzucony',
}

const m3 = (v: number | null) => (v === null ? '—' : `${v} m³`)

export const errorPageBody = (text: string): Html => notice(text)
export const errorPage = (text: string): string => page({ title: 'Błąd', body: html`${notice(text)}<p><a href="/">Wróć do iBOK</a></p>` })

export function loginPage(o: { csrf: string; error: string | null; login: string }): string {
  return page({
    title: 'Logowanie',
    body: html`${notice(o.error)}
<form method="post" action="/logowanie" class="card">${csrfField(o.csrf)}
<label for="login">Numer klienta</label>
<input type="text" id="login" name="login" value="${o.login}" autocomplete="username" required maxlength="40">
<label for="password">Hasło</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="200">
<button type="submit">Zaloguj</button></form>
<p><a href="/nie-pamietam-hasla">Nie pamiętam hasła</a></p>
<p>Login to numer klienta z faktury. Dane logowania wydaje Biuro Obsługi Klienta (e-mailem albo listem). Nie masz konta? <a href="/rejestracja">Rejestracja</a></p>`,
  })
}

export function changePasswordPage(o: { nav: Nav | null; csrf: string; first: boolean; error: string | null }): string {
  return page({
    title: o.first ? 'Ustaw własne hasło' : 'Zmiana hasła',
    nav: o.nav,
    body: html`${o.first ? notice('To pierwsze logowanie: ustaw własne hasło, aby aktywować konto iBOK.', 'info') : ''}${notice(o.error)}
<form method="post" action="/zmiana-hasla" class="card">${csrfField(o.csrf)}
<label for="current">${o.first ? 'Hasło jednorazowe (z e-maila lub listu)' : 'Obecne hasło'}</label>
<input type="password" id="current" name="current" autocomplete="current-password" required maxlength="200">
<label for="next">Nowe hasło (co najmniej 10 znaków, litery i cyfry)</label>
<input type="password" id="next" name="next" autocomplete="new-password" required minlength="10" maxlength="200">
<label for="repeat">Powtórz nowe hasło</label>
<input type="password" id="repeat" name="repeat" autocomplete="new-password" required minlength="10" maxlength="200">
<button type="submit">Zapisz hasło</button></form>`,
  })
}

const balanceLine = (s: SettlementView): Html =>
  s.balance < 0
    ? html`<p class="unpaid">Do zapłaty: ${formatGrosze(-s.balance)}${s.overdue > 0 ? html` (w tym po terminie: ${formatGrosze(s.overdue)})` : ''}</p>`
    : html`<p class="paid">${s.balance > 0 ? `Nadpłata: ${formatGrosze(s.balance)}` : 'Brak zaległości.'}</p>`

export function accountPage(o: { nav: Nav; notice: string | null; settlement: SettlementView }): string {
  const s = o.settlement
  return page({
    title: 'Pulpit',
    nav: o.nav,
    body: html`${notice(o.notice, 'info')}
<section class="card"><h2>${s.customerName}</h2><p>Numer klienta: ${s.customerNo}</p>${balanceLine(s)}
<p>Wpłaty na rachunek: ${s.bankAccount}, w tytule numer klienta ${s.customerNo}.</p></section>
<ul><li><a href="/faktury">Faktury</a></li><li><a href="/odczyty">Odczyty i podanie stanu wodomierza</a></li>
<li><a href="/wodomierze">Wodomierze</a></li><li><a href="/rozliczenia">Rozliczenia</a></li><li><a href="/zmiana-hasla">Zmiana hasła</a></li></ul>
<form method="post" action="/wyloguj-wszedzie" class="card">${csrfField(o.nav.csrf)}<p>Zostawiłeś konto otwarte na innym urządzeniu?</p><button type="submit">Wyloguj na wszystkich urządzeniach</button></form>`,
  })
}

export function invoicesPage(o: { nav: Nav; invoices: InvoiceListItem[] }): string {
  const rows = o.invoices.map(
    (i) => html`<tr><td>${i.number}${i.kind === 'correction' ? ' (korekta)' : ''}</td><td>${formatDate(i.issueDate)}</td>
<td>${formatDate(i.periodFrom)} – ${formatDate(i.periodTo)}</td><td class="num">${formatGrosze(i.gross)}</td><td>${formatDate(i.dueDate)}</td>
<td>${i.open > 0 ? html`<span class="unpaid">do zapłaty ${formatGrosze(i.open)}${i.overdue ? ', po terminie' : ''}</span>` : html`<span class="paid">zapłacona</span>`}</td>
<td><a href="/faktury/${i.id}/pdf">PDF<span class="sr"> faktury ${i.number}</span></a></td></tr>`,
  )
  return page({
    title: 'Faktury',
    nav: o.nav,
    body: o.invoices.length
      ? html`<div class="table-wrap" tabindex="0"><table><caption>Faktury i korekty</caption><thead><tr><th scope="col">Numer</th><th scope="col">Wystawiona</th><th scope="col">Okres</th><th scope="col" class="num">Kwota</th><th scope="col">Termin</th><th scope="col">Stan</th><th scope="col">Plik</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : html`<p>Nie ma jeszcze faktur.</p>`,
  })
}

export function readingsPage(o: { nav: Nav; meters: { meter: MeterDetail; readings: ReadingView[] }[]; notice: string | null }): string {
  const sections = o.meters.map(
    ({ meter, readings }) => html`<section><h2>Wodomierz ${meter.serialNo} (${METER_KIND_LABELS[meter.kind]})</h2>
<p>${formatAddressLine(meter.supplyPointAddress)}</p>
${meter.status.code !== 'removed' ? html`<p><a href="/odczyty/nowy?wodomierz=${meter.id}">Podaj odczyt tego wodomierza</a></p>` : html`<p>Wodomierz zdjęty ${formatDate(meter.removedOn)}.</p>`}
${
  readings.length
    ? html`<div class="table-wrap" tabindex="0"><table><thead><tr><th scope="col">Data</th><th scope="col" class="num">Stan</th><th scope="col" class="num">Zużycie</th><th scope="col">Rodzaj</th><th scope="col">Stan odczytu</th></tr></thead><tbody>${readings.map(
        (r) => html`<tr><td>${formatDate(r.readOn)}</td><td class="num">${m3(r.valueM3)}</td><td class="num">${m3(r.consumptionM3)}</td><td>${READING_KIND[r.kind] ?? r.kind}</td><td>${READING_STATUS[r.status]}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>Brak odczytów.</p>`
}</section>`,
  )
  return page({ title: 'Odczyty', nav: o.nav, body: html`${notice(o.notice, 'info')}${o.meters.length ? sections : html`<p>Brak wodomierzy.</p>`}` })
}

export function readingFormPage(o: { nav: Nav; csrf: string; meter: MeterDetail; value: string; note: string; error: string | null; warnings: string[] }): string {
  const last = o.meter.lastReading
  return page({
    title: 'Podaj odczyt',
    nav: o.nav,
    body: html`${notice(o.error)}
${
  o.warnings.length
    ? html`<div class="error" role="alert"><p>Podany stan wydaje się nieprawdopodobny:</p><ul>${o.warnings.map((w) => html`<li>${w}</li>`)}</ul>
<p>Jeśli stan jest poprawny, opisz sytuację w uwagach i potwierdź — odczyt sprawdzi pracownik Biura Obsługi Klienta.</p></div>`
    : ''
}
<form method="post" action="/odczyty/nowy" class="card">${csrfField(o.csrf)}
<input type="hidden" name="meterId" value="${o.meter.id}">
<p>Wodomierz ${o.meter.serialNo}, ${formatAddressLine(o.meter.supplyPointAddress)}.${last ? ` Ostatni odczyt: ${last.valueM3} m³ (${formatDate(last.readOn)}).` : ''}</p>
<label for="valueM3">Stan wodomierza (pełne m³, czarne cyfry)</label>
<input type="number" id="valueM3" name="valueM3" value="${o.value}" inputmode="numeric" min="0" step="1" required>
<label for="note">Uwagi${o.warnings.length ? ' (wymagane przy potwierdzeniu)' : ' (opcjonalnie)'}</label>
<textarea id="note" name="note" rows="3" maxlength="500">${o.note}</textarea>
${o.warnings.length ? html`<input type="hidden" name="confirm" value="1">` : ''}
<button type="submit">${o.warnings.length ? 'Potwierdzam stan' : 'Wyślij odczyt'}</button></form>`,
  })
}

export function metersPage(o: { nav: Nav; meters: MeterDetail[] }): string {
  return page({
    title: 'Wodomierze',
    nav: o.nav,
    body: o.meters.length
      ? html`<div class="table-wrap" tabindex="0"><table><thead><tr><th scope="col">Nr wodomierza</th><th scope="col">Adres</th><th scope="col">Rodzaj</th><th scope="col">Legalizacja do</th><th scope="col">Stan</th><th scope="col" class="num">Ostatni odczyt</th></tr></thead><tbody>${o.meters.map(
          (m) => html`<tr><td>${m.serialNo}</td><td>${formatAddressLine(m.supplyPointAddress)}</td><td>${METER_KIND_LABELS[m.kind]}</td>
<td>${formatDate(m.status.expires)}</td><td>${m.status.label}</td><td class="num">${m.lastReading ? `${m.lastReading.valueM3} m³ (${formatDate(m.lastReading.readOn)})` : '—'}</td></tr>`,
        )}</tbody></table></div>`
      : html`<p>Brak wodomierzy.</p>`,
  })
}

export function settlementPage(o: { nav: Nav; settlement: SettlementView }): string {
  const s = o.settlement
  return page({
    title: 'Rozliczenia',
    nav: o.nav,
    body: html`<section class="card">${balanceLine(s)}<p>Rachunek do wpłat: ${s.bankAccount}<br>Tytuł przelewu: numer klienta ${s.customerNo}</p></section>
<h2>Historia rozliczeń</h2>
${
  s.ledger.length
    ? html`<div class="table-wrap" tabindex="0"><table><thead><tr><th scope="col">Data</th><th scope="col">Dokument</th><th scope="col">Opis</th><th scope="col" class="num">Obciążenie</th><th scope="col" class="num">Uznanie</th><th scope="col" class="num">Saldo</th></tr></thead><tbody>${s.ledger
        .slice()
        .reverse()
        .map(
          (e) => html`<tr><td>${formatDate(e.date)}</td><td>${e.document}</td><td>${e.description}</td><td class="num">${e.debit ? formatGrosze(e.debit) : ''}</td><td class="num">${e.credit ? formatGrosze(e.credit) : ''}</td><td class="num">${formatGrosze(e.balance)}</td></tr>`,
        )}</tbody></table></div>`
    : html`<p>Brak operacji.</p>`
}`,
  })
}

export interface ReportForm {
  kind: string
  description: string
  location: string
  phone: string
  urgent: boolean
}
export const EMPTY_REPORT: ReportForm = { kind: 'general', description: '', location: '', phone: '', urgent: false }

export function casesPage(o: { nav: Nav; csrf: string; cases: CaseListItem[]; form: ReportForm; error: string | null; notice: string | null }): string {
  const f = o.form
  const checked = (on: boolean) => (on ? html` checked` : '')
  return page({
    title: 'Zgłoszenia i korespondencja',
    nav: o.nav,
    body: html`${notice(o.notice, 'info')}${notice(o.error)}
<form method="post" action="/zgloszenia" class="card" enctype="multipart/form-data">${csrfField(o.csrf)}
<fieldset><legend>Rodzaj</legend>
<label><input type="radio" name="kind" value="general"${checked(f.kind !== 'failure')}> Wiadomość do Biura Obsługi Klienta</label>
<label><input type="radio" name="kind" value="failure"${checked(f.kind === 'failure')}> Zgłoszenie awarii</label></fieldset>
<label for="description">Treść</label>
<textarea id="description" name="description" rows="5" maxlength="4000" required>${f.description}</textarea>
<label for="location">Miejsce awarii (adres) — przy zgłoszeniu awarii</label>
<input type="text" id="location" name="location" value="${f.location}" maxlength="300">
<label for="phone">Telefon do kontaktu${f.kind === 'failure' ? '' : ' (opcjonalnie)'}</label>
<input type="text" id="phone" name="phone" value="${f.phone}" maxlength="30" autocomplete="tel">
<label><input type="checkbox" name="urgent" value="1"${checked(f.urgent)}> Awaria pilna (np. wyciek na ulicy, brak wody)</label>
<label for="photos">Zdjęcia (opcjonalnie): do ${MAX_PHOTOS} plików JPG lub PNG, każdy do ${MAX_PHOTO_BYTES / 1024 / 1024} MB</label>
<input type="file" id="photos" name="photos" accept="image/jpeg,image/png" multiple>
<button type="submit">Wyślij</button></form>
<p>W sprawach zagrażających bezpieczeństwu dzwoń na numer pogotowia wodociągowego 994.</p>
<h2>Twoje sprawy</h2>
${
  o.cases.length
    ? html`<div class="table-wrap" tabindex="0"><table><thead><tr><th scope="col">Numer</th><th scope="col">Rodzaj</th><th scope="col">Temat</th><th scope="col">Wpłynęła</th><th scope="col">Termin</th><th scope="col">Stan</th></tr></thead><tbody>${o.cases.map(
        (c) => html`<tr><td><a href="/zgloszenia/${c.id}">${c.caseNo}</a></td><td>${CASE_TYPE_INFO[c.type].label}</td><td>${c.subject}</td><td>${formatDate(c.receivedOn)}</td><td>${formatDate(c.dueOn)}</td><td>${CASE_STATUS_LABELS[c.status]}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>Nie ma jeszcze spraw.</p>`
}`,
  })
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`

/** One case: what the customer sent, its state and term, and the desk's replies ("Korespondencja"). */
export function casePage(o: { nav: Nav; view: PortalCaseView }): string {
  const v = o.view
  return page({
    title: `Sprawa ${v.caseNo}`,
    nav: o.nav,
    body: html`<section class="card"><p>${CASE_TYPE_INFO[v.type].label}: ${v.subject}</p>
<p>Wpłynęła ${formatDate(v.receivedOn)}, termin odpowiedzi ${formatDate(v.dueOn)}. Stan: ${CASE_STATUS_LABELS[v.status]}.</p>
${v.location ? html`<p>Miejsce: ${v.location}</p>` : ''}
<h2>Treść zgłoszenia</h2><div class="text">${v.description.split(/\n+/).map((para) => html`<p>${para}</p>`)}</div>
${v.attachments.length ? html`<p>Załączniki: ${v.attachments.map((a, i) => html`${i ? ', ' : ''}${a.fileName} (${kib(a.bytes)})`)}</p>` : ''}</section>
<h2>Korespondencja</h2>
${
  v.replies.length
    ? v.replies.map(
        (r) => html`<article class="card"><h3>${r.subject}</h3><p class="fine">${r.kind === 'extension' ? `Zawiadomienie o przedłużeniu terminu do ${formatDate(r.newDueOn)}` : 'Odpowiedź'} z ${formatDate(r.sentOn)}, wysłana ${r.channel === 'email' ? 'e-mailem' : 'listem'}.</p>
<div class="text">${r.body.split(/\n+/).map((para) => html`<p>${para}</p>`)}</div></article>`,
      )
    : html`<p>Nie ma jeszcze odpowiedzi Biura Obsługi Klienta.</p>`
}
<p><a href="/zgloszenia">Wróć do listy spraw</a></p>`,
  })
}

export function eInvoicePage(o: { nav: Nav; csrf: string; state: EInvoiceState; email: string; error: string | null; notice: string | null }): string {
  const { status, text } = o.state
  const body = status.active
    ? html`<section class="card"><p class="paid">Faktury elektroniczne: zaakceptowane od ${formatDate(status.since)}, na adres ${status.email ?? '—'}.</p>
<form method="post" action="/e-faktura">${csrfField(o.csrf)}<input type="hidden" name="action" value="withdraw">
<p>Po wycofaniu akceptacji faktury będą wysyłane pocztą w wersji papierowej.</p><button type="submit">Wycofuję akceptację e-faktur</button></form></section>`
    : text
      ? html`<section class="card"><h2>${text.title}</h2><p>Wersja ${text.version}, obowiązuje od ${formatDate(text.validFrom)}.</p>
<div class="text">${text.content.split(/\n{2,}/).map((para) => html`<p>${para}</p>`)}</div>
<p class="fine">Skrót SHA-256 treści: <code>${text.sha256}</code></p></section>
<form method="post" action="/e-faktura" class="card">${csrfField(o.csrf)}<input type="hidden" name="action" value="accept"><input type="hidden" name="textVersion" value="${text.version}">
<label for="email">Adres e-mail do faktur</label><input type="text" id="email" name="email" value="${o.email}" autocomplete="email" inputmode="email" required maxlength="200">
<label><input type="checkbox" name="agree" value="1" required> Akceptuję treść oświadczenia o przesyłaniu faktur w formie elektronicznej</label>
<button type="submit">Akceptuję e-faktury</button></form>`
      : html`<p>Treść oświadczenia jest chwilowo niedostępna — skontaktuj się z Biurem Obsługi Klienta.</p>`
  return page({ title: 'E-faktura', nav: o.nav, body: html`${notice(o.notice, 'info')}${notice(o.error)}${body}` })
}

const litres = (v: number | null) => (v === null ? '—' : `${v} l/dobę`)

export function analysisPage(o: { nav: Nav; analysis: ConsumptionAnalysis | null }): string {
  const a = o.analysis
  if (!a) return page({ title: 'Analiza zużycia', nav: o.nav, body: html`<p>Nie ma jeszcze umowy z punktem poboru — nie ma czego analizować.</p>` })
  const points =
    a.supplyPoints.length > 1
      ? html`<ul>${a.supplyPoints.map((pt) => html`<li><a href="/zuzycie?punkt=${pt.id}"${pt.id === a.supplyPoint.id ? html` aria-current="page"` : ''}>${formatAddressLine(pt.address)}</a></li>`)}</ul>`
      : ''
  const extra = a.periods.some((x) => x.additionalM3 !== null)
  return page({
    title: 'Analiza zużycia',
    nav: o.nav,
    body: html`${points}<section class="card"><h2>${formatAddressLine(a.supplyPoint.address)}</h2>
<p>Ostatnie 12 miesięcy: ${m3(a.summary.last12M3)} (rok wcześniej: ${m3(a.summary.previous12M3)}). Średnio ${litres(a.summary.litresPerDay)}${a.summary.groupLitresPerDay !== null ? `, średnia w grupie taryfowej ${a.summary.groupLitresPerDay} l/dobę` : ''}.</p>
${a.leak.status === 'constant_use' || a.leak.status === 'night_use' ? html`<p class="info">${a.leak.message}</p>` : ''}
<p><a href="/zuzycie/pdf?punkt=${a.supplyPoint.id}">Pobierz analizę (PDF)</a></p></section>
${a.periods.some((x) => x.m3 !== null) ? consumptionChart(a) : ''}
<div class="table-wrap" tabindex="0"><table><caption>Zużycie w okresach rozliczeniowych</caption><thead><tr><th scope="col">Okres</th><th scope="col" class="num">Zużycie</th><th scope="col" class="num">Średnio na dobę</th><th scope="col" class="num">Rok wcześniej</th><th scope="col" class="num">Średnia grupy</th>${extra ? html`<th scope="col" class="num">Wodomierz dodatkowy</th>` : ''}</tr></thead><tbody>${a.periods
      .slice()
      .reverse()
      .map(
        (x) => html`<tr><td>${x.label}${x.complete ? '' : ' (w toku)'}${x.estimated ? ' (szacunek)' : ''}</td><td class="num">${m3(x.m3)}</td><td class="num">${litres(x.litresPerDay)}</td><td class="num">${m3(x.lastYearM3)}</td><td class="num">${m3(x.groupAvgM3)}</td>${extra ? html`<td class="num">${m3(x.additionalM3)}</td>` : ''}</tr>`,
      )}</tbody></table></div>
${a.notes.length ? html`<ul class="fine">${a.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}`,
  })
}

export function forgotPasswordPage(o: { csrf: string; error: string | null; notice: string | null }): string {
  return page({
    title: 'Nie pamiętam hasła',
    body: html`${notice(o.notice, 'info')}${notice(o.error)}
<form method="post" action="/nie-pamietam-hasla" class="card">${csrfField(o.csrf)}
<label for="customerNo">Numer klienta</label>
<input type="text" id="customerNo" name="customerNo" autocomplete="username" required maxlength="40">
<label for="email">Adres e-mail podany w Biurze Obsługi Klienta</label>
<input type="text" id="email" name="email" autocomplete="email" inputmode="email" required maxlength="200">
<button type="submit">Wyślij link do ustawienia hasła</button></form>
<p><a href="/logowanie">Wróć do logowania</a></p>`,
  })
}

export function resetPasswordPage(o: { csrf: string; token: string; error: string | null }): string {
  return page({
    title: 'Ustaw nowe hasło',
    body: html`${notice(o.error)}
<form method="post" action="/nowe-haslo" class="card">${csrfField(o.csrf)}<input type="hidden" name="token" value="${o.token}">
<label for="next">Nowe hasło (co najmniej 10 znaków, litery i cyfry)</label>
<input type="password" id="next" name="next" autocomplete="new-password" required minlength="10" maxlength="200">
<label for="repeat">Powtórz nowe hasło</label>
<input type="password" id="repeat" name="repeat" autocomplete="new-password" required minlength="10" maxlength="200">
<button type="submit">Zapisz hasło</button></form>`,
  })
}

export interface RegistrationForm {
  customerNo: string
  applicantName: string
  street: string
  houseNo: string
  flatNo: string
  postalCode: string
  city: string
  email: string
  phone: string
  invoiceNo: string
  invoiceGross: string
  acceptEInvoice: boolean
  acceptSms: boolean
}
export const REGISTRATION_FIELDS = ['customerNo', 'applicantName', 'street', 'houseNo', 'flatNo', 'postalCode', 'city', 'email', 'phone', 'invoiceNo', 'invoiceGross'] as const

export function registrationPage(o: { csrf: string; form: RegistrationForm; regulamin: { version: string; title: string } | null; error: string | null; notice: string | null }): string {
  const f = o.form
  const input = (name: (typeof REGISTRATION_FIELDS)[number], label: string, extra: Html = html``) =>
    html`<label for="${name}">${label}</label><input type="text" id="${name}" name="${name}" value="${f[name]}" maxlength="200"${extra}>`
  const checked = (on: boolean) => (on ? html` checked` : '')
  if (o.notice) return page({ title: 'Rejestracja w iBOK', body: html`${notice(o.notice, 'info')}<p><a href="/logowanie">Przejdź do logowania</a></p>` })
  return page({
    title: 'Rejestracja w iBOK',
    body: html`${notice(o.error)}
<p>Wniosek o dostęp do iBOK. Dane sprawdzi Biuro Obsługi Klienta; dane logowania przyjdą e-mailem albo listem.</p>
<form method="post" action="/rejestracja" class="card">${csrfField(o.csrf)}
${input('customerNo', 'Numer klienta (z faktury)', html` required`)}
${input('applicantName', 'Imię i nazwisko / nazwa firmy', html` required autocomplete="name"`)}
<fieldset><legend>Adres punktu poboru</legend>
${input('street', 'Ulica', html` required`)}${input('houseNo', 'Nr domu', html` required`)}${input('flatNo', 'Nr lokalu (jeśli jest)')}
${input('postalCode', 'Kod pocztowy', html` required`)}${input('city', 'Miejscowość', html` required`)}</fieldset>
${input('email', 'E-mail', html` autocomplete="email" inputmode="email"`)}${input('phone', 'Telefon', html` autocomplete="tel"`)}
<fieldset><legend>Potwierdzenie, że jesteś klientem: jedna z faktur z ostatnich 12 miesięcy</legend>
${input('invoiceNo', 'Numer faktury', html` required`)}${input('invoiceGross', 'Kwota faktury brutto (zł)', html` required inputmode="decimal"`)}</fieldset>
${o.regulamin ? html`<input type="hidden" name="regulaminVersion" value="${o.regulamin.version}">` : ''}
<label><input type="checkbox" name="acceptRegulamin" value="1" required> Akceptuję ${o.regulamin?.title ?? 'Regulamin iBOK'}${o.regulamin ? ` (wersja ${o.regulamin.version})` : ''}</label>
<label><input type="checkbox" name="acceptEInvoice" value="1"${checked(f.acceptEInvoice)}> Chcę otrzymywać faktury elektroniczne na podany e-mail</label>
<label><input type="checkbox" name="acceptSms" value="1"${checked(f.acceptSms)}> Chcę otrzymywać powiadomienia SMS</label>
<button type="submit">Wyślij wniosek</button></form>
<p><a href="/logowanie">Mam już konto — logowanie</a></p>`,
  })
}
