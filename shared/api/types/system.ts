// Output shapes of system.* operations.
export interface SystemStatus {
  setupDone: boolean
  officeName: string | null
  stationName: string | null
  appVersion: string
  schemaVersion: number
}

export interface BackupInfo {
  file: string
  createdAt: string
  bytes: number
}
