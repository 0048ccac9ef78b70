/**
 * The claims finder on a worker thread (findings-worker.ts). Without a bundled worker (vitest's
 * own process) null: the caller computes on its own thread, as before.
 */
import { workerAnswer, workerFile, WorkerStopped } from '../worker-file'
import type { ClaimFinding } from '../../shared/contract/claims'

export type FindingsWindow = { findings: ClaimFinding[]; until: number }

export function findingsInBackground(
  opts: { dbFile: string; storeId: string; store: { id: string; name: string; marketplaceIds: string[] }; now: Date },
  bundleDir: string = __dirname
): Promise<FindingsWindow> | null {
  const wf = workerFile('findings-worker', __dirname, bundleDir)
  if (!wf) return null
  return workerAnswer<({ ok: true } & FindingsWindow) | { ok: false; message: string }>(wf, { ...opts, now: opts.now.toISOString() }).then(
    (a) => {
      if (!a.ok) throw new Error(a.message)
      return { findings: a.findings, until: a.until }
    },
    (e: WorkerStopped) => {
      throw e.exitCode === null ? e : new Error(`the claims finder stopped before it finished (worker exit ${e.exitCode})`)
    }
  )
}
