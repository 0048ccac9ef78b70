/** Worker thread entry for backup-thread.ts checkInBackground: `PRAGMA quick_check` of the database file, its result back. */
import { parentPort, workerData } from 'node:worker_threads'
import { checkFile } from './backup-files'

const { dbFile } = workerData as { dbFile: string }
parentPort?.postMessage(checkFile(dbFile, 'quick_check'))
