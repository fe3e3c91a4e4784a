// Released consent texts are pinned by hash (resources/texts/manifest.json): editing a released
// text fails here. A new version is a new file; this test prints the manifest line to add.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { canonicalText, shippedTexts, textHash } from '../../src-main/core/consents/texts'

const resources = fileURLToPath(new URL('../../resources', import.meta.url))

describe('shipped texts', () => {
  it('every shipped version matches its pinned SHA-256', () => {
    const texts = shippedTexts(resources)
    expect(texts.length).toBeGreaterThanOrEqual(5)
    for (const t of texts) expect(t.intact, `pin in resources/texts/manifest.json: "${t.textId}/${t.version}": "${t.sha256}"`).toBe(true)
  })

  it('hashes the canonical form, so line ends and trailing blanks do not change a text', () => {
    expect(canonicalText('a  \r\nb\r\n\r\n')).toBe('a\nb')
    expect(textHash('Zażółć\r\ngęślą')).toBe(textHash('Zażółć\ngęślą  '))
    expect(textHash('Zażółć gęślą')).not.toBe(textHash('Zazolc gesla'))
  })
})
