// What a clerk types into the search, as the search reads it, and the words marked in a result.
import { describe, expect, it } from 'vitest'
import { highlightWords, searchWords } from '../../shared/domain/text'

describe('searchWords', () => {
  it('drops the address markers a clerk types ("ul.", "m.", "lok.") but keeps a lone word', () => {
    expect(searchWords('ul. Krucza 10/5')).toEqual(['krucza', '10', '5'])
    expect(searchWords('Krucza 10 m. 5')).toEqual(['krucza', '10', '5'])
    expect(searchWords('al. Jana Pawła II 3 lok. 7')).toEqual(['jana', 'pawla', 'ii', '3', '7'])
    expect(searchWords('ul.')).toEqual(['ul'])
    expect(searchWords("O'Neill")).toEqual(['o', 'neill'])
  })
})

describe('highlightWords', () => {
  const marked = (text: string, query: string) =>
    highlightWords(text, searchWords(query))
      .filter((p) => p.match)
      .map((p) => p.text)

  it('marks the words that start with a searched word, Polish letters folded', () => {
    expect(marked('Łukasz Żółkiewski', 'lukasz zolk')).toEqual(['Łukasz', 'Żółk'])
    expect(marked('ul. Lwowska 12/4, 22-400 Zamość', 'ul. lwowska 12')).toEqual(['Lwowska', '12'])
    expect(marked('Anna Nowak', 'kowal')).toEqual([])
  })

  it('keeps the text whole', () => {
    const text = 'ul. Partyzantów 12/3, 22-400 Zamość'
    expect(
      highlightWords(text, ['partyz', '3'])
        .map((p) => p.text)
        .join(''),
    ).toBe(text)
  })
})
