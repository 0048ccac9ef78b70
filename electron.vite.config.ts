import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // host and cli never import electron, so they run where its binary is missing.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          host: resolve(__dirname, 'src/main/host/main.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // Parses big return reports on a second core (found next to the bundle at run time).
          'returns-worker': resolve(__dirname, 'src/main/amazon/reports/returns-worker.ts'),
          // Parses big reimbursement reports alongside the import; copies a bulk import's WAL.
          'parse-worker': resolve(__dirname, 'src/main/reimbursements/parse-worker.ts'),
          'checkpoint-worker': resolve(__dirname, 'src/main/db/checkpoint-worker.ts'),
          // The daily backup's copy and checks, off the thread that serves the screens.
          'backup-worker': resolve(__dirname, 'src/main/db/backup-worker.ts'),
          // The start-up health check of a cleanly closed database, after the first screen.
          'check-worker': resolve(__dirname, 'src/main/db/check-worker.ts'),
          // The claims finder, off the thread that answers the screens.
          'findings-worker': resolve(__dirname, 'src/main/claims/findings-worker.ts')
        },
        external: ['better-sqlite3', 'keytar']
      }
    }
  },
  preload: {
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } } }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [react()]
  }
})
