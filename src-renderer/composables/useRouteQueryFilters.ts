// A list's filters kept in the address (?q=…&stan=…), so the Pulpit and the back button lead to
// a filtered list: read from the query on every change of it (the list loads then), written back
// by `apply(delay)` — at once for a click or a select, after a pause for typing.
import { onBeforeUnmount, reactive, watch, type UnwrapRef } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'

/** One filter: the query parameter of the same name, its value when absent, and (optional) the values it may take. */
export interface FilterField<V extends string = string> {
  default: V
  allowed?: readonly V[]
}

export type FilterFields<F extends Record<string, string>> = { [K in keyof F]: FilterField<F[K]> }

const first = (v: LocationQuery[string] | undefined): string => (Array.isArray(v) ? v[0] : v) ?? ''

/** The filters a query says (unknown values fall back to the default). */
export function filtersFromQuery<F extends Record<string, string>>(fields: FilterFields<F>, query: LocationQuery): F {
  const out = {} as F
  for (const key of Object.keys(fields) as Array<keyof F & string>) {
    const field = fields[key]
    const v = first(query[key]).trim()
    out[key] = (v && (!field.allowed || field.allowed.includes(v as F[typeof key])) ? v : field.default) as F[typeof key]
  }
  return out
}

/** The query for the filters: trimmed, without empty values and defaults (a clean address). */
export function queryFromFilters<F extends Record<string, string>>(fields: FilterFields<F>, filters: F): Record<string, string> {
  const query: Record<string, string> = {}
  for (const key of Object.keys(fields) as Array<keyof F & string>) {
    const v = filters[key].trim()
    if (v && v !== fields[key].default) query[key] = v
  }
  return query
}

export function useRouteQueryFilters<F extends Record<string, string>>(fields: FilterFields<F>, load: (filters: Readonly<F>, query: LocationQuery) => void) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(filtersFromQuery(fields, {})) as F

  watch(
    () => route.query,
    (query) => {
      const next = filtersFromQuery(fields, query)
      // A field already saying the same (e.g. "jan " being typed, "jan" in the address) keeps
      // what is typed: the address catching up must not eat the space before the next word.
      for (const key of Object.keys(fields) as Array<keyof F>) if (filters[key].trim() !== next[key]) filters[key] = next[key]
      load(next, query)
    },
    { immediate: true },
  )

  let timer: ReturnType<typeof setTimeout> | undefined
  function apply(delay = 0): void {
    clearTimeout(timer)
    timer = setTimeout(() => void router.replace({ query: queryFromFilters(fields, filters) }), delay)
  }
  onBeforeUnmount(() => clearTimeout(timer))

  return { filters: filters as UnwrapRef<F>, apply }
}
