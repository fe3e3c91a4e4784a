// Text folding for search: lower case, Polish diacritics removed — including ł, which
// Unicode decomposition (and SQLite's unicode61 tokenizer) leaves alone.
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
}

/** At most this many typed words take part in a search. */
const MAX_SEARCH_WORDS = 8

/**
 * Words a clerk types in an address that the register does not store: "ul. Krucza 10 m. 5" is
 * Krucza 10/5. Dropped from a search unless nothing else was typed.
 */
const ADDRESS_MARKERS = new Set(['ul', 'ulica', 'al', 'aleja', 'aleje', 'pl', 'plac', 'os', 'osiedle', 'm', 'lok', 'lokal', 'nr'])

/** Splits typed search text into folded words (letters and digits only), address markers dropped. */
export function searchWords(query: string): string[] {
  const words = foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
  const kept = words.filter((w) => !ADDRESS_MARKERS.has(w))
  return (kept.length ? kept : words).slice(0, MAX_SEARCH_WORDS)
}

/**
 * Splits `text` into parts, marking the words that start with one of the searched `words`
 * (folded: "lukasz" marks "Łukasz"), for highlighting why a search result matched.
 */
export function highlightWords(text: string, words: readonly string[]): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = []
  if (!words.length) return [{ text, match: false }]
  // Each word of the text with its folded form: folding keeps word boundaries.
  for (const piece of text.split(/([^\p{L}\p{N}]+)/u)) {
    if (!piece) continue
    const folded = foldText(piece)
    const word = /[\p{L}\p{N}]/u.test(piece) ? words.filter((w) => folded.startsWith(w)).sort((a, b) => b.length - a.length)[0] : undefined
    if (!word) {
      const last = parts.at(-1)
      if (last && !last.match) last.text += piece
      else parts.push({ text: piece, match: false })
      continue
    }
    // The folded prefix covers as many original characters as fold to it.
    let cut = 0
    while (cut < piece.length && foldText(piece.slice(0, cut)).length < word.length) cut++
    parts.push({ text: piece.slice(0, cut), match: true })
    if (cut < piece.length) parts.push({ text: piece.slice(cut), match: false })
  }
  return parts
}
