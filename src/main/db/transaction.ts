/**
 * One synchronous transaction on a better-sqlite3 connection, for the import paths. Unlike
 * better-sqlite3's db.transaction() (and drizzle's, built on it), a ROLLBACK that fails — the
 * disk gone, the file locked — does not replace the error that made the transaction roll back:
 * that error is thrown, with the rollback's own failure attached (errors.ts rollbackAfter).
 * Inside a transaction already, it runs as a savepoint.
 */
import type Database from 'better-sqlite3'
import { rollbackAfter } from '../errors'

let savepoints = 0

export function inTransaction<T>(sqlite: Database.Database, fn: () => T, behavior: 'DEFERRED' | 'IMMEDIATE' = 'IMMEDIATE'): T {
  if (sqlite.inTransaction) {
    const name = `sbo_sp${++savepoints}`
    sqlite.exec(`SAVEPOINT ${name}`)
    try {
      const result = fn()
      sqlite.exec(`RELEASE ${name}`)
      return result
    } catch (e) {
      rollbackAfter(e, () => sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`))
      throw e
    }
  }
  sqlite.exec(`BEGIN ${behavior}`)
  try {
    const result = fn()
    sqlite.exec('COMMIT')
    return result
  } catch (e) {
    // A failed COMMIT (SQLITE_BUSY, SQLITE_FULL) can leave the transaction open: undo it too.
    if (sqlite.inTransaction) rollbackAfter(e, () => sqlite.exec('ROLLBACK'))
    throw e
  }
}
