/**
 * Worker thread entry for backup-thread.ts: one verified backup of the database as it was when
 * the worker pinned its snapshot (writeSnapshotBackup): 'pinned' as soon as the caller may write,
 * then the entry or the error.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { writeSnapshotBackup, type BackupReason } from './backup-files'
import { isAppError } from '../errors'

const { dbFile, folder, reason, now } = workerData as { dbFile: string; folder: string; reason: BackupReason; now: string }
writeSnapshotBackup({ dbFile, folder, reason, now: new Date(now) }, () => parentPort?.postMessage({ pinned: true })).then(
  (entry) => parentPort?.postMessage({ ok: true, entry }),
  (e: unknown) =>
    parentPort?.postMessage({
      ok: false,
      code: isAppError(e) ? e.code : 'INTERNAL',
      message: e instanceof Error ? e.message : String(e)
    })
)
