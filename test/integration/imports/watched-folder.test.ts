/**
 * The watched folder on a real temp folder, started by the services' start() as in the app: a
 * report written there is recognised by its content and imported (the Imports log says so, the
 * rows are there); a file it does not recognise is named in the log and left alone; the same
 * content again (under another name) is not imported twice; a browser's partial download is not
 * read. Waits poll the log with generous timeouts: no timed assertions.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportLogEntry, WatchedFolder } from '../../../src/shared/contract/import-log'
import { fixedClock } from '../../../src/main/clock'
import { createDispatch } from '../../../src/main/dispatch'
import { createHandlers } from '../../../src/main/handlers'
import { silentLogger } from '../../../src/main/log'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { createServices } from '../../../src/main/services'
import { MIGRATIONS, tempDir, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(stableMs = 300) {
  const tmp = tempDir('sbo-watch-')
  const services = createServices({
    dbFile: join(tmp.dir, 'test.sqlite'),
    migrationsFolder: MIGRATIONS,
    vault: createMemoryVault(),
    mode: 'cli',
    clock: fixedClock('2026-11-22T10:00:00.000Z'),
    log: silentLogger,
    stagingDir: join(tmp.dir, 'staging'),
    // A short debounce for the test; the app waits 2 s.
    watch: { stableMs, scanMs: 100 }
  })
  cleanups.push(() => {
    services.close()
    tmp.cleanup()
  })
  const dispatch = createDispatch(createHandlers(services), services.log, { checkOutput: true })
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const folder = join(tmp.dir, 'Downloads')
  mkdirSync(folder)
  const store = await services.stores.create(validStore)
  const log = (): Promise<ImportLogEntry[]> => call<ImportLogEntry[]>('imports.log', { storeId: store.id })
  /** Polls the log until an entry for `name` appears (generous: the machine may be busy). */
  const entryFor = async (name: string): Promise<ImportLogEntry> => {
    let found: ImportLogEntry | undefined
    await expect
      .poll(
        async () => {
          found = (await log()).find((e) => e.file === join(folder, name))
          return found !== undefined
        },
        { timeout: 30_000, interval: 100 }
      )
      .toBe(true)
    return found!
  }
  const count = (table: string) => services.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  return { services, call, folder, store, log, entryFor, count }
}

