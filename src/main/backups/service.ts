/**
 * Backups for the running app: the daily job, backups before bulk imports, the list and status
 * line, the folder setting, and restore (which needs the app to close its database: the entry
 * point — browser-mode host or Electron — passes `onRestore`).
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { BackupContents, BackupEntry, BackupStatus } from '../../shared/contract/backups'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import type { Logger } from '../log'
import {
  backupFolder,
  defaultBackupFolder,
  listBackups,
  pruneBackups,
  readBackupSettings,
  writeBackup,
  writeBackupSettings,
  type BackupReason
} from '../db/backup-files'
import { checkInBackground, startBackupInBackground } from '../db/backup-thread'
import { inspectBackup } from './restore'

/** The status line warns when the newest good backup is older than this. */
export const STALE_AFTER_MS = 2 * 24 * 3_600_000
export const DAILY_BACKUP_JOB = 'backup.daily'

export class BackupService {
  /** The newest background backup that failed (cleared by the next one that succeeds). */
  private lastFailure: { at: string; message: string } | null = null
  /** A pre-import backup still being copied or checked. */
  private preImport: Promise<unknown> | null = null
  /** What the background start-up check found wrong with the database (null: nothing, or not run). */
  private damaged: string | null = null

  constructor(
    private readonly deps: {
      dbFile: string
      migrationsFolder: string
      clock: Clock
      log: Logger
      /** The entry point restarts the app on the backup (it must close the database first). */
      onRestore?: (backupFile: string) => void
    }
  ) {}

  private get enabled(): boolean {
    return this.deps.dbFile !== ':memory:'
  }

  folder(): string {
    return backupFolder(this.deps.dbFile)
  }

  list(): BackupEntry[] {
    return listBackups(this.folder())
  }

  status(): BackupStatus {
    const list = this.list()
    const good = list.find((b) => b.verified)
    const lastGoodAt = good?.createdAt ?? null
    const age = lastGoodAt ? this.deps.clock.now().getTime() - new Date(lastGoodAt).getTime() : Infinity
    return {
      folder: this.folder(),
      defaultFolder: defaultBackupFolder(this.deps.dbFile),
      lastGoodAt,
      stale: this.enabled && age > STALE_AFTER_MS,
      count: list.length,
      lastFailure: this.lastFailure,
      damaged: this.damaged
    }
  }

  /** One verified backup now; into the backup folder (then retention applies) or into `toDir`. */
  backupNow(reason: BackupReason = 'manual', toDir?: string): BackupEntry {
    if (!this.enabled) throw new AppError('VALIDATION', 'An in-memory database has no file to back up.')
    const folder = toDir ? resolve(toDir) : this.folder()
    const entry = writeBackup({ dbFile: this.deps.dbFile, folder, reason, now: this.deps.clock.now() })
    if (!toDir) {
      const removed = pruneBackups(folder)
      if (removed.length) this.deps.log.info('old backups removed (retention)', { removed: removed.length })
    }
    this.deps.log.info('database backed up', { file: entry.file, reason, sizeBytes: entry.sizeBytes })
    return entry
  }

  /** backupNow() with the copy and its checks on a worker thread (the daily job). */
  async backupInBackground(reason: BackupReason): Promise<BackupEntry> {
    if (!this.enabled) throw new AppError('VALIDATION', 'An in-memory database has no file to back up.')
    return this.kept(startBackupInBackground({ dbFile: this.deps.dbFile, folder: this.folder(), reason, now: this.deps.clock.now() }).done)
  }

  /** Retention and the log after a background backup; a failure is kept for the status line. */
  private async kept(done: Promise<BackupEntry>): Promise<BackupEntry> {
    try {
      const entry = await done
      this.lastFailure = null
      const removed = pruneBackups(this.folder())
      if (removed.length) this.deps.log.info('old backups removed (retention)', { removed: removed.length })
      this.deps.log.info('database backed up', { file: entry.file, reason: entry.reason, sizeBytes: entry.sizeBytes })
      return entry
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      this.lastFailure = { at: this.deps.clock.now().toISOString(), message }
      this.deps.log.error('backup failed', { message })
      throw e
    }
  }

