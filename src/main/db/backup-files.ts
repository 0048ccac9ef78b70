/**
 * Backups of the SQLite database file (and the evidence folder beside it): write, verify, list,
 * prune, and the start-up health check. Inspect and restore, which know about queue work, are in
 * backups/restore.ts. Everything here works on files, with
 * no running services, so the CLI can restore a database the app cannot open.
 *
 * A backup is `VACUUM INTO` from a separate read-only connection (CLI, migrations), or a page copy
 * by SQLite's backup API inside a read transaction of such a connection (the app's background
 * backups, writeSnapshotBackup): either way a consistent snapshot of what was committed when it
 * started (SQLite's WAL gives that reader its own snapshot), never a file copy of a live WAL
 * database, never the half of a transaction still open on the app's connection. Each copy is
 * checked with `PRAGMA integrity_check` before it gets its final name.
 *
 * Layout of a backup folder (default: `backups/` beside the database):
 *   seller-back-office-2026-12-02T12-40-05-123Z-daily.sqlite        the database
 *   seller-back-office-2026-12-02T12-40-05-123Z-daily.sqlite.json   manifest (time, reason, counts)
 *   seller-back-office-2026-12-02T12-40-05-123Z-daily.evidence/     copy of evidence/ (when present)
 */
import Database from 'better-sqlite3'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { AppError } from '../errors'
import { backupsToKeep, DEFAULT_RETENTION, type RetentionPolicy } from './backup-retention'

export const BACKUP_REASONS = ['daily', 'manual', 'pre-migration', 'pre-import', 'pre-restore'] as const
export type BackupReason = (typeof BACKUP_REASONS)[number]

export type TableSummary = { table: string; rows: number; newest: string | null }

export type BackupManifest = {
  format: 1
  createdAt: string
  reason: BackupReason
  sizeBytes: number
  integrity: 'ok'
  /** created_at (ms) of the newest migration applied in the copy; 0 for none. */
  schemaVersion: number
  tables: TableSummary[]
  evidenceFiles: number
}

export type BackupEntry = {
  file: string
  name: string
  createdAt: string
  reason: BackupReason | 'unknown'
  sizeBytes: number
  /** Passed integrity_check when it was written (a file without our manifest is not). */
  verified: boolean
  evidence: boolean
}

/** Where the app's other files live: the settings file and evidence/ sit beside the database. */
export const dataDir = (dbFile: string) => dirname(resolve(dbFile))
export const evidenceDir = (dbFile: string) => join(dataDir(dbFile), 'evidence')
export const settingsFile = (dbFile: string) => join(dataDir(dbFile), 'backup-settings.json')
export const defaultBackupFolder = (dbFile: string) => join(dataDir(dbFile), 'backups')

export type BackupSettings = { folder?: string }

export function readBackupSettings(dbFile: string): BackupSettings {
  try {
    const parsed = JSON.parse(readFileSync(settingsFile(dbFile), 'utf8')) as BackupSettings
    return typeof parsed === 'object' && parsed ? parsed : {}
  } catch {
    return {}
  }
}

export function writeBackupSettings(dbFile: string, settings: BackupSettings): void {
  mkdirSync(dataDir(dbFile), { recursive: true })
  writeFileSync(settingsFile(dbFile), JSON.stringify(settings, null, 2) + '\n')
}

/** The folder the user chose (Backups screen, `backup folder`), or `backups/` beside the database. */
export const backupFolder = (dbFile: string) => readBackupSettings(dbFile).folder || defaultBackupFolder(dbFile)

export const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-')

