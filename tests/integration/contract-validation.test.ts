// Generated from the contract: every operation, sent malformed input over the real HTTP adapter
// with an admin session, answers 400 VALIDATION naming the offending field in Polish — and the
// handler never runs and not one row changes. A new operation in the contract is covered by
// itself: the cases are derived from the JSON schema that GET /api publishes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { contract, operationNames } from '../../shared/api/contract'
import { polishIssueMessage } from '../../src-main/desk/dispatcher'
import { describeApi } from '../../src-main/server/http-api'
import { dbState, type DbState } from '../support/db-state'
import { looksPolish, makeSpyDesk, startHttp, type HttpClient, type SpyDesk } from '../support/spy-desk'

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/** The JSON types a schema accepts; null when it accepts anything. */
function acceptedTypes(schema: JsonSchema): Set<string> | null {
  if (schema.type) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type])
  if ('const' in schema) return new Set([jsonType(schema.const)])
  if (schema.enum) return new Set(schema.enum.map(jsonType))
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf
  if (!branches) return null
  const all = new Set<string>()
  for (const b of branches) {
    const t = acceptedTypes(b)
    if (!t) return null
    t.forEach((x) => all.add(x))
  }
  return all
}

/** A value whose JSON type the schema does not accept (undefined if it accepts every type). */
function wrongValueFor(schema: JsonSchema): unknown {
  const ok = acceptedTypes(schema)
  if (!ok) return undefined
  const candidates: [string[], unknown][] = [
    [['number', 'integer'], 12345],
    [['string'], 'to nie jest liczba'],
    [['boolean'], true],
    [['array'], ['x']],
    [['object'], { x: 1 }],
  ]
  return candidates.find(([types]) => !types.some((t) => ok.has(t)))?.[1]
}

interface BadCase {
  label: string
  body: unknown
  /** The field the error must name. */
  field: string
}

/**
 * One case per property, at every nesting level: that property alone, with a wrong type. The
 * dispatcher reports the first problem in declaration order, so the expected field is that
 * property — unless a required property declared before it is missing; then that one.
 */
function badCases(schema: JsonSchema, prefix: string[] = []): BadCase[] {
  const props = schema.properties ?? {}
  const names = Object.keys(props)
  const required = new Set(schema.required ?? [])
  const cases: BadCase[] = []
  for (const name of names) {
    const firstProblem = names.find((n) => n === name || required.has(n))!
    const wrap = (value: unknown) => ({ [name]: value })
    const wrong = wrongValueFor(props[name])
    if (wrong !== undefined) {
      cases.push({ label: [...prefix, name].join('.'), body: wrap(wrong), field: [...prefix, firstProblem].join('.') })
    }
    if (props[name].properties && Object.keys(props[name].properties!).length) {
      for (const inner of badCases(props[name], [...prefix, name])) {
        cases.push({
          ...inner,
          body: wrap(inner.body),
          // Nested problems surface only when nothing earlier at this level is missing.
          field: firstProblem === name ? inner.field : [...prefix, firstProblem].join('.'),
        })
      }
    }
  }
  // Every property wrong at once: the first declared one is reported.
  const allWrong = Object.fromEntries(names.map((n) => [n, wrongValueFor(props[n])]).filter(([, v]) => v !== undefined))
  if (prefix.length === 0 && Object.keys(allWrong).length > 0) {
    const first = names.find((n) => n in allWrong || required.has(n))!
    cases.push({ label: 'every property wrong', body: allWrong, field: first })
  }
  return cases
}

// The same description GET /api serves (checked below), so clients and this test agree.
const published = new Map(describeApi().map((d) => [d.name, d.input as JsonSchema]))

let spy: SpyDesk
let http: HttpClient
let observer: Database.Database

beforeAll(async () => {
  spy = await makeSpyDesk()
  http = await startHttp(spy.dispatch)
  // A second connection sees every commit of the desk's connection as a new data_version.
  observer = new Database(spy.desk.databaseFile, { readonly: true })
})

afterAll(async () => {
  observer?.close()
  await http?.close()
  spy?.desk.dispose()
})

const observed = () => ({ ...dbState(spy.desk.services.db.sqlite), dataVersion: observer.pragma('data_version', { simple: true }) as number })
let before: DbState & { dataVersion: number }
beforeEach(() => {
  spy.handled.length = 0
  before = observed()
})

function expectNothingHappened() {
  expect(spy.handled, 'a handler ran').toEqual([])
  const after = observed()
  expect(after.counts, 'row counts changed').toEqual(before.counts)
  expect(after.hash, 'database content changed').toBe(before.hash)
  expect(after.totalChanges, 'the desk connection changed rows').toBe(before.totalChanges)
  expect(after.dataVersion, 'a commit happened').toBe(before.dataVersion)
}

