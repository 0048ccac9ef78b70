/** Worker thread entry for checkpoint.ts: one PASSIVE checkpoint of the database's WAL. */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const { dbFile } = workerData as { dbFile: string }
const db = new Database(dbFile)
try {
  const r = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
  parentPort?.postMessage(r[0])
} finally {
  db.close()
}
