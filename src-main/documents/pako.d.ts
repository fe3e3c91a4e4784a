// pako (pdf-lib's deflate) ships no types; fast-deflate.ts only swaps its deflate.
declare module 'pako' {
  const pako: { deflate(data: Uint8Array, options?: unknown): Uint8Array }
  export default pako
}
