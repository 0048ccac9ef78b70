/** Worker thread entry for backup-thread.ts: one verified backup (writeBackup), its entry or its error back. */
import { parentPort, workerData } from 'node:worker_threads'
import { writeBackup, type BackupReason } from './backup-files'
import { isAppError } from '../errors'

const { dbFile, folder, reason, now } = workerData as { dbFile: string; folder: string; reason: BackupReason; now: string }
try {
  parentPort?.postMessage({ ok: true, entry: writeBackup({ dbFile, folder, reason, now: new Date(now) }) })
} catch (e) {
  parentPort?.postMessage({
    ok: false,
    code: isAppError(e) ? e.code : 'INTERNAL',
    message: e instanceof Error ? e.message : String(e)
  })
}