export function userTables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name)
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`

/** Rows per table and the newest date in it (the largest value of its *_at / *_date columns). */
export function summarizeTables(db: Database.Database): TableSummary[] {
  return userTables(db)
    .filter((t) => t !== '__drizzle_migrations')
    .map((table) => {
      const rows = Number((db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get() as { n: number }).n)
      const cols = (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => /(_at|_date)$/.test(c))
      let newest: string | null = null
      for (const c of cols) {
        const v = (db.prepare(`SELECT MAX(${quote(c)}) AS m FROM ${quote(table)}`).get() as { m: unknown }).m
        if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && (newest === null || v > newest)) newest = v
      }
      return { table, rows, newest }
    })
}

export function schemaVersion(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get()
  if (!has) return 0
  const r = db.prepare('SELECT MAX(created_at) AS v FROM __drizzle_migrations').get() as { v: number | null }
  return Number(r.v ?? 0)
}

/** The newest migration this app knows (drizzle/meta/_journal.json). */
export function knownSchemaVersion(migrationsFolder: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] }
  return Math.max(0, ...journal.entries.map((e) => e.when))
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1
  return n
}

/** integrity_check (full) or quick_check on a file; 'ok' or the first problems SQLite reports. */
export function checkFile(file: string, kind: 'integrity_check' | 'quick_check'): { ok: boolean; detail: string } {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const rows = db.pragma(kind) as Record<string, string>[]
    const msgs = rows.map((r) => Object.values(r)[0] ?? '')
    return msgs.length === 1 && msgs[0] === 'ok' ? { ok: true, detail: 'ok' } : { ok: false, detail: msgs.slice(0, 5).join('; ') }
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) }
  } finally {
    db?.close()
  }
}

/** A new backup's file names in `folder` (never one already there). */
function newBackupFile(folder: string, reason: BackupReason, now: Date): { file: string; base: string; partial: string } {
  mkdirSync(folder, { recursive: true })
  let base = `seller-back-office-${stamp(now)}-${reason}`
  for (let n = 2; existsSync(join(folder, `${base}.sqlite`)); n++) base = `seller-back-office-${stamp(now)}-${reason}-${n}`
  const file = join(folder, `${base}.sqlite`)
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  return { file, base, partial }
}

const copyFailed = (folder: string, partial: string, e: unknown) => {
  rmSync(partial, { force: true })
  return new AppError('INTERNAL', `The backup into ${folder} failed: ${e instanceof Error ? e.message : String(e)}`)
}

/**
 * Writes one verified backup of `dbFile` into `folder`. `source` is a connection to use instead
 * of a new read-only one (migrations: the app's own connection, outside any transaction).
 */
export function writeBackup(opts: {
  dbFile: string
  folder: string
  reason: BackupReason
  now: Date
  source?: Database.Database
}): BackupEntry {
  if (!opts.source && !existsSync(opts.dbFile)) throw new AppError('NOT_FOUND', `There is no database at ${opts.dbFile} to back up.`)
  const names = newBackupFile(opts.folder, opts.reason, opts.now)
  const src = opts.source ?? new Database(opts.dbFile, { readonly: true, fileMustExist: true })
  try {
    src.prepare('VACUUM INTO ?').run(names.partial)
  } catch (e) {
    throw copyFailed(opts.folder, names.partial, e)
  } finally {
    if (!opts.source) src.close()
  }
  return keepVerified(opts, names)
}

/**
 * A backup of the database as it is at the moment `onPinned` is called, while the app goes on
 * writing: a read-only connection opens a read transaction (in WAL mode it keeps that snapshot
 * however much is committed after it), says so, then copies the pages SQLite's online backup API
 * reads inside that same transaction, and checks the copy. The caller may write as soon as
 * `onPinned` has run: the copy is of the state before. A page copy, not VACUUM INTO (which may not
 * run inside a transaction): 1.8 s instead of ~70 s for a 800 MB database, at the cost of keeping
 * free pages.
 */
export async function writeSnapshotBackup(
  opts: { dbFile: string; folder: string; reason: BackupReason; now: Date },
  onPinned: () => void
): Promise<BackupEntry> {
  if (!existsSync(opts.dbFile)) throw new AppError('NOT_FOUND', `There is no database at ${opts.dbFile} to back up.`)
  const names = newBackupFile(opts.folder, opts.reason, opts.now)
  const src = new Database(opts.dbFile, { readonly: true, fileMustExist: true })
  try {
    src.exec('BEGIN')
    src.prepare('SELECT count(*) FROM sqlite_master').get() // the read transaction (and its snapshot) starts here
    onPinned()
    // All pages in one step: the transaction above, not the step size, is what keeps it consistent.
    await src.backup(names.partial, { progress: () => 1 << 30 })
  } catch (e) {
    throw copyFailed(opts.folder, names.partial, e)
  } finally {
    if (src.inTransaction) src.exec('COMMIT')
    src.close()
  }
  // The pages carry the source's WAL mode: as a plain rollback-journal file the copy is one file
  // (the checks below would otherwise leave its -shm/-wal beside it, and the rename would not move them).
  try {
    const copy = new Database(names.partial)
    copy.pragma('journal_mode = DELETE')
    copy.close()
  } catch (e) {
    throw copyFailed(opts.folder, names.partial, e)
  }
  return keepVerified({ ...opts }, names)
}

/** Checks a written copy (integrity_check), counts its rows, gives it its name, copies evidence/, writes the manifest. */
function keepVerified(
  opts: { dbFile: string; reason: BackupReason; now: Date; folder: string },
  names: { file: string; base: string; partial: string }
): BackupEntry {
  const { file, base, partial } = names
  const check = checkFile(partial, 'integrity_check')
  if (!check.ok) {
    rmSync(partial, { force: true })
    throw new AppError(
      'INTERNAL',
      `The backup copy failed its integrity check (${check.detail}); nothing was kept. The database itself may be damaged.`
    )
  }
  const copy = new Database(partial, { readonly: true })
  let tables: TableSummary[]
  let version: number
  try {
    tables = summarizeTables(copy)
    version = schemaVersion(copy)
  } finally {
    copy.close()
  }
  renameSync(partial, file)
  const evidence = evidenceDir(opts.dbFile)
  let evidenceFiles = 0
  if (existsSync(evidence)) {
    cpSync(evidence, join(opts.folder, `${base}.evidence`), { recursive: true })
    evidenceFiles = countFiles(evidence)
  }
  const manifest: BackupManifest = {
    format: 1,
    createdAt: opts.now.toISOString(),
    reason: opts.reason,
    sizeBytes: statSync(file).size,
    integrity: 'ok',
    schemaVersion: version,
    tables,
    evidenceFiles
  }
  writeFileSync(`${file}.json`, JSON.stringify(manifest, null, 2) + '\n')
  return {
    file,
    name: basename(file),
    createdAt: manifest.createdAt,
    reason: opts.reason,
    sizeBytes: manifest.sizeBytes,
    verified: true,
    evidence: evidenceFiles > 0
  }
}

export function readManifest(file: string): BackupManifest | null {
  try {
    const m = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as BackupManifest
    return m.format === 1 && m.integrity === 'ok' ? m : null
  } catch {
    return null
  }
}

/** The backups in a folder, newest first. */
export function listBackups(folder: string): BackupEntry[] {
  if (!existsSync(folder)) return []
  const out: BackupEntry[] = []
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.sqlite')) continue
    const file = join(folder, name)
    const m = readManifest(file)
    const st = statSync(file)
    out.push({
      file,
      name,
      createdAt: m?.createdAt ?? st.mtime.toISOString(),
      reason: m?.reason ?? 'unknown',
      sizeBytes: st.size,
      verified: m !== null && m.sizeBytes === st.size,
      evidence: existsSync(join(folder, name.replace(/\.sqlite$/, '.evidence')))
    })
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/**
 * Copies of ours left half-written (`*.sqlite.partial`: the app was closed or stopped while a
 * background backup was being copied or checked) and not touched for an hour: deleted. A younger
 * one may still be being written by another process (the CLI beside the app).
 */
export function removeStalePartials(folder: string, now: number = Date.now()): string[] {
  if (!existsSync(folder)) return []
  const removed: string[] = []
  for (const name of readdirSync(folder)) {
    if (!/^seller-back-office-.*\.sqlite\.partial(-shm|-wal)?$/.test(name)) continue
    const file = join(folder, name)
    if (now - statSync(file).mtimeMs < 3_600_000) continue
    rmSync(file, { force: true })
    removed.push(file)
  }
  return removed
}

/** Deletes the app's own backups in `folder` that the retention policy does not keep (and stale half-written copies). */
export function pruneBackups(folder: string, policy: RetentionPolicy = DEFAULT_RETENTION): string[] {
  const partials = removeStalePartials(folder)
  const ours = listBackups(folder)
    .filter((b) => b.reason !== 'unknown')
    .map((b) => ({ ...b, at: new Date(b.createdAt) }))
  const keep = backupsToKeep(ours, policy)
  const removed: string[] = [...partials]
  for (const b of ours) {
    if (keep.has(b)) continue
    rmSync(b.file, { force: true })
    rmSync(`${b.file}.json`, { force: true })
    rmSync(b.file.replace(/\.sqlite$/, '.evidence'), { recursive: true, force: true })
    removed.push(b.file)
  }
  return removed
}

/**
 * Start-up health check: `PRAGMA quick_check` on a read-only connection, before anything writes.
 * A damaged file stops the start with the newest good backup to restore.
 */
export function assertDatabaseHealthy(dbFile: string): void {
  if (!existsSync(dbFile)) return
  const check = checkFile(dbFile, 'quick_check')
  if (check.ok) return
  const newest = listBackups(backupFolder(dbFile)).find((b) => b.verified)
  const offer = newest
    ? `The newest good backup is ${newest.file} (${newest.createdAt}). Restore it with: npm run cli -- --db "${dbFile}" backup restore "${newest.file}" (the damaged file is kept aside).`
    : `No backup was found in ${backupFolder(dbFile)}. Keep a copy of the file before trying any repair.`
  throw new AppError('DATABASE_CORRUPT', `The database ${dbFile} is damaged (${check.detail}). Nothing was written to it. ${offer}`, {
    file: dbFile,
    backup: newest?.file ?? null
  })
}
