// Picking demo data through the API, the way a tester would look it up before a scenario.
import type { CustomerSearchHit } from '../../shared/api/types'
import { foldText } from '../../shared/domain/text'
import { DEMO_PASSWORD, type DeskServer } from './fixtures'

const POLISH = /[ąćęłńóśźż]/i

/**
 * A demo customer whose name has Polish letters (ł preferred: plain Unicode folding misses it)
 * and who comes first when searched by the folded name, so "type it and press Enter" is exact.
 */
export async function customerWithDiacritics(desk: DeskServer): Promise<{ hit: CustomerSearchHit; folded: string }> {
  const session = await desk.login('urzednik', DEMO_PASSWORD)
  const seen = new Map<string, CustomerSearchHit>()
  for (const letter of 'abcdefghijklmnoprstwz') {
    for (const hit of await desk.call('customers.search', { query: letter, limit: 100 }, session)) seen.set(hit.id, hit)
  }
  const candidates = [...seen.values()]
    .filter((h) => POLISH.test(h.displayName))
    .sort((a, b) => Number(/ł/i.test(b.displayName)) - Number(/ł/i.test(a.displayName)))
  for (const hit of candidates) {
    const folded = foldText(hit.displayName)
    const [first] = await desk.call('customers.search', { query: folded, limit: 5 }, session)
    if (first?.displayName === hit.displayName) return { hit: first, folded }
  }
  throw new Error(`No demo customer with Polish letters found among ${seen.size} customers`)
}
