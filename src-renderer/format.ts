// Display formats the renderer adds to shared/domain (which owns money, dates and NRB).
import { t } from './i18n'

// Polish grouping even for four digits ("2 500", not "2500" nor the English "2,500"): figures in
// one column or on one axis read alike.
const numberFormats = [0, 1, 2].map((digits) => new Intl.NumberFormat('pl-PL', { maximumFractionDigits: digits, useGrouping: 'always' }))

/** 2500 → "2 500", 12.5 → "12,5" (with fractionDigits 1): every figure on a screen or chart. */
export function formatNumber(value: number, fractionDigits: 0 | 1 | 2 = 0): string {
  return numberFormats[fractionDigits].format(value)
}

/** 1234 → "1 234 m³" (meters show whole cubic metres). */
export function formatM3(value: number, fractionDigits: 0 | 1 = 0): string {
  return t('units.m3', { value: formatNumber(value, fractionDigits) })
}

/** 55921 → "55 921 l/dobę". */
export function formatLitresPerDay(value: number): string {
  return t('units.litresPerDay', { value: formatNumber(value) })
}

/** "•••••••1234": enough to compare with a document, not enough to copy. */
export function maskPesel(pesel: string): string {
  return '•'.repeat(Math.max(0, pesel.length - 4)) + pesel.slice(-4)
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${new Intl.NumberFormat('pl-PL', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`
}

/** Last part of a path, whichever separator the desk's OS uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}
