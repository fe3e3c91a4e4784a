// `npm run portal`: the iBOK portal for customers, run next to the hub behind the office's TLS.
//   node out/main/portal.js --hub URL --desk-token T --data-dir DIR [--port 5200] [--host 127.0.0.1]
//                           [--insecure-cookies] [--trust-proxy]
// The station must first be registered at the hub: node out/main/hub.js --add-desk WW --name "iBOK"
// (station codes are two characters office-wide — customer numbers and series carry them — so WW, not WWW).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DataDirLockedError } from '../platform/data-dir-lock'
import { startSyncLoop } from '../core/sync/loop'
import { createPortalServer } from './server'
import { openPortalStation, PORTAL_STATION, setSmtpPassword } from './station'

const HELP = `ibok-desk — portal iBOK dla klientów

  --hub URL            adres serwera synchronizacji (przy pierwszym uruchomieniu)   env IBOK_PORTAL_HUB
  --desk-token T       token stanowiska WW z "hub.js --add-desk WW"               env IBOK_PORTAL_TOKEN
  --station CODE       kod stanowiska (domyślnie ${PORTAL_STATION.code})
  --data-dir DIR       katalog danych portalu (replika danych biura)                env IBOK_PORTAL_DIR
  --port N             port (domyślnie 5200)                                        env IBOK_PORTAL_PORT
  --host H             adres nasłuchu (domyślnie 127.0.0.1 — za serwerem TLS biura)
  --smtp-password-file F  hasło SMTP biura (nie jest synchronizowane; portal wysyła linki do zmiany hasła)
                                                                                    env IBOK_PORTAL_SMTP_PASSWORD_FILE
  --insecure-cookies   ciasteczka bez Secure (tylko do prób bez TLS)
  --trust-proxy        adres klienta z X-Forwarded-For (tylko za własnym serwerem proxy)
  --help`

const { values: args } = parseArgs({
  options: {
    hub: { type: 'string' },
    'desk-token': { type: 'string' },
    station: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'insecure-cookies': { type: 'boolean' },
    'smtp-password-file': { type: 'string' },
    'trust-proxy': { type: 'boolean' },
    help: { type: 'boolean' },
  },
})
if (args.help) {
  console.log(HELP)
  process.exit(0)
}

const dataDir = resolve(args['data-dir'] ?? process.env.IBOK_PORTAL_DIR ?? '.data/portal')
const hubUrl = args.hub ?? process.env.IBOK_PORTAL_HUB ?? ''
const deskToken = args['desk-token'] ?? process.env.IBOK_PORTAL_TOKEN ?? ''
const port = Number(args.port ?? process.env.IBOK_PORTAL_PORT ?? 5200)
const host = args.host ?? '127.0.0.1'

const desk = await openPortalStation({ dataDir, join: { hubUrl, deskToken, stationCode: args.station } }).catch((err: unknown) => {
  console.error(err instanceof DataDirLockedError || err instanceof Error ? err.message : err)
  process.exit(1)
})
const smtpPasswordFile = args['smtp-password-file'] ?? process.env.IBOK_PORTAL_SMTP_PASSWORD_FILE
if (smtpPasswordFile) setSmtpPassword(desk.services, readFileSync(resolve(smtpPasswordFile), 'utf8'))
const stopSync = startSyncLoop(desk.services.db, desk.sync)
const { server } = createPortalServer({ services: desk.services, secureCookies: !args['insecure-cookies'], trustProxy: !!args['trust-proxy'] })
server.listen(port, host, () => {
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  // Tests read this line; keep its shape.
  console.log(`ibok-portal: http://${host}:${actualPort}/ (stanowisko ${desk.services.stationCode()}, dane: ${dataDir})`)
})

const shutdown = () => {
  stopSync()
  server.close()
  desk.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
