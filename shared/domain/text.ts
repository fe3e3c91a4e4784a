// Text folding for search: lower case, Polish diacritics removed — including ł, which
// Unicode decomposition (and SQLite's unicode61 tokenizer) leaves alone.
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
}
