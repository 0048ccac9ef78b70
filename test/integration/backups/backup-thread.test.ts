/**
 * The daily backup's copy on a worker thread (db/backup-thread.ts) with the bundled worker
 * (out/main/backup-worker.js: run `npm run build` first, as for the CLI tests): the backup is
 * complete and verified, the thread that serves the screens keeps running while it is made, and a
 * failure comes back as the worker's error, worded.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeBackupInBackground } from '../../../src/main/db/backup-thread'
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
    const made = writeBackupInBackground({ dbFile, folder, reason: 'daily', now: new Date() }, BUNDLE)
    // Queued after the backup started: runs before it resolves only if the copy is not on this thread.
    setImmediate(() => (ticked = true))
    const entry = await made
    expect(ticked).toBe(true)
    expect(existsSync(entry.file)).toBe(true)
    expect(entry.verified).toBe(true)
    expect(entry.reason).toBe('daily')
  })

  it('reports a failure from the worker in words', async () => {
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    await expect(
      writeBackupInBackground({ dbFile: join(tmp.dir, 'missing.sqlite'), folder: tmp.dir, reason: 'daily', now: new Date() }, BUNDLE)
    ).rejects.toThrow(/no database at/)
  })
})
