/**
 * The daily backup's copy on a worker thread (db/backup-thread.ts) with the bundled worker
 * (out/main/backup-worker.js: run `npm run build` first, as for the CLI tests): the backup is
 * complete and verified, the thread that serves the screens keeps running while it is made, and a
 * failure comes back as the worker's error, worded.
 */
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { startBackupInBackground } from '../../../src/main/db/backup-thread'
import { removeStalePartials, writeSnapshotBackup } from '../../../src/main/db/backup-files'
import { makeServices, tempDir, validStore } from '../../helpers/services'

const BUNDLE = resolve(__dirname, '../../../out/main')
const built = existsSync(join(BUNDLE, 'backup-worker.js'))
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe.skipIf(!built)('backup on a worker thread', () => {
  it('writes a verified backup while the calling thread goes on', async () => {
    const ctx = makeServices()
    cleanups.push(() => ctx.close())
    await ctx.services.stores.create(validStore)
    const dbFile = ctx.services.info().dbPath
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    const folder = join(tmp.dir, 'backups')
    let ticked = false
    const made = startBackupInBackground({ dbFile, folder, reason: 'daily', now: new Date() }, BUNDLE).done
    // Queued after the backup started: runs before it resolves only if the copy is not on this thread.
    setImmediate(() => (ticked = true))
    const entry = await made
    expect(ticked).toBe(true)
    expect(existsSync(entry.file)).toBe(true)
    expect(entry.verified).toBe(true)
    expect(entry.reason).toBe('daily')
  })

  it('holds the database as it was when pinned, while the app goes on writing (a pre-import backup)', async () => {
    const ctx = makeServices()
    cleanups.push(() => ctx.close())
    await ctx.services.stores.create(validStore)
    const dbFile = ctx.services.info().dbPath
    const sqlite = ctx.services.sqlite
    // Enough pages that the copy is still running when the writes below commit.
    sqlite.exec('CREATE TABLE pad (n INTEGER, text TEXT)')
    const pad = sqlite.prepare('INSERT INTO pad VALUES (?, ?)')
    sqlite.transaction(() => {
      for (let i = 0; i < 150_000; i++) pad.run(i, `row ${i} `.repeat(12))
    })()
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    const started = startBackupInBackground({ dbFile, folder: join(tmp.dir, 'backups'), reason: 'pre-import', now: new Date() }, BUNDLE)
    await started.pinned
    // The "import": commits right after the pin, long before the copy ends.
    sqlite.exec('DELETE FROM pad WHERE n % 2 = 0')
    sqlite.prepare('INSERT INTO pad VALUES (?, ?)').run(-1, 'written after the pin')
    const entry = await started.done
    expect(entry.verified).toBe(true)
    const copy = new Database(entry.file, { readonly: true })
    try {
      expect((copy.prepare('SELECT count(*) AS n FROM pad').get() as { n: number }).n).toBe(150_000)
      expect(copy.prepare('SELECT 1 FROM pad WHERE n = -1').get()).toBeUndefined()
    } finally {
      copy.close()
    }
  })

  it('reports a failure from the worker in words', async () => {
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    await expect(
      startBackupInBackground({ dbFile: join(tmp.dir, 'missing.sqlite'), folder: tmp.dir, reason: 'daily', now: new Date() }, BUNDLE).done
    ).rejects.toThrow(/no database at/)
  })
})

describe('snapshot backup (the copy a pre-import backup makes)', () => {
  it('copies the database as it was when pinned, even what the app commits before the copy starts', async () => {
    const ctx = makeServices()
    cleanups.push(() => ctx.close())
    await ctx.services.stores.create(validStore)
    const dbFile = ctx.services.info().dbPath
    const sqlite = ctx.services.sqlite
    sqlite.exec('CREATE TABLE pad (n INTEGER)')
    sqlite.prepare('INSERT INTO pad VALUES (1), (2), (3)').run()
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    // The app's writes run inside the pin callback: after the pin, before a single page is copied.
    const entry = await writeSnapshotBackup({ dbFile, folder: tmp.dir, reason: 'pre-import', now: new Date() }, () => {
      sqlite.exec('DELETE FROM pad')
      sqlite.exec('INSERT INTO pad VALUES (42)')
    })
    const copy = new Database(entry.file, { readonly: true })
    try {
      expect(copy.prepare('SELECT n FROM pad ORDER BY n').pluck().all()).toEqual([1, 2, 3])
    } finally {
      copy.close()
    }
    expect(sqlite.prepare('SELECT n FROM pad').pluck().all()).toEqual([42])
    // One file and its manifest: no journal files of the copy left beside it.
    expect(readdirSync(tmp.dir).sort()).toEqual([entry.name, `${entry.name}.json`])
  })
})

describe('half-written backups', () => {
  it('a copy left half-written for over an hour is removed; a younger one and anything not ours stay', () => {
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    const old = join(tmp.dir, 'seller-back-office-2026-12-03T10-00-00-000Z-pre-import.sqlite.partial')
    const young = join(tmp.dir, 'seller-back-office-2026-12-03T12-00-00-000Z-daily.sqlite.partial')
    const oldShm = `${old}-shm`
    const other = join(tmp.dir, 'notes.sqlite.partial')
    for (const f of [old, oldShm, young, other]) writeFileSync(f, 'x')
    const now = Date.now()
    for (const f of [old, oldShm, other]) utimesSync(f, new Date(now - 2 * 3_600_000), new Date(now - 2 * 3_600_000))
    expect(removeStalePartials(tmp.dir, now).sort()).toEqual([old, oldShm])
    expect([existsSync(old), existsSync(oldShm), existsSync(young), existsSync(other)]).toEqual([false, false, true, true])
  })
})
