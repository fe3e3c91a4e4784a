// Display formats the renderer adds to shared/domain (which owns money, dates and NRB).
import { formatNumber } from '../shared/domain/numbers'
import { t } from './i18n'

export { formatNumber }

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
