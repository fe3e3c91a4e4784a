import Database from 'better-sqlite3'
const db = new Database('/work/wt/priv/z.db', { readonly: true })
const ids = (db.prepare("select id from meters where removed_on is null").all() as {id:string}[]).map(r => r.id).slice(0, 26000)
const q = db.prepare(`SELECT r.id, r.meter_id, r.read_on, r.value_m3, r.kind, r.status, r.created_at FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`)
const q2 = db.prepare(`SELECT r.id, r.meter_id, r.read_on, r.value_m3, r.kind, r.status, r.created_at FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`).raw(true)
const q3 = db.prepare(`SELECT count(*) FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`)
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const n = q.all(JSON.stringify(ids), '2025-08-01').length; console.log('objects', n, (performance.now() - t).toFixed(0))
  t = performance.now(); q2.all(JSON.stringify(ids), '2025-08-01'); console.log('raw', (performance.now() - t).toFixed(0))
  t = performance.now(); q3.get(JSON.stringify(ids), '2025-08-01'); console.log('count', (performance.now() - t).toFixed(0))
}
