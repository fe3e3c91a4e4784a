// What a benchmark module (tests/bench/<topic>.bench.ts) exports: `export default defineBench(…)`.
// Each module runs in its own process (run.ts), so one module's heap and JIT state do not colour
// another's figures, and a crash costs only that module's figures.
export interface Bench {
  /** Short name, used by `npm run bench -- --only <name>,…`. */
  name: string
  /** What it measures, one line (printed before it runs). */
  title: string
  run(): Promise<void>
}

export const defineBench = (bench: Bench): Bench => bench
