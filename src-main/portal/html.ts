// Server-rendered HTML for the iBOK portal. Every interpolated value is escaped unless it is
// itself a fragment made by `html` (or marked `raw` — only for constant markup), so a customer's
// name, a note or an invoice number can never become markup (the helper: shared/markup/html.ts,
// which the consumption chart shares with the desk). No client script anywhere: the CSP forbids
// it (default-src 'none').

import { html, raw, type Html } from '../../shared/markup/html'

export { escapeHtml, Html, html, raw } from '../../shared/markup/html'

export interface PageOptions {
  title: string
  /** Signed-in: the menu and the logout form (with the session's CSRF token). */
  nav?: { customerNo: string; csrf: string; current: string } | null
  body: Html
}

const MENU: [string, string][] = [
  ['/konto', 'Pulpit'],
  ['/faktury', 'Faktury'],
  ['/odczyty', 'Odczyty'],
  ['/zuzycie', 'Zużycie'],
  ['/wodomierze', 'Wodomierze'],
  ['/rozliczenia', 'Rozliczenia'],
  ['/zgloszenia', 'Zgłoszenia'],
  ['/e-faktura', 'E-faktura'],
]

export function page({ title, nav, body }: PageOptions): string {
  const menu = nav
    ? html`<nav aria-label="Menu główne"><ul>${MENU.map(
        ([href, label]) => html`<li><a href="${href}"${nav.current === href ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
      )}</ul>
      <form method="post" action="/wyloguj" class="logout">${csrfField(nav.csrf)}<span>Klient ${nav.customerNo}</span> <button type="submit">Wyloguj</button></form></nav>`
    : ''
  return `<!doctype html>${html`<html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — iBOK</title><link rel="stylesheet" href="/portal.css"></head>
<body><header><a class="brand" href="/">iBOK — Internetowe Biuro Obsługi Klienta</a>${menu}</header>
<main id="tresc"><h1>${title}</h1>${body}</main>
<footer>Internetowe Biuro Obsługi Klienta</footer></body></html>`}`
}

export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`

/** An error or notice box; `role=alert` for errors so screen readers announce it. */
export const notice = (text: string | null | undefined, kind: 'error' | 'info' = 'error'): Html =>
  text ? html`<p class="${kind}"${kind === 'error' ? raw(' role="alert"') : ''}>${text}</p>` : html``

export const PORTAL_CSS = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#f5f7fa}
header{background:#0b4f8a;color:#fff;padding:.75rem 1rem}
header a{color:#fff}
.brand{font-weight:700;text-decoration:none;display:block;margin-bottom:.5rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current=page]{font-weight:700;text-decoration:underline}
.logout{margin-top:.5rem;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin-top:0}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
td.num,th.num{text-align:right}
form.card,section.card,article.card{background:#fff;padding:1rem;border:1px solid #d0d7de;border-radius:6px;margin-bottom:1rem;max-width:32rem}
label{display:block;margin:.5rem 0 .25rem;font-weight:600}
fieldset{border:0;padding:0;margin:0}legend{font-weight:600}
input[type=text],input[type=password],input[type=number],input[type=file],textarea{width:100%;padding:.5rem;font-size:1rem;border:1px solid #6e7781;border-radius:4px}
button{margin-top:.75rem;padding:.5rem 1rem;font-size:1rem;background:#0b4f8a;color:#fff;border:0;border-radius:4px;cursor:pointer}
header button{margin:0;background:#fff;color:#0b4f8a}
.error{background:#ffebe9;border:1px solid #cf222e;color:#82071e;padding:.5rem}
.info{background:#ddf4ff;border:1px solid #0969da;padding:.5rem}
.paid{color:#116329}.unpaid{color:#82071e;font-weight:600}
.table-wrap{overflow-x:auto;position:relative}
.chart{margin:0 0 1rem;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
/* A chart wider than the screen scrolls in its frame, starting at the newest periods (right). */
.chart-wrap{overflow-x:auto;direction:rtl}.chart-wrap svg{display:block;max-width:none;direction:ltr;margin-right:auto}
.legend{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem}
.fine{font-size:.875rem;color:#57606a;overflow-wrap:anywhere}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{text-align:center;color:#57606a;padding:2rem 1rem;font-size:.875rem}
@media (max-width:40rem){th,td{padding:.3rem}main{padding:.5rem}}
`
