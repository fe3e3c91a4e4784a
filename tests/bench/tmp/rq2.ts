import Database from 'better-sqlite3'
const db = new Database('/work/main/.bench/offices/zamosc-26d75cbb7e7a/ibok-desk.db', { readonly: true })
const ids = (db.prepare("select id from meters where removed_on is null").all() as {id:string}[]).map(r => r.id)
const variants: Record<string, string> = {
  full: `SELECT r.id, r.meter_id, r.read_on, r.value_m3, r.kind, r.status, r.created_at FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`,
  key: `SELECT m.key, r.id, r.read_on, r.value_m3, r.kind, r.status, r.created_at FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`,
  nocreated: `SELECT m.key, r.id, r.read_on, r.value_m3, r.kind, r.status FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`,
  minimal: `SELECT m.key, r.read_on, r.value_m3 FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`,
}
for (let i = 0; i < 3; i++) for (const [k, v] of Object.entries(variants)) {
  const q = db.prepare(v)
  const t = performance.now(); const n = q.all(JSON.stringify(ids), '2025-08-01').length; console.log(k, n, (performance.now() - t).toFixed(0))
}
