// Types for scripts/lint/architecture.mjs (plain JS so eslint.config.js can load it).
export interface Zone {
  name: string
  paths: string[]
  imports: string[] | '*'
  packages: string[]
}
export declare const ZONES: Zone[]
export declare const PRIVATE: { path: string; owners: string[] }[]
export declare const NOT_IMPORTED: Record<string, string>
export declare const UNDECLARED: Record<string, string>
export declare function packageOf(spec: string): string | null
export declare function zoneOf(file: string): Zone | null
export declare function edgeProblem(from: string, to: string): string | null
export declare function packageProblem(file: string, name: string): string | null
export declare function classificationProblems(pkg: Record<string, unknown>): string[]
export declare function findCycles(graph: Map<string, string[]>): string[][]
export declare function joinSpecifier(from: string, spec: string): string
export declare const architecturePlugin: { rules: Record<string, unknown> }
