import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Pure-JS dependencies are bundled: resolving drizzle-orm's and zod's hundreds of files
      // from node_modules at every start cost seconds before the first request (issue 10).
      // Native (better-sqlite3), Electron and the hub's pg stay external.
      externalizeDeps: { exclude: ['drizzle-orm', 'zod', 'uuid', 'nodemailer', 'pdf-lib', '@pdf-lib/fontkit'] },
      rollupOptions: {
        input: {
          // Electron's main process; the only bundle that imports `electron`.
          index: resolve(root, 'src-main/app/main.ts'),
          // Browser mode: the same services behind the loopback HTTP adapter.
          web: resolve(root, 'src-main/server/web.ts'),
          // The central sync hub (npm run hub).
          hub: resolve(root, 'src-main/hub/main.ts'),
          // The customer portal iBOK, one more station next to the hub (npm run portal).
          portal: resolve(root, 'src-main/portal/main.ts'),
          // PDF worker threads (src-main/documents/pdf-pool.ts looks for out/main/pdf-worker.js).
          'pdf-worker': resolve(root, 'src-main/documents/pdf-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/app/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
})
