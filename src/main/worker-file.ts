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
import { Worker } from 'node:worker_threads'

export function workerFile(name: string, sourceDir: string, bundleDir: string = __dirname): string | null {
  for (const built of [join(bundleDir, `${name}.js`), join(bundleDir, '..', `${name}.js`)]) {
    if (existsSync(built)) return built
  }
  const ts = join(sourceDir, `${name}.ts`)
  if (existsSync(ts) && process.execArgv.some((a) => a.includes('tsx'))) return ts
  return null
}

/** A worker that stopped (an uncaught error, or an exit) before it gave its answer. */
export class WorkerStopped extends Error {
  constructor(
    message: string,
    /** The exit code; null when an uncaught error stopped it. */
    readonly exitCode: number | null
  ) {
    super(message)
  }
}

/**
 * Starts a worker on `file` and resolves with its answer: the first message that `progress` does
 * not take (a message it takes — returns true for — is an earlier report, such as a backup's
 * "snapshot pinned"). Rejects with WorkerStopped if the worker fails or exits before answering.
 */
export function workerAnswer<A>(file: string, workerData: unknown, progress?: (m: unknown) => boolean): Promise<A> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData })
    let answered = false
    worker.on('message', (m: unknown) => {
      if (answered || progress?.(m)) return
      answered = true
      resolve(m as A)
    })
    worker.once('error', (e) => reject(new WorkerStopped(e.message, null)))
    worker.once('exit', (code) => {
      if (!answered) reject(new WorkerStopped(`worker exit ${code}`, code))
    })
  })
}