describe('watched folder', () => {
  it('imports a recognised report once, names an unknown file, and skips partial downloads', async () => {
    const { services, call, folder, store, log, entryFor, count } = await setup()
    const set = await call<WatchedFolder>('imports.setWatchedFolder', { storeId: store.id, path: folder })
    expect(set).toMatchObject({ path: folder, enabled: true })
    await services.start()
    expect((await call<WatchedFolder>('imports.watchedFolder', { storeId: store.id })).watching).toBe(true)

    // A reimbursements report as a browser saves it (any name): recognised by its columns.
    copyFileSync(join(FIX, 'reimbursements/sample.tsv'), join(folder, '12345678901.txt'))
    const imported = await entryFor('12345678901.txt')
    expect(imported).toMatchObject({ kind: 'reimbursements', result: 'imported', error: null })
    expect(imported.counts?.inserted).toBeGreaterThan(0)
    const rows = count('reimbursements')
    expect(rows).toBe(imported.counts!.inserted)

    // Not a report: named in the log, left where it is, unchanged.
    writeFileSync(join(folder, 'notes.txt'), 'shopping list\nmilk\n')
    const unknown = await entryFor('notes.txt')
    expect(unknown).toMatchObject({ kind: null, result: 'unrecognised', counts: null })
    expect(unknown.error).toMatch(/not a report the app imports/)
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('shopping list\nmilk\n')

    // The same report again under another name, and a download still in progress; then a marker
    // file that sorts after them: once the marker is in the log, both were looked at.
    copyFileSync(join(FIX, 'reimbursements/sample.tsv'), join(folder, 'a-copy.tsv'))
    copyFileSync(join(FIX, 'catalog/all-listings.tsv'), join(folder, 'listings.tsv.crdownload'))
    writeFileSync(join(folder, 'z-marker.txt'), 'marker\n')
    await entryFor('z-marker.txt')
    const entries = await log()
    expect(entries.filter((e) => e.kind === 'reimbursements')).toHaveLength(1)
    expect(entries.some((e) => e.file.endsWith('.crdownload'))).toBe(false)
    expect(count('reimbursements')).toBe(rows)
    // …and the import itself ran once (its job runs), not twice with nothing new the second time.
    expect(services.sqlite.prepare("SELECT count(*) FROM job_runs WHERE name = 'reimbursements.import'").pluck().get()).toBe(1)
    expect(existsSync(join(folder, 'a-copy.tsv'))).toBe(true)

    // The download finishes (renamed by the browser): now it is read, as listings.
    const { renameSync } = await import('node:fs')
    renameSync(join(folder, 'listings.tsv.crdownload'), join(folder, 'listings.tsv'))
    const listings = await entryFor('listings.tsv')
    expect(listings).toMatchObject({ kind: 'listings', result: 'imported', counts: expect.objectContaining({ inserted: 3 }) })
    expect(count('products')).toBe(3)

    // A report the importer refuses: logged as failed with the importer's words.
    writeFileSync(
      join(folder, 'broken.tsv'),
      'approval-date\treimbursement-id\treason\tsku\tcurrency-unit\n2025-03-04\t1\tLost_Warehouse\tX\tUSD\n'
    )
    const broken = await entryFor('broken.tsv')
    expect(broken).toMatchObject({ kind: 'reimbursements', result: 'failed' })
    expect(broken.error).toMatch(/amount-total/)
  })

  it('imports the claims reports: removal order detail, removal shipment detail, replacements', async () => {
    const { services, call, folder, store, entryFor, count } = await setup()
    await call<WatchedFolder>('imports.setWatchedFolder', { storeId: store.id, path: folder })
    await services.start()
    for (const [file, kind, table, rows] of [
      ['removal-orders.tsv', 'removalOrders', 'claim_removal_orders', 3],
      ['removal-shipments.tsv', 'removalShipments', 'claim_removal_shipments', 2],
      ['replacements.tsv', 'replacements', 'claim_replacements', 2]
    ] as const) {
      copyFileSync(join(FIX, 'claims', file), join(folder, `9${rows}${file.length}.txt`))
      const e = await entryFor(`9${rows}${file.length}.txt`)
      expect(e).toMatchObject({ kind, result: 'imported', error: null, counts: expect.objectContaining({ inserted: rows }) })
      expect(count(table)).toBe(rows)
    }
  })

  it('does not read a file while it is still being written (its size changes)', async () => {
    // A long debounce, so a busy machine cannot make the pause below look like a finished download.
    const { services, call, folder, store, entryFor, count } = await setup(8000)
    await call('imports.setWatchedFolder', { storeId: store.id, path: folder })
    await services.start()
    const full = readFileSync(join(FIX, 'reimbursements/sample.tsv'))
    const cut = full.indexOf(0x0a, Math.floor(full.length / 2)) - 5 // mid-line: a half-written row
    writeFileSync(join(folder, 'growing.tsv'), full.subarray(0, cut))
    // Several rescans see the half file (a pause, not an assertion on time)…
    await new Promise((r) => setTimeout(r, 700))
    writeFileSync(join(folder, 'growing.tsv'), full)
    // …but it is read only once whole: no rejected (cut) row, every row in.
    const entry = await entryFor('growing.tsv')
    expect(entry).toMatchObject({ kind: 'reimbursements', result: 'imported' })
    expect(entry.counts?.rejectedCount).toBe(0)
    expect(entry.counts?.inserted).toBe(count('reimbursements'))
    expect(count('reimbursements')).toBeGreaterThan(2)
  })

  it('refuses a folder that does not exist', async () => {
    const { call, folder, store } = await setup()
    await expect(call('imports.setWatchedFolder', { storeId: store.id, path: join(folder, 'nope') })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/does not exist/)
    })
  })
})
