import type { Services } from '../services'

export interface DemoSize {
  seed: number
  customers: number
}

export interface DemoCounts {
  customers: number
  meters: number
  readings: number
  invoices: number
}

export function loadDemoOffice(_s: Services, _size: DemoSize): DemoCounts {
  throw new Error('not yet')
}
