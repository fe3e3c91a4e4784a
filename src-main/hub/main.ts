// `npm run hub`: the central sync service. Embedded SQLite by default, PostgreSQL with --postgres.
//   node out/main/hub.js --data-dir DIR [--port 5190] [--host 127.0.0.1] [--postgres URL]
//                        [--tls-cert hub.crt --tls-key hub.key]     (HTTPS; see README "Serwer na sieci LAN")
//   node out/main/hub.js --data-dir DIR --add-desk K1 --name "Okienko 1"   (prints the desk token once)
//   node out/main/hub.js --data-dir DIR --new-epoch                       (after restoring the hub from a backup)
//   node out/main/hub.js --data-dir DIR --seed-from PATH/ibok-desk.db      (an empty hub takes the first desk's data)
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { shippedSchemaVersion } from '../db/database'
import { syncedEntityFields } from '../db/tables'
import { findResourcesDir } from '../platform/paths'
import { Hub } from './hub'
import { seedHubFromDesk } from './seed'
import { createHubServer } from './http'
import { HubReplica } from './replica'
import { openPostgresHubStore, openSqliteHubStore } from './storage'

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    postgres: { type: 'string' },
    'add-desk': { type: 'string' },
    name: { type: 'string' },
    'new-epoch': { type: 'boolean' },
    'seed-from': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  },
})

const dataDir = resolve(args['data-dir'] ?? process.env.IBOK_HUB_DIR ?? '.data/hub')
mkdirSync(dataDir, { recursive: true })
const postgresUrl = args.postgres ?? process.env.IBOK_HUB_POSTGRES
const store = postgresUrl ? await openPostgresHubStore(postgresUrl) : openSqliteHubStore(join(dataDir, 'hub.db'))
const migrationsDir = join(findResourcesDir(), 'migrations')
const schemaVersion = shippedSchemaVersion(migrationsDir)
const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion })

if (args['add-desk']) {
  const token = await hub.addDesk(args['add-desk'], args.name ?? args['add-desk'])
  console.log(`Stanowisko ${args['add-desk']}: token ${token}`)
  await store.close()
  process.exit(0)
}
if (args['seed-from']) {
  // An office whose data was loaded in bulk on its first desk (demo, migration): the rows never
  // went through the change log, so the hub takes them once as its starting state.
  const { rows, ms } = await seedHubFromDesk(hub, resolve(args['seed-from']))
  console.log(`Stan początkowy biura wczytany: ${rows} rekordów w ${(ms / 1000).toFixed(1)} s`)
  // The same file is the replica new desks join from (a copy of it, without that desk's own data).
  const started = performance.now()
  if (await HubReplica.seedFrom(hub, dataDir, resolve(args['seed-from']), schemaVersion)) {
    console.log(`Plik biura dla nowych stanowisk gotowy w ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await store.close()
  process.exit(0)
}
if (args['new-epoch']) {
  console.log(`Nowa epoka serwera: ${await hub.startNewEpoch()} — stanowiska dośle brakujące zmiany`)
  await store.close()
  process.exit(0)
}

const port = Number(args.port ?? process.env.IBOK_HUB_PORT ?? 5190)
const host = args.host ?? '127.0.0.1'
const certFile = args['tls-cert'] ?? process.env.IBOK_HUB_TLS_CERT
const keyFile = args['tls-key'] ?? process.env.IBOK_HUB_TLS_KEY
if (Boolean(certFile) !== Boolean(keyFile)) {
  console.error('Podaj oba pliki: --tls-cert (certyfikat) i --tls-key (klucz prywatny)')
  process.exit(2)
}
// New desks join from a copy of the replica; until it is ready (built in the background), from row pages.
const replica = new HubReplica(hub, dataDir, migrationsDir, (line) => console.log(line))
hub.replica = replica
replica.start().catch((err: unknown) => console.error(`Plik biura dla nowych stanowisk: ${(err as Error).message} — stanowiska dołączą z paczek danych`))
const tls = certFile && keyFile ? { cert: readFileSync(resolve(certFile)), key: readFileSync(resolve(keyFile)) } : undefined
const server = createHubServer(hub, { tls })
server.listen(port, host, () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  console.log(`ibok-hub: ${tls ? 'https' : 'http'}://${host}:${actual} (${postgresUrl ? 'PostgreSQL' : join(dataDir, 'hub.db')})`)
  // Desk tokens travel in every request: on a network, without TLS anyone on the wire can read them.
  if (!tls && !/^(127\.|localhost$|::1$)/.test(host)) console.error('UWAGA: serwer słucha w sieci bez TLS — uruchom z --tls-cert/--tls-key albo za odwrotnym proxy z HTTPS (README)')
})
const shutdown = () => {
  server.close()
  void replica
    .close()
    .catch(() => {})
    .then(() => store.close())
    .then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
