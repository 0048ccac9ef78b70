/**
 * The queue's part of a restore: refund/cancel work that was not final in a backup copy.
 * These functions get a connection to the copy (not the app's database), so they take a raw
 * better-sqlite3 handle and check that the tables exist (a copy may predate them).
 */
import type Database from 'better-sqlite3'
import { userTables } from '../db/backup-files'

const IN_FLIGHT_BATCH = "state NOT IN ('done','failed','uncertain')"
const IN_FLIGHT_ENTRY = "status IN ('queued','batched')"

export function inFlightCounts(db: Database.Database): { batches: number; entries: number } {
  const tables = new Set(userTables(db))
  const n = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n)
  return {
    batches: tables.has('queue_batches') ? n(`SELECT COUNT(*) AS n FROM queue_batches WHERE ${IN_FLIGHT_BATCH}`) : 0,
    entries: tables.has('queue_entries') ? n(`SELECT COUNT(*) AS n FROM queue_entries WHERE ${IN_FLIGHT_ENTRY}`) : 0
  }
}

/**
 * Refund/cancel work that was not final when the backup was made may have reached Amazon since:
 * batches in any non-final state, and entries still queued or batched, become `uncertain` (to be
 * checked against Amazon's record, never resent automatically). Plain SQL on the restored copy.
 */
export function markInFlightUncertain(db: Database.Database, note: string, now: Date): { batches: number; entries: number } {
  const tables = new Set(userTables(db))
  const at = now.toISOString()
  return db.transaction(() => {
    const batches = tables.has('queue_batches')
      ? db
          .prepare(
            `UPDATE queue_batches SET state = 'uncertain', error = ?, wait_reason = NULL, lock_owner = NULL, lock_until = NULL, updated_at = ?, finished_at = COALESCE(finished_at, ?) WHERE ${IN_FLIGHT_BATCH}`
          )
          .run(note, at, at).changes
      : 0
    const entries = tables.has('queue_entries')
      ? db
          .prepare(`UPDATE queue_entries SET status = 'uncertain', result_message = ?, updated_at = ? WHERE ${IN_FLIGHT_ENTRY}`)
          .run(note, at).changes
      : 0
    return { batches, entries }
  })()
}
