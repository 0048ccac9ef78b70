/**
 * writeBackup() on a worker thread. A backup of a large database (VACUUM INTO, then an integrity
 * check and row counts of the copy) takes tens of seconds on a million reimbursements; on the
 * thread that serves the UI it held every screen's first data back until it finished (the daily
 * backup runs at start-up when due). Without a worker (vitest's own process) it runs here.
 */
import { Worker } from 'node:worker_threads'
import type { BackupEntry } from '../../shared/contract/backups'
import { AppError } from '../errors'
import type { ErrorCode } from '../../shared/errors'
import { workerFile } from '../worker-file'
import { writeBackup, type BackupReason } from './backup-files'

type Answer = { ok: true; entry: BackupEntry } | { ok: false; code: ErrorCode; message: string }

export function writeBackupInBackground(
  opts: { dbFile: string; folder: string; reason: BackupReason; now: Date },
  /** Where the bundled worker is (tests point at out/main); the bundle's own folder by default. */
  bundleDir: string = __dirname
): Promise<BackupEntry> {
  const wf = workerFile('backup-worker', __dirname, bundleDir)
  if (!wf) return Promise.resolve().then(() => writeBackup(opts))
  return new Promise((resolve, reject) => {
    const worker = new Worker(wf, { workerData: { ...opts, now: opts.now.toISOString() } })
    let answered = false
    worker.once('message', (a: Answer) => {
      answered = true
      if (a.ok) resolve(a.entry)
      else reject(new AppError(a.code, a.message))
    })
    worker.once('error', (e) => reject(new AppError('INTERNAL', `The backup failed: ${e.message}`)))
    worker.once('exit', (code) => {
      if (!answered) reject(new AppError('INTERNAL', `The backup stopped before it finished (worker exit ${code}).`))
    })
  })
}
