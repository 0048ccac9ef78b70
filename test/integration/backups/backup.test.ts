/**
 * Backups, restore and the start-up health check on real SQLite files: a backup taken while an
 * import is running is consistent; restore gives back exactly what was backed up (rows and a
 * checksum per table, evidence files); work in flight comes back `uncertain`; a backup from a
 * newer version is refused; a damaged database stops the start before anything writes to it.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportArchive, importArchive } from '../../../src/main/backups/archive'
import { evidenceDir } from '../../../src/main/db/backup-files'
import { inspectBackup, restoreBackup } from '../../../src/main/backups/restore'
import { BackupService, DAILY_BACKUP_JOB } from '../../../src/main/backups/service'
import { openDatabase } from '../../../src/main/db/client'
import { fixedClock } from '../../../src/main/clock'
import { createServices } from '../../../src/main/services'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { silentLogger } from '../../../src/main/log'
import { runCli } from '../../helpers/cli'
import { MIGRATIONS, makeServices, tempDir, validStore } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const line = (i: number) =>
  `${new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString().replace('.000Z', '+00:00')}\t${5_000_000_000 + i}\t\t\tLost_Warehouse\tSKU-${i % 50}\t\t\tMug\tNew\tUSD\t${1 + (i % 9)}.00\t${1 + (i % 9)}.00\t1\t0\t1\t\t`

function reportFile(dir: string, rows: number, name = 'big.tsv'): string {
  const file = join(dir, name)
  writeFileSync(file, [HEADER, ...Array.from({ length: rows }, (_, i) => line(i))].join('\n') + '\n')
  return file
}

/** Rows and a content checksum per table (rows in rowid order, every column). */
function fingerprint(file: string): Record<string, { rows: number; sha: string }> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name)
    const out: Record<string, { rows: number; sha: string }> = {}
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()
      out[t] = { rows: rows.length, sha: createHash('sha256').update(JSON.stringify(rows)).digest('hex') }
    }
    return out
  } finally {
    db.close()
  }
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n)
  } finally {
    db.close()
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('backups', () => {
  it('a backup taken while an import is running holds all of it or none of it, and passes integrity_check', async () => {
    const t = makeServices({ realClock: true })
    cleanups.push(t.close)
    const store = await t.services.stores.create(validStore)
    const rows = 60_000
    const file = reportFile(t.dir, rows)
    let done = false
    // Through the app's handler, as the screen and the CLI import (it takes the pre-import backup).
    const running = t
      .dispatch('reimbursements.import', { storeId: store.id, fileId: t.services.files.register(file).id, detailLimit: 10 })
      .finally(() => (done = true))
    const during: string[] = []
    while (!done) {
      await new Promise((r) => setImmediate(r))
      if (!done) during.push(t.services.backups.backupNow('manual', join(t.dir, 'during')).file)
    }
    const result = await running
    expect(result.ok && (result.data as { inserted: number }).inserted).toBe(rows)
    // Backups were really taken while the import's transaction was open.
    expect(during.length).toBeGreaterThan(0)
    for (const b of during) {
      const n = count(b, 'reimbursements')
      expect([0, rows], `${b} has ${n} rows`).toContain(n)
    }
    // The import itself was preceded by a verified pre-import backup (of the empty table).
    const pre = t.services.backups.list().filter((b) => b.reason === 'pre-import')
    expect(pre).toHaveLength(1)
    expect(pre[0]!.verified).toBe(true)
    expect(count(pre[0]!.file, 'reimbursements')).toBe(0)
    // And a backup after the import has every row.
    expect(count(t.services.backups.backupNow('manual').file, 'reimbursements')).toBe(rows)
  })

  it('restore round trip: every table (rows and checksum) and the evidence files equal what was backed up; the current file is kept aside', async () => {
    const t = makeServices({ realClock: true })
    const store = await t.services.stores.create(validStore)
    await t.services.reimbursements.importFile(
      { storeId: store.id, fileId: t.services.files.register(reportFile(t.dir, 500)).id, detailLimit: 10 },
      true
    )
    const dbFile = join(t.dir, 'test.sqlite')
    mkdirSync(join(evidenceDir(dbFile), 'case-1'), { recursive: true })
    writeFileSync(join(evidenceDir(dbFile), 'case-1', 'photo.jpg'), 'jpeg bytes')
    const backup = t.services.backups.backupNow('manual')
    expect(backup.evidence).toBe(true)
    t.services.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const before = fingerprint(dbFile)
    // Lose data after the backup: a store removed (cascades), evidence changed.
    await t.services.stores.remove(store.id)
    writeFileSync(join(evidenceDir(dbFile), 'case-1', 'photo.jpg'), 'overwritten')
    t.services.close()
    cleanups.push(() => tempDir().cleanup())

    const r = restoreBackup({ dbFile, backupFile: backup.file, migrationsFolder: MIGRATIONS, now: new Date() })
    expect(r.keptAside).toMatch(/before-restore/)
    expect(existsSync(r.keptAside!)).toBe(true)
    expect(count(r.keptAside!, 'stores')).toBe(0)
    expect(fingerprint(dbFile)).toEqual(before)
    expect(readFileSync(join(evidenceDir(dbFile), 'case-1', 'photo.jpg'), 'utf8')).toBe('jpeg bytes')
    // The app opens the restored file as usual.
    const again = makeServices({ dbFile })
    cleanups.push(again.close)
    expect((await again.services.stores.list()).map((s) => s.name)).toEqual(['Mugs US'])
  })

  it('batches and entries in flight at backup time come back uncertain (never resent); final ones stay as they were', async () => {
    const t = makeServices()
    const store = await t.services.stores.create(validStore)
    const db = t.services.sqlite
    const at = '2026-11-22T10:00:00.000Z'
    db.prepare("INSERT INTO orders (id, store_id, amazon_order_id, created_at, updated_at) VALUES ('o1', ?, '111-1', ?, ?)").run(
      store.id,
      at,
      at
    )
    const batch = (state: string) =>
      Number(
        db
          .prepare(
            "INSERT INTO queue_batches (store_id, kind, feed_type, state, content, content_bytes, message_count, created_at, updated_at, lock_owner, lock_until) VALUES (?, 'refund', 'POST_PAYMENT_ADJUSTMENT_DATA', ?, '<x/>', 4, 1, ?, ?, 'host:1', ?)"
          )
          .run(store.id, state, at, at, at).lastInsertRowid
      )
    const entry = (status: string, batchId: number | null) =>
      Number(
        db
          .prepare(
            "INSERT INTO queue_entries (store_id, order_id, kind, status, reason, lines, source, queued, batch_id, created_at, updated_at) VALUES (?, 'o1', 'refund', ?, 'CustomerReturn', '[]', 'order', 1, ?, ?, ?)"
          )
          .run(store.id, status, batchId, at, at).lastInsertRowid
      )
    const submitted = batch('submitted')
    const uploaded = batch('uploaded')
    const done = batch('done')
    const e = {
      batched: entry('batched', submitted),
      queued: entry('queued', null),
      done: entry('done', done),
      rejected: entry('rejected', null),
      uploaded: entry('batched', uploaded)
    }
    const backup = t.services.backups.backupNow('manual')
    expect(t.services.backups.inspect(backup.name).inFlight).toEqual({ batches: 2, entries: 3 })
    const dbFile = join(t.dir, 'test.sqlite')
    t.services.close()
    cleanups.push(() => tempDir().cleanup())

    const r = restoreBackup({ dbFile, backupFile: backup.file, migrationsFolder: MIGRATIONS, now: new Date('2026-11-23T00:00:00Z') })
    expect(r.uncertain).toEqual({ batches: 2, entries: 3 })
    const restored = new Database(dbFile, { readonly: true })
    const state = (id: number) =>
      restored.prepare('SELECT state, lock_owner, error FROM queue_batches WHERE id = ?').get(id) as {
        state: string
        lock_owner: string | null
        error: string
      }
    const status = (id: number) =>
      restored.prepare('SELECT status, result_message FROM queue_entries WHERE id = ?').get(id) as {
        status: string
        result_message: string | null
      }
    expect(state(submitted)).toMatchObject({ state: 'uncertain', lock_owner: null })
    expect(state(submitted).error).toMatch(/Restored from a backup.*Amazon's record/)
    expect(state(uploaded).state).toBe('uncertain')
    expect(state(done).state).toBe('done')
    expect(status(e.batched).status).toBe('uncertain')
    expect(status(e.uploaded).status).toBe('uncertain')
    expect(status(e.queued).status).toBe('uncertain')
    expect(status(e.done)).toEqual({ status: 'done', result_message: null })
    expect(status(e.rejected).status).toBe('rejected')
    restored.close()
    // The backup file itself is untouched (a second restore would do the same).
    expect(inspectBackup(backup.file, MIGRATIONS).inFlight).toEqual({ batches: 2, entries: 3 })
  })

  it('refuses a backup made by a newer version, with a clear message, and leaves the database in place', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const backup = t.services.backups.backupNow('manual')
    const raw = new Database(backup.file)
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 10)
    raw.close()
    expect(() => t.services.backups.restore(backup.name)).toThrow(/made by a newer version of Seller Back Office; update the app/)
    const dbFile = join(t.dir, 'test.sqlite')
    expect(() => restoreBackup({ dbFile, backupFile: backup.file, migrationsFolder: MIGRATIONS, now: new Date() })).toThrow(/newer version/)
    expect(readdirSync(t.dir).filter((n) => n.includes('before-restore'))).toEqual([])
    // A SQLite file that is not ours (no migrations) is refused the same way.
    const foreign = new Database(join(t.services.backups.folder(), 'other.sqlite'))
    foreign.exec('CREATE TABLE t (x)')
    foreign.close()
    expect(t.services.backups.inspect('other.sqlite').schema).toBe('none')
    expect(() => t.services.backups.restore('other.sqlite')).toThrow(/not a Seller Back Office database/)
    expect(() =>
      restoreBackup({
        dbFile,
        backupFile: join(t.services.backups.folder(), 'other.sqlite'),
        migrationsFolder: MIGRATIONS,
        now: new Date()
      })
    ).toThrow(/not a Seller Back Office database/)
    expect(readdirSync(t.dir).filter((n) => n.includes('before-restore'))).toEqual([])
  })

  it('the daily backup is a scheduler job: due once a day, verified, listed with size and time; the status warns after two days without one', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    let now = new Date('2026-11-22T10:00:00.000Z')
    const clock = { ...fixedClock(now.toISOString()), now: () => now }
    const services = createServices({
      dbFile: join(tmp.dir, 'db.sqlite'),
      migrationsFolder: MIGRATIONS,
      vault: createMemoryVault(),
      mode: 'cli',
      clock,
      log: silentLogger
    })
    cleanups.unshift(() => services.close())
    expect(services.backups.status()).toMatchObject({ lastGoodAt: null, stale: true, count: 0 })
    await services.scheduler.catchUp()
    const first = services.backups.list()
    expect(first.map((b) => [b.reason, b.verified])).toEqual([['daily', true]])
    expect(first[0]!.sizeBytes).toBe(statSync(first[0]!.file).size)
    expect(first[0]!.createdAt).toBe('2026-11-22T10:00:00.000Z')
    expect(services.scheduler.status().find((s) => s.name === DAILY_BACKUP_JOB)).toMatchObject({
      storeId: '',
      lastSuccessAt: '2026-11-22T10:00:00.000Z'
    })
    // Not due again the same day.
    now = new Date('2026-11-22T20:00:00.000Z')
    await services.scheduler.catchUp()
    expect(services.backups.list()).toHaveLength(1)
    expect(services.backups.status()).toMatchObject({ lastGoodAt: '2026-11-22T10:00:00.000Z', stale: false })
    // Two days and a bit later, without the scheduler (laptop off): the status line warns.
    now = new Date('2026-11-24T10:00:01.000Z')
    expect(services.backups.status().stale).toBe(true)
    await services.scheduler.catchUp()
    expect(services.backups.list()).toHaveLength(2)
    expect(services.backups.status().stale).toBe(false)
  })
})

