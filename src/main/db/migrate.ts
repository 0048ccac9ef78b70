/**
 * Start-up migration procedure (DESIGN-NOTES 2.4). drizzle's migrator is wrapped because:
 * - `PRAGMA foreign_keys=OFF` inside its transaction is a no-op (drizzle-orm#4640), so we switch
 *   foreign keys off outside it and run `foreign_key_check` afterwards;
 * - it never refuses a database written by a newer app;
 * - it takes no backup. We take a verified one (db/backup-files.ts, `VACUUM INTO`) before pending
 *   migrations, in the backup folder with the same retention as the daily ones, and restore it
 *   on failure.
 */
import type Database from 'better-sqlite3'
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { backupFolder, pruneBackups, writeBackup } from './backup-files'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { AppError } from '../errors'
import type { Logger } from '../log'

type JournalEntry = { idx: number; when: number; tag: string }

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const file = join(migrationsFolder, 'meta', '_journal.json')
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }
  return parsed.entries
}

function appliedMillis(sqlite: Database.Database): number[] {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get()
  if (!exists) return []
  return (sqlite.prepare('SELECT created_at FROM __drizzle_migrations').all() as { created_at: number }[]).map((r) => Number(r.created_at))
}

export function migrateDatabase(sqlite: Database.Database, file: string, migrationsFolder: string, log: Logger): string[] {
  const journal = readJournal(migrationsFolder)
  const applied = appliedMillis(sqlite)
  const newestKnown = Math.max(0, ...journal.map((e) => e.when))
  const newestApplied = Math.max(0, ...applied)
  if (newestApplied > newestKnown) {
    throw new AppError(
      'CONFLICT',
      `The database ${file} was written by a newer version of Seller Back Office; update the app before opening it.`,
      { newestApplied, newestKnown }
    )
  }
  const pending = journal.filter((e) => e.when > newestApplied)
  if (pending.length === 0) return []

  const isFile = file !== ':memory:' && applied.length > 0
  let backup: string | null = null
  if (isFile) {
    const folder = backupFolder(file)
    backup = writeBackup({ dbFile: file, folder, reason: 'pre-migration', now: new Date(), source: sqlite }).file
    log.info('database backed up before migrating', { backup, migration: pending[0]!.tag })
    pruneBackups(folder)
  }
  sqlite.pragma('foreign_keys = OFF')
  try {
    migrate(drizzle({ client: sqlite }), { migrationsFolder })
    const violations = sqlite.pragma('foreign_key_check') as unknown[]
    if (violations.length > 0) throw new Error(`foreign key check failed: ${JSON.stringify(violations.slice(0, 5))}`)
  } catch (e) {
    sqlite.close()
    if (backup && existsSync(backup)) {
      copyFileSync(backup, file)
      rmSync(`${file}-wal`, { force: true })
      rmSync(`${file}-shm`, { force: true })
    }
    throw new AppError(
      'INTERNAL',
      `Migration ${pending[0]!.tag} failed; the database was restored from ${backup ?? '(no backup: new database)'}`,
      { cause: String(e) }
    )
  } finally {
    if (sqlite.open) sqlite.pragma('foreign_keys = ON')
  }
  return pending.map((e) => e.tag)
}
