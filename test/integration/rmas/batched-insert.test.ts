import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { BatchedInsert } from '../../../src/main/rmas/batched-insert'

describe('BatchedInsert', () => {
  const open = () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT NOT NULL)')
    return db
  }

  it('writes full batches and the remainder in the order rows were added, with constants in the tuple', () => {
    const db = open()
    const ins = new BatchedInsert(db, 'INSERT INTO t (a, b, c) VALUES', "(?, ?, 'k')", 3)
    for (let i = 0; i < 8; i++) ins.add(`r${i}`, i % 2 ? null : i)
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(6)
    ins.flush()
    expect(db.prepare('SELECT a, b, c FROM t ORDER BY id').all()).toEqual(
      Array.from({ length: 8 }, (_, i) => ({ a: `r${i}`, b: i % 2 ? null : i, c: 'k' }))
    )
    ins.flush()
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(8)
  })

  it('discard drops buffered rows; a wrong value count is refused', () => {
    const db = open()
    const ins = new BatchedInsert(db, 'INSERT INTO t (a, b, c) VALUES', '(?, ?, ?)', 10)
    ins.add('x', 1, 'y')
    ins.discard()
    ins.flush()
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0)
    expect(() => ins.add('x', 1)).toThrow(/expected 3 values/)
  })
})