describe('health check at start', () => {
  function damaged() {
    const t = makeServices({ realClock: true })
    const dbFile = join(t.dir, 'test.sqlite')
    const backup = t.services.backups.backupNow('manual')
    // Enough rows for several b-tree pages, then damage the pages past the header page.
    const insert = t.services.sqlite.prepare("INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, 't')")
    t.services.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`k${i}`, 'x'.repeat(200))
    })()
    t.services.close()
    const bytes = readFileSync(dbFile)
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16)
    for (let p = 2; p * pageSize < bytes.length; p += 3) bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 200)
    writeFileSync(dbFile, bytes)
    return { t, dbFile, backup }
  }

  it('stops before writing anything, names the damage and the newest good backup (services and CLI)', () => {
    const { t, dbFile, backup } = damaged()
    cleanups.push(() => tempDir().cleanup())
    const before = sha(dbFile)
    const files = readdirSync(t.dir).sort()
    // Reading a WAL database may create its empty -wal/-shm companions, and the CLI its logs/
    // folder (README, "Logs"); nothing else appears.
    const written = () =>
      readdirSync(t.dir).filter(
        (n) => !files.includes(n) && n !== 'logs' && !(n.endsWith('-shm') || (n.endsWith('-wal') && statSync(join(t.dir, n)).size === 0))
      )
    expect(() =>
      createServices({ dbFile, migrationsFolder: MIGRATIONS, vault: createMemoryVault(), mode: 'cli', log: silentLogger })
    ).toThrow(expect.objectContaining({ code: 'DATABASE_CORRUPT', message: expect.stringContaining(backup.file) }))
    expect(sha(dbFile)).toBe(before)
    expect(written()).toEqual([])

    const cli = runCli(['--db', dbFile, 'stores', 'list'])
    expect(cli.code).toBe(1)
    expect(cli.err).toContain(`The database ${dbFile} is damaged`)
    expect(cli.err).toContain('Nothing was written to it')
    expect(cli.err).toContain(`backup restore "${backup.file}"`)
    expect(sha(dbFile)).toBe(before)
    expect(written()).toEqual([])

    // The offered command works: the damaged file is kept aside, the backup is in place.
    const restore = runCli(['--db', dbFile, 'backup', 'restore', backup.file])
    expect(restore.code, restore.err).toBe(0)
    expect(runCli(['--db', dbFile, 'stores', 'list', '--json']).code).toBe(0)
    const aside = readdirSync(t.dir).find((n) => n.includes('before-restore') && n.endsWith('.sqlite'))!
    expect(sha(join(t.dir, aside))).toBe(before)
    t.close()
  })
})

