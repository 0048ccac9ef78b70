/** Opens the SQLite store: pragmas, migrations, drizzle. The only place a connection is made. */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema'
import { migrateDatabase } from './migrate'
import { assertDatabaseHealthy } from './backup-files'
import type { Logger } from '../log'
import { silentLogger } from '../log'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export type OpenedDb = { db: Db; sqlite: Database.Database; file: string; applied: string[]; close(): void }

export function openDatabase(file: string, opts: { migrationsFolder: string; log?: Logger; readonly?: boolean }): OpenedDb {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
    // PRAGMA quick_check on a read-only connection before anything below writes (pragmas,
    // migrations): a damaged file stops here, untouched, naming the newest good backup.
    assertDatabaseHealthy(file)
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
  return { db, sqlite, file, applied, close: () => sqlite.open && sqlite.close() }
}
