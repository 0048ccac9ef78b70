/**
 * Copies a large WAL into the database file on a worker thread (PASSIVE checkpoint: it never
 * blocks readers or writers). A bulk import commits without checkpointing (wal_autocheckpoint=0
 * on its connection), else its COMMIT — or the app's next write — would spend seconds copying
 * a gigabyte on the thread that serves the UI. Without a worker (vitest's process) nothing
 * happens here and SQLite's automatic checkpoint on the next write does the copy.
 */
import { Worker } from 'node:worker_threads'
import { workerFile } from '../worker-file'

export type CheckpointResult = { busy: number; log: number; checkpointed: number }

export function checkpointWalInBackground(dbFile: string): Promise<CheckpointResult | null> {
  const wf = workerFile('checkpoint-worker', __dirname)
  if (!wf) return Promise.resolve(null)
  return new Promise((resolve) => {
    try {
      const worker = new Worker(wf, { workerData: { dbFile } })
      worker.unref()
      worker.once('message', (r: CheckpointResult) => resolve(r))
      worker.once('error', () => resolve(null))
      worker.once('exit', () => resolve(null))
    } catch {
      resolve(null)
    }
  })
}