describe('start-up check of a cleanly closed database: after the first screen', () => {
  const open = (dbFile: string) => openDatabase(dbFile, { migrationsFolder: MIGRATIONS })

  it('is deferred only for a file exactly as the app left it at a clean close', () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const dbFile = join(tmp.dir, 'db.sqlite')
    const first = open(dbFile)
    expect(first.checkDeferred).toBe(false) // a new file: checked (there is nothing to check yet)
    first.sqlite.exec('CREATE TABLE pad (n INTEGER)')
    first.close()
    // Closed cleanly, untouched: deferred.
    const second = open(dbFile)
    expect(second.checkDeferred).toBe(true)
    // A crash: no clean close, so the next start checks first.
    second.sqlite.exec('INSERT INTO pad VALUES (1)')
    const afterCrash = open(dbFile)
    expect(afterCrash.checkDeferred).toBe(false)
    afterCrash.close()
    second.sqlite.close()
    // Written by something else after the clean close (same size, a new time): checked first.
    open(dbFile).close()
    const later = new Date(Date.now() + 5_000)
    utimesSync(dbFile, later, later)
    const touched = open(dbFile)
    expect(touched.checkDeferred).toBe(false)
    touched.close()
  })

  it('the check run afterwards puts damage on the status line and the Backups screen', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const dbFile = join(tmp.dir, 'db.sqlite')
    const o = open(dbFile)
    o.sqlite.exec('CREATE TABLE pad2 (text TEXT)')
    const insert = o.sqlite.prepare('INSERT INTO pad2 VALUES (?)')
    o.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run('x'.repeat(200))
    })()
    o.close()
    const backups = new BackupService({
      dbFile,
      migrationsFolder: MIGRATIONS,
      clock: fixedClock('2026-12-03T10:00:00Z'),
      log: silentLogger
    })
    await backups.checkInBackground()
    expect(backups.status().damaged).toBeNull()
    const bytes = readFileSync(dbFile)
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16)
    for (let p = 2; p * pageSize < bytes.length; p += 3) bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 200)
    writeFileSync(dbFile, bytes)
    await backups.checkInBackground()
    expect(backups.status().damaged).toMatch(/./)
  })
})

