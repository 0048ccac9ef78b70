/** Opens the SQLite store: pragmas, migrations, drizzle. The only place a connection is made. */
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema'
import { migrateDatabase } from './migrate'
import { assertDatabaseHealthy } from './backup-files'
import type { Logger } from '../log'
import { silentLogger } from '../log'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export type OpenedDb = {
  db: Db
  sqlite: Database.Database
  file: string
  applied: string[]
  /**
   * The start-up health check was skipped: the file is exactly as this app left it at a clean close
   * (cleanMark). The caller runs it in the background instead (backups/service.ts checkInBackground).
   */
  checkDeferred: boolean
  close(): void
}

/**
 * The file the app writes beside the database when it closes it cleanly: the database's size and
 * modification time once SQLite has checkpointed and removed its WAL. Removed at every open, so a
 * crash leaves none. A file whose size and time still match was not written since, by us or
 * anyone: its start-up check (`PRAGMA quick_check`, 7 s on an 800 MB database) can run after the
 * first screen instead of before it. Anything else — no mark, a WAL left over, another size or
 * time — is checked before anything writes, as always.
 */
const cleanMark = (file: string) => `${file}.closed-cleanly.json`

function closedCleanly(file: string): boolean {
  const mark = cleanMark(file)
  if (!existsSync(mark)) return false
  try {
    const m = JSON.parse(readFileSync(mark, 'utf8')) as { size: number; mtimeMs: number }
    const st = statSync(file)
    const wal = `${file}-wal`
    return st.size === m.size && st.mtimeMs === m.mtimeMs && (!existsSync(wal) || statSync(wal).size === 0)
  } catch {
    return false
  } finally {
    rmSync(mark, { force: true })
  }
}

function markClosedCleanly(file: string): void {
  const wal = `${file}-wal`
  if (existsSync(wal) && statSync(wal).size > 0) return // another connection still has it open (the CLI beside the app)
  const st = statSync(file)
  writeFileSync(cleanMark(file), JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs, at: new Date().toISOString() }) + '\n')
}

export function openDatabase(file: string, opts: { migrationsFolder: string; log?: Logger; readonly?: boolean }): OpenedDb {
  let checkDeferred = false
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
    // PRAGMA quick_check on a read-only connection before anything below writes (pragmas,
    // migrations): a damaged file stops here, untouched, naming the newest good backup. Deferred
    // for a file untouched since the app closed it cleanly (cleanMark).
    if (closedCleanly(file) && !opts.readonly) checkDeferred = true
    else assertDatabaseHealthy(file)
  }
  const sqlite = new Database(file)
  // 16 KiB pages (SQLite's default is 4 KiB): a million-row report import and its index builds
  // run ~20 % faster (bench/reimbursements.bench.ts), small lookups cost the same. Takes effect
  // only when the file is created (before WAL mode is set); an existing database keeps its size.
  sqlite.pragma('page_size = 16384')
  sqlite.pragma('journal_mode = WAL')
  // After a bulk import the WAL file can reach a gigabyte; once checkpointed, the next reset
  // truncates it to this size instead of keeping it on disk.
  sqlite.pragma('journal_size_limit = 67108864')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const applied = migrateDatabase(sqlite, file, opts.migrationsFolder, opts.log ?? silentLogger)
  sqlite.pragma('foreign_keys = ON')
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db
  const close = () => {
    if (!sqlite.open) return
    sqlite.close()
    if (file !== ':memory:') {
      try {
        markClosedCleanly(file)
      } catch {
        // No mark: the next start checks the file first, as after a crash.
      }
    }
  }
  return { db, sqlite, file, applied, checkDeferred, close }
}
