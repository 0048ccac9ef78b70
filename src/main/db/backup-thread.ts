/**
 * Backups on a worker thread. A backup of a large database (the copy, then an integrity check and
 * row counts of the copy) takes tens of seconds on a million reimbursements; on the thread that
 * serves the UI it held every screen's first data back until it finished (the daily backup runs at
 * start-up when due). The worker first pins a snapshot of the database (a read transaction,
 * writeSnapshotBackup) and says so: from then on the app may write — a pre-import backup waits for
 * that moment only, not for the copy. Without a worker (vitest's own process) it all runs here.
 */
import type { BackupEntry } from '../../shared/contract/backups'
import { AppError } from '../errors'
import type { ErrorCode } from '../../shared/errors'
import { workerAnswer, workerFile, WorkerStopped } from '../worker-file'
import { checkFile, writeBackup, type BackupReason } from './backup-files'

type Answer = { ok: true; entry: BackupEntry } | { ok: false; code: ErrorCode; message: string }

export type BackgroundBackup = {
  /** Resolves once the copy's snapshot is taken: what is written after it is not in the backup. Rejects if the backup failed before that. */
  pinned: Promise<void>
  /** The verified backup (or why there is none). */
  done: Promise<BackupEntry>
}

export function startBackupInBackground(
  opts: { dbFile: string; folder: string; reason: BackupReason; now: Date },
  /** Where the bundled worker is (tests point at out/main); the bundle's own folder by default. */
  bundleDir: string = __dirname
): BackgroundBackup {
  const wf = workerFile('backup-worker', __dirname, bundleDir)
  if (!wf) {
    const done = Promise.resolve().then(() => writeBackup(opts))
    return { pinned: done.then(() => undefined), done }
  }
  let pin!: { resolve: () => void; reject: (e: Error) => void }
  const pinned = new Promise<void>((resolve, reject) => (pin = { resolve, reject }))
  const isPinned = (m: unknown) => typeof m === 'object' && m !== null && 'pinned' in m && (pin.resolve(), true)
  const done = workerAnswer<Answer>(wf, { ...opts, now: opts.now.toISOString() }, isPinned)
    .catch((e: WorkerStopped) => {
      const message =
        e.exitCode === null ? `The backup failed: ${e.message}` : `The backup stopped before it finished (worker exit ${e.exitCode}).`
      return { ok: false, code: 'INTERNAL', message } as const
    })
    .then((a) => {
      if (a.ok) return a.entry
      const e = new AppError(a.code, a.message)
      pin.reject(e) // no-op once pinned
      throw e
    })
  // A rejection nobody awaits (the caller waits on `done` only) is not an unhandled one.
  pinned.catch(() => undefined)
  return { pinned, done }
}

/**
 * `PRAGMA quick_check` of the database on a worker thread (a read-only connection: the app goes on
 * reading and writing meanwhile): the start-up check of a file the app closed cleanly, after the
 * first screen instead of before it (db/client.ts).
 */
export function checkInBackground(dbFile: string, bundleDir: string = __dirname): Promise<{ ok: boolean; detail: string }> {
  const wf = workerFile('check-worker', __dirname, bundleDir)
  if (!wf) return Promise.resolve().then(() => checkFile(dbFile, 'quick_check'))
  return workerAnswer<{ ok: boolean; detail: string }>(wf, { dbFile }).catch((e: WorkerStopped) => ({
    ok: false,
    detail:
      e.exitCode === null ? `the check could not run: ${e.message}` : `the check stopped before it finished (worker exit ${e.exitCode})`
  }))
}
