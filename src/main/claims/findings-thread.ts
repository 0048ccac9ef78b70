/**
 * The claims finder on a worker thread (findings-worker.ts). Without a bundled worker (vitest's
 * own process) null: the caller computes on its own thread, as before.
 */
import { Worker } from 'node:worker_threads'
import { workerFile } from '../worker-file'
import type { ClaimFinding } from '../../shared/contract/claims'

export type FindingsWindow = { findings: ClaimFinding[]; until: number }

export function findingsInBackground(
  opts: { dbFile: string; storeId: string; store: { id: string; name: string; marketplaceIds: string[] }; now: Date },
  bundleDir: string = __dirname
): Promise<FindingsWindow> | null {
  const wf = workerFile('findings-worker', __dirname, bundleDir)
  if (!wf) return null
  return new Promise((resolve, reject) => {
    const worker = new Worker(wf, { workerData: { ...opts, now: opts.now.toISOString() } })
    let answered = false
    worker.once('message', (a: ({ ok: true } & FindingsWindow) | { ok: false; message: string }) => {
      answered = true
      if (a.ok) resolve({ findings: a.findings, until: a.until })
      else reject(new Error(a.message))
    })
    worker.once('error', (e) => reject(e))
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the claims finder stopped before it finished (worker exit ${code})`))
    })
  })
}
