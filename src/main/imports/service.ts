/**
 * The watched folder and the Imports log.
 *
 * A store may name a folder (e.g. the browser's downloads folder). Report files that appear there
 * are recognised by their content (recognise.ts) and imported into their domain through the same
 * imports the screens use (the `importers` port, given by services.ts); each file content is
 * logged once per store in `import_log` (kind, counts, error), by the SHA-256 of its bytes, so the
 * same report seen again — renamed, copied, or the app restarted — is not imported twice. Files it
 * does not recognise are left where they are, untouched, and named in the log. Nothing in the
 * folder is ever moved, renamed or deleted.
 *
 * A file is read only when it is stable: its size and modification time unchanged over
 * `stableMs` (a debounce, so a download still being written is not read half-way), and never while
 * it has a browser's partial-download name (.crdownload, .part, .download, .tmp).
 *
 * Hand-written on Node's fs.watch plus a periodic rescan rather than chokidar: the folder is flat
 * (no recursion), fs.watch alone drops events on network shares and during renames on some
 * systems, so a rescan is needed anyway, and the stable-size check is a few lines over it — not
 * worth a new dependency in the app bundle. fs.watch only makes a rescan come sooner.
 *
 * Runs in the main process only (desktop and the browser-mode host: `start()` in services.ts);
 * the CLI never starts it.
 */
import { createHash } from 'node:crypto'
import { watch, type FSWatcher } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import { and, desc, eq } from 'drizzle-orm'
import type { ImportLogEntry, WatchedFolder, WatchKind } from '../../shared/contract/import-log'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { importLog, watchedFolders } from '../db/schema'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { Logger } from '../log'
import { peek } from '../amazon/reports/returns-detect'
import { recogniseFile, recogniseHead } from './recognise'

/** One domain's import of a staged file (commit), answering its summary. */
export type Importer = (storeId: string, fileId: string) => Promise<object>

/** Per kind: the import, or a sentence saying where a person imports it instead. */
export type Importers = Record<WatchKind, Importer | { byHand: string }>

const PARTIAL = /\.(crdownload|part|partial|download|tmp|opdownload)$/i
/** Largest file the folder imports (the staging limit is the real one; this keeps hashing cheap). */
const MAX_BYTES = 512 * 1024 ** 2

/** The numbers of an import summary (rows, inserted, updated, unchanged, rejectedCount …), for the log. */
export function countsOf(summary: object): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(summary)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v
  return out
}

type Seen = { size: number; mtimeMs: number; since: number; done: boolean }

