// "Contains" filters for list screens: the typed text matched literally anywhere in any of the
// columns (%, _ and \ in it are escaped, so a search for "50%" means fifty per cent).
import { or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'

export function containsAny(columns: SQLWrapper[], text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`
  return or(...columns.map((c) => sql`${c} LIKE ${pattern} ESCAPE '\\'`))!
}
