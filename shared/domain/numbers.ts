// Figures in Polish format, the one formatter for screens, charts and printouts: grouping even
// for four digits ("2 500", not "2500" nor the English "2,500"), a decimal comma ("12,5").
const numberFormats = [0, 1, 2].map((digits) => new Intl.NumberFormat('pl-PL', { maximumFractionDigits: digits, useGrouping: 'always' }))

/** 2500 → "2 500", 12.5 → "12,5" (with fractionDigits 1). */
export function formatNumber(value: number, fractionDigits: 0 | 1 | 2 = 0): string {
  return numberFormats[fractionDigits].format(value)
}