  /**
   * Before a bulk import commits anything: a verified copy of the database as it is now, to go back
   * to. Waits only until the copy's snapshot is pinned (milliseconds; writeSnapshotBackup): the
   * copy and its integrity check go on on a worker thread while the import runs, and hold the state
   * before it. A backup that fails before its snapshot refuses the import; one that fails after
   * it is on the status line and in the log. While a pre-import backup is still being written, the
   * next import starts none: that copy (the state before the earlier import) is the one to go back to.
   */
  async beforeImport(): Promise<void> {
    if (!this.enabled || this.preImport) return
    const started = startBackupInBackground({
      dbFile: this.deps.dbFile,
      folder: this.folder(),
      reason: 'pre-import',
      now: this.deps.clock.now()
    })
    const running = this.kept(started.done)
      .catch(() => undefined)
      .finally(() => {
        if (this.preImport === running) this.preImport = null
      })
    this.preImport = running
    await started.pinned
  }

  /**
   * The start-up health check deferred for a cleanly closed file (db/client.ts), on a worker thread.
   * Damage goes to the status line and the Backups screen with the newest good backup to restore;
   * the daily backup's integrity check of its copy would find it too.
   */
  async checkInBackground(): Promise<void> {
    if (!this.enabled) return
    const r = await checkInBackground(this.deps.dbFile)
    if (r.ok) return
    const newest = this.list().find((b) => b.verified)
    this.damaged = r.detail
    this.deps.log.error('the database is damaged', { detail: r.detail, newestGoodBackup: newest?.file ?? null })
  }

  /** Resolves when no pre-import backup is being written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.preImport) await this.preImport
  }

  private byName(name: string): string {
    const file = join(this.folder(), basename(name))
    if (!existsSync(file)) throw new AppError('NOT_FOUND', `No backup ${name} in ${this.folder()}`)
    return file
  }

  inspect(name: string): BackupContents {
    const c = inspectBackup(this.byName(name), this.deps.migrationsFolder)
    return {
      name: basename(c.file),
      createdAt: c.createdAt,
      integrity: c.integrity,
      schema: c.schema,
      tables: c.tables,
      inFlight: c.inFlight
    }
  }

  setFolder(folder: string | null): BackupStatus {
    if (folder !== null) {
      if (!isAbsolute(folder))
        throw new AppError(
          'VALIDATION',
          `The backup folder must be a full path (like ${defaultBackupFolder(this.deps.dbFile)}), got ${folder}`
        )
      try {
        mkdirSync(folder, { recursive: true })
        accessSync(folder, constants.W_OK)
      } catch (e) {
        throw new AppError('VALIDATION', `Cannot write to ${folder}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    const settings = readBackupSettings(this.deps.dbFile)
    writeBackupSettings(this.deps.dbFile, { ...settings, folder: folder ?? undefined })
    return this.status()
  }

  /** Set by the entry point that can close and reopen the database (host, Electron). */
  /** Checks the backup, then hands it to the entry point, which restarts the app on it. */
  restore(name: string): { restarting: true } {
    const contents = this.inspect(name)
    if (!contents.integrity.ok)
      throw new AppError('VALIDATION', `The backup ${name} is damaged (${contents.integrity.detail}); pick another one.`)
    if (contents.schema === 'newer')
      throw new AppError(
        'CONFLICT',
        `The backup ${name} was made by a newer version of Seller Back Office; update the app, then restore it.`
      )
    if (contents.schema === 'none') throw new AppError('VALIDATION', `${name} is not a Seller Back Office database.`)
    if (!this.deps.onRestore)
      throw new AppError('NOT_IMPLEMENTED', 'Restore from here is not available in this mode; use: npm run cli -- backup restore FILE')
    this.deps.onRestore(this.byName(name))
    return { restarting: true }
  }

  /** The daily backup, as a scheduler job (one for the whole database, not per store). */
  dailyJob(): JobDefinition {
    return {
      name: DAILY_BACKUP_JOB,
      global: true,
      intervalMs: 24 * 3_600_000,
      retryMs: 60 * 60_000,
      enabled: () => this.enabled,
      // On a worker thread: the screens keep answering while a large database is copied.
      run: async () => `${(await this.backupInBackground('daily')).name}`
    }
  }
}
