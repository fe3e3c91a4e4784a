/// <reference types="vite/client" />
import type { DeskBridge } from '../shared/api/bridge'
import type { Role } from '../shared/api/types'

declare global {
  interface Window {
    /** Present only in Electron, where the preload exposes the contract bridge. */
    api?: DeskBridge
  }
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a staff session (first start, login). */
    public?: boolean
    /** Lowest role that may open the route. */
    role?: Role
  }
}

export {}