describe.each(operationNames)('%s with malformed input', (name) => {
  const schema = published.get(name)!

  it('publishes an object input schema', () => {
    expect(schema.type).toBe('object')
  })

  it('refuses a wrong type in each property, naming it in Polish', async () => {
    const cases = badCases(schema)
    // Operations without parameters: an unknown property must be refused, not ignored.
    if (Object.keys(schema.properties ?? {}).length === 0) cases.push({ label: 'unknown property', body: { nieznanePole: 1 }, field: 'nieznanePole' })
    expect(cases.length).toBeGreaterThan(0)
    for (const c of cases) {
      const res = await http.post(name, c.body, { session: spy.token })
      const seen = { case: c.label, sent: c.body, status: res.status, body: res.body }
      expect(res.status, JSON.stringify(seen)).toBe(400)
      expect(res.body.code, JSON.stringify(seen)).toBe('VALIDATION')
      expect(res.body.field, JSON.stringify(seen)).toBe(c.field)
      expect(looksPolish(res.body.message), `not a Polish message: ${JSON.stringify(seen)}`).toBe(true)
      // The response carries the first problem only; the property's own message must be Polish too.
      const parsed = contract[name].input.safeParse(c.body, { error: polishIssueMessage })
      const own = parsed.error?.issues.filter((i) => i.path.join('.') === c.label) ?? []
      if (c.label !== 'every property wrong' && c.label !== 'unknown property') expect(own.length, c.label).toBeGreaterThan(0)
      for (const issue of own) expect(looksPolish(issue.message), `${c.label}: ${issue.message}`).toBe(true)
    }
    expectNothingHappened()
  })

  it('refuses a body that is not an object', async () => {
    for (const body of [42, 'tekst', [], [{}], true, null]) {
      const res = await http.post(name, body, { session: spy.token })
      const seen = { sent: body, status: res.status, body: res.body }
      expect(res.status, JSON.stringify(seen)).toBe(400)
      expect(res.body.code, JSON.stringify(seen)).toBe('VALIDATION')
      expect(res.body.field, JSON.stringify(seen)).toBeUndefined()
      expect(looksPolish(res.body.message), `not a Polish message: ${JSON.stringify(seen)}`).toBe(true)
    }
    expectNothingHappened()
  })
})

describe('the HTTP adapter', () => {
  it('describes the API only to a caller with the token', async () => {
    expect((await http.get('/api')).status).toBe(401)
    expect((await http.get('/api', { authorization: 'Bearer zly-token' })).status).toBe(401)
    const res = await http.get('/api', { authorization: `Bearer ${http.apiToken}` })
    expect(res.status).toBe(200)
    const ops = res.body.operations as { name: string; summary: string; access: string; input: JsonSchema }[]
    expect(ops.map((o) => o.name).sort()).toEqual([...operationNames].sort())
    for (const op of ops) {
      const def = contract[op.name as keyof typeof contract]
      expect(op.summary, op.name).toBe(def.summary)
      expect(op.summary.length, op.name).toBeGreaterThan(3)
      expect(op.access, op.name).toBe(def.access)
      expect(op.input.type, op.name).toBe('object')
      expect(op.input).toEqual(published.get(op.name))
    }
    expectNothingHappened()
  })

  it('refuses an operation call without the token', async () => {
    const res = await fetch(`${http.baseUrl}/api/system.status`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(401)
    expectNothingHappened()
  })

  it('answers 404 UNKNOWN_OPERATION for a name not in the contract', async () => {
    for (const op of ['customers.drop', 'constructor', '__proto__', 'toString', 'system', '']) {
      const res = await http.post(op, {}, { session: spy.token })
      expect(res.status, op).toBe(404)
      expect(res.body.code, op).toBe('UNKNOWN_OPERATION')
      expect(looksPolish(res.body.message), res.body.message).toBe(true)
    }
    expectNothingHappened()
  })

  it('answers 400 to a body that is not JSON', async () => {
    for (const raw of ['{', '{"login": "admin",}', 'login=admin', '\u0000']) {
      const res = await http.post('staff.login', raw, { raw: true })
      expect(res.status, raw).toBe(400)
      expect(res.body.code, raw).toBe('VALIDATION')
      expect(looksPolish(res.body.message), res.body.message).toBe(true)
    }
    expectNothingHappened()
  })

  it('still serves a valid call (the spy and the session are live)', async () => {
    const res = await http.post('staff.me', {}, { session: spy.token })
    expect(res.status).toBe(200)
    expect(res.body.value.staff.login).toBe('admin')
    expect(spy.handled).toEqual(['staff.me'])
  })
})
