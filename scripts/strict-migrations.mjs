// drizzle-kit cannot emit STRICT tables; this makes every CREATE TABLE in the generated
// migrations STRICT (run by `npm run db:generate`). A test checks every table is strict.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = new URL('../resources/migrations/', import.meta.url).pathname
for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  const path = join(dir, file)
  const before = readFileSync(path, 'utf8')
  // A CREATE TABLE statement ends with ");" followed by the statement breakpoint or end of file.
  const after = before.replace(/(CREATE TABLE [^;]*?\n\))(;)/g, (m, body, semi) => (/STRICT$/.test(body) ? m : `${body} STRICT${semi}`))
  if (after !== before) {
    writeFileSync(path, after)
    console.log(`STRICT: ${file}`)
  }
}