describe('CLI: backup now / list / restore, export / import', () => {
  it('round trip through the CLI, and an export to a new machine without secrets', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const db = join(tmp.dir, 'a', 'db.sqlite')
    expect(
      runCli([
        '--db',
        db,
        'stores',
        'add',
        '--name',
        'Mugs',
        '--region',
        'NA',
        '--seller-id',
        'A2C4E6G8I0K2M4',
        '--marketplaces',
        'ATVPDKIKX0DER',
        '--lwa-client-id',
        'amzn1.application-oa2-client.abc'
      ]).code
    ).toBe(0)
    const now = runCli(['--db', db, 'backup', 'now', '--json'])
    expect(now.code, now.err).toBe(0)
    const entry = JSON.parse(now.out) as { file: string; verified: boolean; reason: string }
    expect(entry).toMatchObject({ verified: true, reason: 'manual' })
    expect(entry.file.startsWith(join(tmp.dir, 'a', 'backups'))).toBe(true)
    const to = runCli(['--db', db, 'backup', 'now', '--to', join(tmp.dir, 'elsewhere')])
    expect(to.code).toBe(0)
    expect(readdirSync(join(tmp.dir, 'elsewhere')).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1)
    const list = runCli(['--db', db, 'backup', 'list'])
    expect(list.out).toMatch(/'manual'.*iB'.*'yes'/)

    // Export, then import on "another machine" (another folder).
    const archive = join(tmp.dir, 'move.tar.gz')
    const exp = runCli(['--db', db, 'export', archive])
    expect(exp.code, exp.err).toBe(0)
    expect(exp.out).toMatch(/Secrets are not in it/)
    const other = join(tmp.dir, 'b', 'db.sqlite')
    const imp = runCli(['--db', other, 'import', archive])
    expect(imp.code, imp.err).toBe(0)
    const stores = JSON.parse(runCli(['--db', other, 'stores', 'list', '--json']).out) as { name: string; hasCredentials: boolean }[]
    expect(stores.map((s) => s.name)).toEqual(['Mugs'])
    // Not a tar of ours: refused, nothing replaced.
    writeFileSync(join(tmp.dir, 'junk.tar.gz'), 'not an archive')
    const bad = runCli(['--db', other, 'import', join(tmp.dir, 'junk.tar.gz')])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/not an export of Seller Back Office/)
    expect(JSON.parse(runCli(['--db', other, 'stores', 'list', '--json']).out)).toHaveLength(1)
  })

  it('the archive holds database, evidence and settings — and no secret from the keychain', async () => {
    const t = makeServices({ realClock: true })
    cleanups.push(t.close)
    const vaultSecret = 'lwa-secret-VALUE-123'
    await t.services.stores.create({ ...validStore, secrets: { lwaClientSecret: vaultSecret, refreshToken: 'Atzr|refresh-VALUE' } })
    const dbFile = join(t.dir, 'test.sqlite')
    mkdirSync(evidenceDir(dbFile), { recursive: true })
    writeFileSync(join(evidenceDir(dbFile), 'a.pdf'), 'pdf')
    const out = join(t.dir, 'x.tar.gz')
    await exportArchive({ dbFile, out, now: new Date() })
    const tar = await import('tar')
    const names: string[] = []
    await tar.t({ file: out, onReadEntry: (e) => names.push(e.path) })
    expect(names.sort()).toEqual(['database.evidence/', 'database.evidence/a.pdf', 'database.sqlite', 'manifest.json', 'settings.json'])
    const unzipped = (await import('node:zlib')).gunzipSync(readFileSync(out)).toString('latin1')
    expect(unzipped).not.toContain(vaultSecret)
    expect(unzipped).not.toContain('refresh-VALUE')
    const target = join(t.dir, 'new', 'db.sqlite')
    const r = await importArchive({ dbFile: target, archive: out, migrationsFolder: MIGRATIONS, now: new Date() })
    expect(r.keptAside).toBeNull()
    expect(readFileSync(join(evidenceDir(target), 'a.pdf'), 'utf8')).toBe('pdf')
  })
})