export class ImportsService {
  private readonly watchers = new Map<string, { path: string; fsw: FSWatcher | null; problem: string | null }>()
  private readonly seen = new Map<string, Seen>()
  private timer: ReturnType<typeof setInterval> | null = null
  private soon: ReturnType<typeof setTimeout> | null = null
  private scanning: Promise<void> | null = null
  private started = false

  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      events: EventBus
      log: Logger
      files: FileStaging
      storeIds: () => string[]
      importers: Importers
      /** How long a file's size and time must stay the same before it is read (default 2 s). */
      stableMs?: number
      /** Rescan period (default 2 s). */
      scanMs?: number
    }
  ) {}

  private get stableMs() {
    return this.deps.stableMs ?? 2000
  }

  // ------------------------------------------------------------------ settings and log

  watchedFolder(storeId: string): WatchedFolder {
    const row = this.deps.db.select().from(watchedFolders).where(eq(watchedFolders.storeId, storeId)).get()
    const w = this.watchers.get(storeId)
    return {
      storeId,
      path: row?.path ?? null,
      enabled: row?.enabled ?? false,
      watching: Boolean(row?.enabled && w && !w.problem && this.started),
      problem: w?.problem ?? null
    }
  }

  async setWatchedFolder(input: { storeId: string; path: string | null; enabled: boolean }): Promise<WatchedFolder> {
    const now = this.deps.clock.now().toISOString()
    if (input.path === null) {
      this.deps.db.delete(watchedFolders).where(eq(watchedFolders.storeId, input.storeId)).run()
    } else {
      if (!isAbsolute(input.path))
        throw new AppError(
          'VALIDATION',
          `"${input.path}" is not a full path to a folder (e.g. /home/me/Downloads or C:\\Users\\me\\Downloads)`,
          {
            field: 'path'
          }
        )
      const s = await stat(input.path).catch(() => null)
      if (!s) throw new AppError('VALIDATION', `The folder "${input.path}" does not exist`, { field: 'path' })
      if (!s.isDirectory()) throw new AppError('VALIDATION', `"${input.path}" is a file, not a folder`, { field: 'path' })
      this.deps.db
        .insert(watchedFolders)
        .values({ storeId: input.storeId, path: input.path, enabled: input.enabled, updatedAt: now })
        .onConflictDoUpdate({ target: watchedFolders.storeId, set: { path: input.path, enabled: input.enabled, updatedAt: now } })
        .run()
    }
    if (this.started) this.refreshWatchers()
    this.deps.events.emit('data.changed', { domains: ['imports'] })
    if (this.started) this.scanSoon()
    return this.watchedFolder(input.storeId)
  }

  log(storeId: string | undefined, limit: number): ImportLogEntry[] {
    const rows = this.deps.db
      .select()
      .from(importLog)
      .where(storeId ? eq(importLog.storeId, storeId) : undefined)
      .orderBy(desc(importLog.at), desc(importLog.id))
      .limit(limit)
      .all()
    return rows.map((r) => ({
      id: r.id,
      storeId: r.storeId,
      file: r.file,
      kind: (r.kind as WatchKind | null) ?? null,
      result: r.result as ImportLogEntry['result'],
      counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null,
      error: r.error,
      at: r.at
    }))
  }

  // ------------------------------------------------------------------ watching

  start(): void {
    if (this.started) return
    this.started = true
    this.refreshWatchers()
    this.timer = setInterval(() => void this.scan(), this.deps.scanMs ?? 2000)
    this.timer.unref?.()
    this.scanSoon()
  }

  stop(): void {
    this.started = false
    if (this.timer) clearInterval(this.timer)
    if (this.soon) clearTimeout(this.soon)
    this.timer = null
    this.soon = null
    for (const w of this.watchers.values()) w.fsw?.close()
    this.watchers.clear()
  }

  /** Waits for a scan in progress (tests; a graceful stop). */
  async idle(): Promise<void> {
    await this.scanning
  }

  private folders(): { storeId: string; path: string }[] {
    const ids = new Set(this.deps.storeIds())
    return this.deps.db
      .select()
      .from(watchedFolders)
      .where(eq(watchedFolders.enabled, true))
      .all()
      .filter((r) => ids.has(r.storeId))
      .map((r) => ({ storeId: r.storeId, path: r.path }))
  }

  private refreshWatchers(): void {
    const want = new Map(this.folders().map((f) => [f.storeId, f.path]))
    for (const [storeId, w] of this.watchers) {
      if (want.get(storeId) !== w.path) {
        w.fsw?.close()
        this.watchers.delete(storeId)
      }
    }
    for (const [storeId, path] of want) {
      if (this.watchers.has(storeId)) continue
      let fsw: FSWatcher | null = null
      let problem: string | null = null
      try {
        fsw = watch(path, { persistent: false }, () => this.scanSoon())
        fsw.on('error', () => undefined)
      } catch (e) {
        problem = `cannot watch ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
      }
      this.watchers.set(storeId, { path, fsw, problem })
    }
  }

  private scanSoon(): void {
    if (!this.started || this.soon) return
    this.soon = setTimeout(() => {
      this.soon = null
      void this.scan()
    }, 200)
    this.soon.unref?.()
  }

  /** One pass over every watched folder; a pass never overlaps another. */
  scan(): Promise<void> {
    if (this.scanning) return this.scanning
    this.scanning = this.scanAll()
      .catch((e: unknown) => this.deps.log.warn('watched folder scan failed', { error: e }))
      .finally(() => {
        this.scanning = null
      })
    return this.scanning
  }

  private async scanAll(): Promise<void> {
    for (const { storeId, path } of this.folders()) {
      if (!this.started) return
      const w = this.watchers.get(storeId)
      let names: string[]
      try {
        names = (await readdir(path, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name)
        if (w) w.problem = null
      } catch (e) {
        if (w) w.problem = `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
        continue
      }
      for (const name of names.sort()) {
        if (!this.started) return
        if (name.startsWith('.') || PARTIAL.test(name)) continue
        await this.consider(storeId, join(path, name))
      }
    }
  }

  /** Reads a file once it is stable, and logs it once per content. */
  private async consider(storeId: string, file: string): Promise<void> {
    const s = await stat(file).catch(() => null)
    if (!s || !s.isFile() || s.size === 0 || s.size > MAX_BYTES) return
    const key = `${storeId}\u0000${file}`
    const now = Date.now()
    const prev = this.seen.get(key)
    if (!prev || prev.size !== s.size || prev.mtimeMs !== s.mtimeMs) {
      this.seen.set(key, { size: s.size, mtimeMs: s.mtimeMs, since: now, done: false })
      return
    }
    if (prev.done || now - prev.since < this.stableMs) return
    prev.done = true
    // Recognised from the first bytes, so a large file of another kind (a video in the downloads
    // folder) is never read whole: it is logged once under the hash of its size and first bytes.
    const { head } = await peek(file).catch(() => ({ head: null }))
    if (!head) return
    const recognised = recogniseHead(head)
    if (recognised.kind === null) {
      const hash = `head:${createHash('sha256').update(`${s.size}\u0000`).update(head).digest('hex')}`
      if (this.logged(storeId, hash)) return
      this.write(storeId, file, hash, s.size, {
        kind: null,
        result: 'unrecognised',
        error: `not a report the app imports: it looks like ${recognised.looksLike}`
      })
      return
    }
    const bytes = await readFile(file).catch(() => null)
    if (!bytes || bytes.length !== s.size) {
      // Changed while reading: look again on the next pass.
      this.seen.delete(key)
      return
    }
    const hash = createHash('sha256').update(bytes).digest('hex')
    if (this.logged(storeId, hash)) return
    await this.importOne(storeId, file, bytes, hash)
  }

  private logged(storeId: string, hash: string): boolean {
    return (
      this.deps.db
        .select({ id: importLog.id })
        .from(importLog)
        .where(and(eq(importLog.storeId, storeId), eq(importLog.contentHash, hash)))
        .get() !== undefined
    )
  }

  private write(
    storeId: string,
    file: string,
    hash: string,
    size: number,
    v: { kind: WatchKind | null; result: ImportLogEntry['result']; counts?: object | null; error?: string | null }
  ): void {
    this.deps.db
      .insert(importLog)
      .values({
        storeId,
        file,
        contentHash: hash,
        size,
        kind: v.kind,
        result: v.result,
        counts: v.counts ? JSON.stringify(countsOf(v.counts)) : null,
        error: v.error ?? null,
        at: this.deps.clock.now().toISOString()
      })
      .onConflictDoNothing()
      .run()
    this.deps.events.emit('data.changed', { domains: ['imports'] })
  }

  private async importOne(storeId: string, file: string, bytes: Buffer, hash: string): Promise<void> {
    const write = (v: Parameters<ImportsService['write']>[4]) => this.write(storeId, file, hash, bytes.length, v)
    // Recognised again from a private copy: what is imported is exactly the bytes that were hashed.
    const staged = await this.deps.files.fromBytes(basename(file), bytes)
    let kind: WatchKind | null = null
    try {
      const r = await recogniseFile(staged.path)
      if (r.kind === null) {
        this.deps.files.release(staged.id)
        write({ kind: null, result: 'unrecognised', error: `not a report the app imports: it looks like ${r.looksLike}` })
        return
      }
      kind = r.kind
      const importer = this.deps.importers[kind]
      if ('byHand' in importer) {
        this.deps.files.release(staged.id)
        write({ kind, result: 'leftAlone', error: importer.byHand })
        return
      }
      const summary = await importer(storeId, staged.id)
      write({ kind, result: 'imported', counts: summary })
      this.deps.log.info('watched folder: imported', { storeId, file: basename(file), kind })
    } catch (e) {
      this.deps.files.release(staged.id)
      write({ kind, result: 'failed', error: e instanceof Error ? e.message : String(e) })
      this.deps.log.warn('watched folder: import failed', { storeId, file: basename(file), kind, error: e })
    }
  }
}
