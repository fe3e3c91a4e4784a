// Browser mode: `npm run web`. Serves the built renderer and the HTTP adapter on the real
// database — the same app as the Electron one, for machines without an Electron binary.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDesk } from '../desk/desk'
import { DataDirLockedError } from '../platform/data-dir-lock'
import { BackupRejectedError, restoreBackup } from '../platform/backups'
import { DATABASE_FILE } from '../desk/desk'
import { createHttpApi } from './http-api'
import { startSyncLoop } from '../core/sync/loop'

const HELP = `ibok-desk — tryb przeglądarkowy

  --port N         port (domyślnie 5180; 0 = dowolny wolny)     env IBOK_PORT
  --data-dir DIR   katalog danych (baza, kopie)                 env IBOK_DATA_DIR
  --token T        token dostępu (domyślnie losowy przy każdym uruchomieniu)
  --restore FILE   przywróć bazę z kopii zapasowej i zakończ
  --help`

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    token: { type: 'string' },
    restore: { type: 'string' },
    help: { type: 'boolean' },
  },
})

if (args.help) {
  console.log(HELP)
  process.exit(0)
}

const here = dirname(fileURLToPath(import.meta.url))
const dataDir = resolve(args['data-dir'] ?? process.env.IBOK_DATA_DIR ?? '.data/desk')
const port = Number(args.port ?? process.env.IBOK_PORT ?? 5180)

if (args.restore) {
  try {
    restoreBackup(resolve(args.restore), join(dataDir, DATABASE_FILE))
  } catch (err) {
    // A refused backup, or a desk still running on the folder, is an answer for the person at
    // the keyboard, not a crash.
    if (err instanceof DataDirLockedError) {
      console.error(`Nie przywrócono kopii: ${err.message} Baza w ${dataDir} nie została zmieniona.`)
      process.exit(1)
    }
    if (!(err instanceof BackupRejectedError)) throw err
    console.error(`${err.message.replace(/\.$/, '')}. Baza w ${dataDir} nie została zmieniona.`)
    process.exit(1)
  }
  console.log(`Przywrócono bazę z ${args.restore} do ${dataDir}`)
  process.exit(0)
}

const staticDir = resolve(here, '../renderer')
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`Brak zbudowanego interfejsu w ${staticDir} — uruchom najpierw "npm run build".`)
  process.exit(1)
}

const desk = (() => {
  try {
    return openDesk({ dataDir })
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err
    console.error(err.message)
    process.exit(1)
  }
})()

const stopSync = startSyncLoop(desk.services.db, desk.sync)

const token = args.token ?? randomBytes(18).toString('base64url')
const server = createHttpApi({ dispatch: desk.dispatch, token, staticDir })
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  // Tests read this line to find the app; keep its shape.
  console.log(`ibok-desk: http://127.0.0.1:${actualPort}/?token=${token}`)
  console.log(`dane: ${dataDir}`)
  // Only now the start-up backup: of a multi-GB office it takes a minute or more, and the clerk
  // must not wait for it to sign in. It copies in a worker thread (backups.ts), requests go on.
  const started = performance.now()
  void backupInBackground().then((made) => {
    if (made) console.log(`kopia zapasowa: ${made.file} (${Math.round(performance.now() - started)} ms)`)
  })
})

const backupInBackground = () => desk.backupIfDue().catch((err: unknown) => console.error('Kopia zapasowa nie powiodła się', err))
const hourly = setInterval(() => void backupInBackground(), 60 * 60 * 1000)
hourly.unref()

const shutdown = () => {
  clearInterval(hourly)
  stopSync()
  server.close()
  desk.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
