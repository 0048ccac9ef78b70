/**
 * Where a worker thread's entry file is at run time.
 *
 * Bundled (electron-vite): each worker is an entry of its own in out/main, while the code that
 * starts it may sit in out/main/chunks. Under tsx (CLI in development, benches, the tests that
 * run a child process with tsx) the worker inherits tsx's loader (process.execArgv) and loads
 * the TypeScript source next to the caller. Anywhere else (vitest's own process): null, and the
 * caller does the work on its own thread.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function workerFile(name: string, sourceDir: string, bundleDir: string = __dirname): string | null {
  for (const built of [join(bundleDir, `${name}.js`), join(bundleDir, '..', `${name}.js`)]) {
    if (existsSync(built)) return built
  }
  const ts = join(sourceDir, `${name}.ts`)
  if (existsSync(ts) && process.execArgv.some((a) => a.includes('tsx'))) return ts
  return null
}
