// Money is integer grosze everywhere; formatting goes through Intl in Polish.
const plnFormat = new Intl.NumberFormat('pl-PL', {
  style: 'currency',
  currency: 'PLN',
  minimumFractionDigits: 2,
  useGrouping: 'always',
})

/** 123456 → "1 234,56 zł" (with non-breaking spaces, as Intl renders Polish). */
export function formatGrosze(grosze: number): string {
  return plnFormat.format(grosze / 100)
}

/** Rounds half away from zero to a whole grosz: used once per VAT rate, never per line. */
export function roundHalfUp(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value))
}

/** Parses "1 234,56", "1234.56" or "12" into grosze; null when it is not an amount. */
export function parseZloty(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]|zł/g, '').replace(',', '.')
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return null
  const [whole, frac = ''] = clean.replace('-', '').split('.')
  const grosze = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  return clean.startsWith('-') ? -grosze : grosze
}
