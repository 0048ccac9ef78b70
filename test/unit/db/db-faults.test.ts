/**
 * Database faults by name (issue 12 §3): SQLite's codes -> named contract codes with plain
 * messages, and a ROLLBACK that fails never hides why the transaction was rolled back. Before:
 * every one of them was `INTERNAL: Internal error`, and better-sqlite3's / drizzle's
 * transaction() threw the ROLLBACK's error instead of the cause (shown below as the contrast).
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../../src/main/db/transaction'
import { ROLLBACK_FAILED, toErrorPayload } from '../../../src/main/errors'
import { ErrorCode } from '../../../src/shared/errors'

const sqliteError = (code: string) => new Database.SqliteError(`sqlite says ${code}`, code)

describe('database faults', () => {
  it('get named codes of the contract and plain messages', () => {
    const cases: [string, string, RegExp][] = [
      ['SQLITE_BUSY', 'DATABASE_BUSY', /in use by another program/],
      ['SQLITE_BUSY_SNAPSHOT', 'DATABASE_BUSY', /in use by another program/],
      ['SQLITE_LOCKED', 'DATABASE_BUSY', /in use by another program/],
      ['SQLITE_FULL', 'DISK_FULL', /disk .* is full/],
      ['SQLITE_READONLY', 'DATABASE_READ_ONLY', /read-only/],
      ['SQLITE_READONLY_DBMOVED', 'DATABASE_READ_ONLY', /read-only/],
      ['SQLITE_CANTOPEN', 'DATABASE_READ_ONLY', /can’t be opened/],
      ['SQLITE_CORRUPT', 'DATABASE_CORRUPT', /damaged/],
      ['SQLITE_NOTADB', 'DATABASE_CORRUPT', /not a database/],
      ['SQLITE_IOERR_WRITE', 'DATABASE_IO', /disk failed/]
    ]
    for (const [sqlite, code, message] of cases) {
      const p = toErrorPayload(sqliteError(sqlite))
      expect(p, sqlite).toMatchObject({ code, details: { sqlite } })
      expect(p.message, sqlite).toMatch(message)
      expect(p.message).toMatch(/Nothing was saved/)
      expect(ErrorCode.safeParse(p.code).success).toBe(true)
    }
    // Not a fault of the disk or the file: still generic (the stack goes to the log).
    expect(toErrorPayload(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toEqual({ code: 'INTERNAL', message: 'Internal error' })
    expect(toErrorPayload(new TypeError('x'))).toEqual({ code: 'INTERNAL', message: 'Internal error' })
  })

  it('a failed ROLLBACK does not hide the cause (db.transaction() throws the rollback error instead)', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)')
    const cause = sqliteError('SQLITE_FULL')
    // An open statement makes ROLLBACK fail ("This database connection is busy executing a query").
    const failing = () => {
      db.exec('INSERT INTO t VALUES (3)')
      const it = db.prepare('SELECT x FROM t').iterate()
      it.next()
      throw cause
    }
    let thrown: unknown
    try {
      db.transaction(failing)()
    } catch (e) {
      thrown = e
    }
    expect(thrown).not.toBe(cause) // the contrast: the cause is lost
    expect(String(thrown)).toMatch(/busy executing a query/)

    const db2 = new Database(':memory:')
    db2.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)')
    try {
      inTransaction(db2, () => {
        db2.exec('INSERT INTO t VALUES (3)')
        const it = db2.prepare('SELECT x FROM t').iterate()
        it.next()
        throw cause
      })
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBe(cause)
    expect(String((cause as unknown as Record<symbol, unknown>)[ROLLBACK_FAILED])).toMatch(/busy executing a query/)
    expect(toErrorPayload(thrown)).toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/Undoing the unfinished work failed too/)
    })
  })

  it('commits, rolls back and nests as a savepoint', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (x INTEGER)')
    inTransaction(db, () => db.exec('INSERT INTO t VALUES (1)'))
    expect(() =>
      inTransaction(db, () => {
        db.exec('INSERT INTO t VALUES (2)')
        throw new Error('no')
      })
    ).toThrow('no')
    inTransaction(db, () => {
      db.exec('INSERT INTO t VALUES (3)')
      expect(() =>
        inTransaction(db, () => {
          db.exec('INSERT INTO t VALUES (4)')
          throw new Error('inner')
        })
      ).toThrow('inner')
    })
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3])
    expect(db.inTransaction).toBe(false)
  })
})
