/**
 * Inspect and restore a backup. Restoring puts a verified copy in place of the database file
 * (the app has closed it); refund/cancel work that was not final in the copy becomes
 * `uncertain` (queue/restore.ts), never resent automatically.
 */
import Database from 'better-sqlite3'
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AppError } from '../errors'
import {
  checkFile,
  evidenceDir,
  knownSchemaVersion,
  readManifest,
  schemaVersion,
  stamp,
  summarizeTables,
  type TableSummary
} from '../db/backup-files'
import { inFlightCounts, markInFlightUncertain } from '../queue/restore'

export type BackupContents = {
  file: string
  createdAt: string | null
  integrity: { ok: boolean; detail: string }
  /** 'none': not a Seller Back Office database (no migrations table). */
  schema: 'same' | 'older' | 'newer' | 'none'
  tables: TableSummary[]
  /** Refund/cancel work that was not final in the copy: restored as `uncertain`. */
  inFlight: { batches: number; entries: number }
}

/** What a backup holds (rows per table, newest dates, schema), without changing it. */
export function inspectBackup(file: string, migrationsFolder: string): BackupContents {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `No backup file ${file}`)
  const integrity = checkFile(file, 'integrity_check')
  if (!integrity.ok)
    return {
      file,
      createdAt: readManifest(file)?.createdAt ?? null,
      integrity,
      schema: 'same',
      tables: [],
      inFlight: { batches: 0, entries: 0 }
    }
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const version = schemaVersion(db)
    const known = knownSchemaVersion(migrationsFolder)
    return {
      file,
      createdAt: readManifest(file)?.createdAt ?? null,
      integrity,
      schema: version === 0 ? 'none' : version > known ? 'newer' : version < known ? 'older' : 'same',
      tables: summarizeTables(db),
      inFlight: inFlightCounts(db)
    }
  } finally {
    db.close()
  }
}

export type RestoreResult = {
  restoredFrom: string
  /** The database that was in place, kept aside (null when there was none). */
  keptAside: string | null
  tables: TableSummary[]
  uncertain: { batches: number; entries: number }
}

/**
 * Puts a backup in place of `dbFile`. The app must have closed the database. The backup is
 * verified and refused when it comes from a newer app; the current file (with its -wal) is
 * renamed to `<db>.before-restore-<time>.sqlite`, evidence/ likewise.
 */
export function restoreBackup(opts: { dbFile: string; backupFile: string; migrationsFolder: string; now: Date }): RestoreResult {
  const backupFile = resolve(opts.backupFile)
  const contents = inspectBackup(backupFile, opts.migrationsFolder)
  if (!contents.integrity.ok)
    throw new AppError('VALIDATION', `The backup ${backupFile} is damaged (${contents.integrity.detail}); pick another one.`)
  if (contents.schema === 'newer') {
    throw new AppError(
      'CONFLICT',
      `The backup ${backupFile} was made by a newer version of Seller Back Office; update the app, then restore it.`
    )
  }
  if (contents.schema === 'none')
    throw new AppError('VALIDATION', `${backupFile} is not a Seller Back Office database; nothing was changed.`)
  const dbFile = resolve(opts.dbFile)
  mkdirSync(dirname(dbFile), { recursive: true })
  const prepared = `${dbFile}.restoring`
  rmSync(prepared, { force: true })
  copyFileSync(backupFile, prepared)
  const when = contents.createdAt ? ` of ${contents.createdAt}` : ''
  const db = new Database(prepared)
  let uncertain: { batches: number; entries: number }
  try {
    uncertain = markInFlightUncertain(
      db,
      `Restored from a backup${when}: this may have reached Amazon after the backup was made. Check it against Amazon's record before sending anything again.`,
      opts.now
    )
  } finally {
    db.close()
  }
  let keptAside: string | null = null
  const aside = `${dbFile}.before-restore-${stamp(opts.now)}.sqlite`
  if (existsSync(dbFile)) {
    renameSync(dbFile, aside)
    keptAside = aside
  }
  for (const ext of ['-wal', '-shm']) if (existsSync(dbFile + ext)) renameSync(dbFile + ext, aside + ext)
  renameSync(prepared, dbFile)
  const savedEvidence = backupFile.replace(/\.sqlite$/, '.evidence')
  if (existsSync(savedEvidence)) {
    const live = evidenceDir(dbFile)
    if (existsSync(live)) renameSync(live, `${live}.before-restore-${stamp(opts.now)}`)
    cpSync(savedEvidence, live, { recursive: true })
  }
  return { restoredFrom: backupFile, keptAside, tables: contents.tables, uncertain }
}
