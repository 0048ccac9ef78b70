import { listBackups } from '../../../src/main/db/backup-files'
import Database from 'better-sqlite3'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/client'
import { readJournal } from '../../../src/main/db/migrate'
import { MIGRATIONS, tempDir } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
const tmp = () => {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

/** A copy of the migrations folder holding only the first `n` entries (an older release). */
function olderRelease(dir: string, n: number): string {
  const folder = join(dir, 'drizzle-old')
  cpSync(MIGRATIONS, folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const j = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
  j.entries = j.entries.slice(0, n)
  writeFileSync(journalFile, JSON.stringify(j))
  return folder
}

describe('migrations', () => {
  it('journal entries are append-only: idx and when strictly increase, every SQL file exists', () => {
    const entries = readJournal(MIGRATIONS)
    expect(entries.length).toBeGreaterThan(0)
    entries.forEach((e, i) => {
      expect(e.idx).toBe(i)
      if (i > 0) expect(e.when).toBeGreaterThan(entries[i - 1]!.when)
      expect(existsSync(join(MIGRATIONS, `${e.tag}.sql`))).toBe(true)
    })
    const sqlFiles = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))
    expect(sqlFiles.length).toBe(entries.length)
  })

  it('brings an empty database to head with WAL, foreign keys and a busy timeout', () => {
    const file = join(tmp(), 'a.sqlite')
    const o = openDatabase(file, { migrationsFolder: MIGRATIONS })
    expect(o.applied.length).toBe(readJournal(MIGRATIONS).length)
    expect(o.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(o.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(o.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    const tables = (o.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name)
    expect(tables).toEqual(expect.arrayContaining(['stores', 'store_settings', 'job_runs']))
    o.close()
  })

  it('re-opening an up-to-date database applies nothing and keeps data', () => {
    const file = join(tmp(), 'b.sqlite')
    const a = openDatabase(file, { migrationsFolder: MIGRATIONS })
    a.sqlite.prepare("INSERT INTO stores VALUES ('s1','n','NA','A2C4E6G8I0K2M4','[]','c',0,'t','t')").run()
    a.close()
    const b = openDatabase(file, { migrationsFolder: MIGRATIONS })
    expect(b.applied).toEqual([])
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM stores').get()).toEqual({ n: 1 })
    b.close()
  })

  it('migrates an existing older database to head, keeps its rows and backs it up first', () => {
    const dir = tmp()
    const entries = readJournal(MIGRATIONS)
    const file = join(dir, 'c.sqlite')
    // An older release with only the first migration; newer migrations must apply on top.
    const old = openDatabase(file, { migrationsFolder: olderRelease(dir, 1) })
    old.sqlite.prepare("INSERT INTO stores VALUES ('s1','n','NA','A2C4E6G8I0K2M4','[]','c',0,'t','t')").run()
    old.close()
    const now = openDatabase(file, { migrationsFolder: MIGRATIONS })
    expect(now.applied).toEqual(entries.slice(1).map((e) => e.tag))
    expect(now.sqlite.prepare('SELECT id FROM stores').all()).toEqual([{ id: 's1' }])
    now.close()
    // The pre-migration backup is a verified one in the backup folder (same retention as the daily ones).
    const backups = listBackups(join(dir, 'backups'))
    expect(backups.map((b) => [b.reason, b.verified])).toEqual([['pre-migration', true]])
    const copy = new Database(backups[0]!.file, { readonly: true })
    expect(copy.prepare('SELECT id FROM stores').all()).toEqual([{ id: 's1' }])
    copy.close()
  })

  it('refuses a database written by a newer app', () => {
    const file = join(tmp(), 'd.sqlite')
    openDatabase(file, { migrationsFolder: MIGRATIONS }).close()
    const raw = new Database(file)
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 10)
    raw.close()
    expect(() => openDatabase(file, { migrationsFolder: MIGRATIONS })).toThrow(/newer version/)
  })

  it('restores the backup when a migration fails', () => {
    const dir = tmp()
    const file = join(dir, 'e.sqlite')
    const first = openDatabase(file, { migrationsFolder: olderRelease(dir, 1) })
    first.sqlite.prepare("INSERT INTO stores VALUES ('s1','n','NA','A2C4E6G8I0K2M4','[]','c',0,'t','t')").run()
    first.close()
    // A broken newer release: its migration fails halfway.
    const broken = join(dir, 'drizzle-broken')
    cpSync(MIGRATIONS, broken, { recursive: true })
    const j = JSON.parse(readFileSync(join(broken, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[]
    }
    j.entries = [j.entries[0]!, { ...j.entries[0]!, idx: 1, when: j.entries[0]!.when + 1, tag: '0001_broken' }]
    writeFileSync(join(broken, 'meta', '_journal.json'), JSON.stringify(j))
    writeFileSync(join(broken, '0001_broken.sql'), 'DELETE FROM stores;\n--> statement-breakpoint\nTHIS IS NOT SQL;')
    expect(() => openDatabase(file, { migrationsFolder: broken })).toThrow(/0001_broken failed; the database was restored/)
    const again = openDatabase(file, { migrationsFolder: olderRelease(dir, 1) })
    expect(again.sqlite.prepare('SELECT id FROM stores').all()).toEqual([{ id: 's1' }])
    again.close()
  })
})

describe('migration 0007_reimbursements_daily (moves data)', () => {
  it('backfills the per-day summary from the rows an older release stored: sums per store, day, reason and currency, reversals included', () => {
    const dir = tmp()
    const file = join(dir, 'd.sqlite')
    const before = readJournal(MIGRATIONS).findIndex((e) => e.tag === '0007_reimbursements_daily')
    expect(before).toBeGreaterThan(0)
    const old = openDatabase(file, { migrationsFolder: olderRelease(dir, before) })
    const s = old.sqlite
    s.prepare("INSERT INTO stores VALUES ('s1','One','NA','A1','[]','c',0,'t','t'), ('s2','Two','EU','A2','[]','c',0,'t','t')").run()
    const ins = s.prepare(
      `INSERT INTO reimbursements (store_id, reimbursement_id, line_key, approved_at, reimbursed_at, time_from_approval, reason, reason_category,
         sku, currency, amount_total_minor, quantity_cash, quantity_inventory, quantity_total, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, 'SKU', ?, ?, 1, 0, 1, 'import', 't', 't')`
    )
    const rows: [string, string, string, string, string, number][] = [
      // store, id, reimbursed_at, category, currency, amount (minor units)
      ['s1', 'R1', '2026-03-01T08:00:00.000Z', 'lost', 'USD', 1250],
      ['s1', 'R2', '2026-03-01T23:59:59.000Z', 'lost', 'USD', 750],
      ['s1', 'R3', '2026-03-01T10:00:00.000Z', 'lost', 'USD', -750], // reversal of R2
      ['s1', 'R4', '2026-03-01T10:00:00.000Z', 'damaged', 'USD', 300],
      ['s1', 'R5', '2026-03-02T00:00:00.000Z', 'lost', 'USD', 99],
      ['s1', 'R6', '2026-03-01T12:00:00.000Z', 'lost', 'CAD', 500],
      ['s2', 'R7', '2026-03-01T12:00:00.000Z', 'lost', 'EUR', 4200]
    ]
    rows.forEach(([store, id, at, cat, cur, amt], i) => ins.run(store, id, `k${i}`, at, at, 'Lost_Warehouse', cat, cur, amt))
    old.close()

    const now = openDatabase(file, { migrationsFolder: MIGRATIONS })
    expect(now.applied).toContain('0007_reimbursements_daily')
    const daily = now.sqlite
      .prepare(
        'SELECT store_id, day, reason_category, currency, amount_minor, rows FROM reimbursement_daily ORDER BY store_id, day, reason_category, currency'
      )
      .all()
    expect(daily).toEqual([
      { store_id: 's1', day: '2026-03-01', reason_category: 'damaged', currency: 'USD', amount_minor: 300, rows: 1 },
      { store_id: 's1', day: '2026-03-01', reason_category: 'lost', currency: 'CAD', amount_minor: 500, rows: 1 },
      { store_id: 's1', day: '2026-03-01', reason_category: 'lost', currency: 'USD', amount_minor: 1250, rows: 3 },
      { store_id: 's1', day: '2026-03-02', reason_category: 'lost', currency: 'USD', amount_minor: 99, rows: 1 },
      { store_id: 's2', day: '2026-03-01', reason_category: 'lost', currency: 'EUR', amount_minor: 4200, rows: 1 }
    ])
    // The summary and the rows it summarises agree in total, per currency.
    const fromRows = now.sqlite
      .prepare('SELECT currency, sum(amount_total_minor) AS t FROM reimbursements GROUP BY currency ORDER BY currency')
      .all()
    const fromDaily = now.sqlite
      .prepare('SELECT currency, sum(amount_minor) AS t FROM reimbursement_daily GROUP BY currency ORDER BY currency')
      .all()
    expect(fromDaily).toEqual(fromRows)
    now.close()
  })
})
