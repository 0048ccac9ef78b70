/**
 * RMAs on the team server, on a real PostgreSQL, through the command ledger as the HTTP layer
 * calls it: a returns report imported on the server makes the same RMAs as single-seat does on
 * SQLite from the same file (checked against the real SQLite service), a re-import changes
 * nothing, a refused file writes nothing, and receiving is applied once with the same rules
 * (over-receipt and a second receipt of the same units refused), whoever sends it and however often.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { ImportSummary, RmaDetail } from '../../../src/shared/contract/rmas'
import type { CommandEnvelope, CommandOutcome } from '../../../src/shared/team'
import { createSpApiFactory, realSleep, resolveEndpoints } from '../../../src/main/amazon/spapi'
import { startEmulator } from '../../../src/main/amazon/emulator/server'
import { systemClock } from '../../../src/main/clock'
import { silentLogger } from '../../../src/main/log'
import type { TeamDb } from '../../../src/main/team/pg/db'
import { teamUsers } from '../../../src/main/team/pg/schema'
import { applyCommand, type Actor } from '../../../src/main/team/server/ledger'
import { changesAfter } from '../../../src/main/team/server/changes'
import { rmaDownloadJobs, rmasDomain } from '../../../src/main/team/server/rmas'
import { makeServices, validStore } from '../../helpers/services'
import { migratedTeamDb } from '../../helpers/pg'
import { SELLER } from '../amazon/helpers'

const FIX = join(__dirname, '../../fixtures/rmas')
const TABLES = ['team_rmas', 'team_rma_items', 'team_rma_notes', 'team_rma_history', 'team_fba_customer_returns']

let db: TeamDb
let close: () => Promise<void>
let admin: Actor
let warehouse: Actor
let warehouse2: Actor
let finance: Actor
let storeN = 0
let storeId: string

beforeAll(async () => {
  ;({ db, close } = await migratedTeamDb())
  const actor = async (name: string, role: Actor['role']): Promise<Actor> => {
    const [u] = await db.insert(teamUsers).values({ name, role, passwordHash: 'x' }).returning()
    return { userId: u!.id, name, role }
  }
  admin = await actor('admin', 'admin')
  warehouse = await actor('wh-anna', 'warehouse')
  warehouse2 = await actor('wh-ben', 'warehouse')
  finance = await actor('fin', 'finance')
})
afterAll(async () => close())

/** A fresh team store per test, so counts are per test. */
beforeEach(async () => {
  storeId = `s${++storeN}`
  await db.$client.query(`INSERT INTO team_stores (id, name, region, seller_id, marketplace_ids) VALUES ($1, $2, 'NA', $3, $4)`, [
    storeId,
    `Store ${storeN}`,
    SELLER.sellerId,
    JSON.stringify(['ATVPDKIKX0DER'])
  ])
})

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.$client.query(text, params)).rows as T[]
const counts = async () =>
  Promise.all(
    TABLES.map(async (t) => Number((await q<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE ${storeFilter(t)}`, [storeId]))[0]!.n))
  )
const storeFilter = (t: string) =>
  t === 'team_rmas' || t === 'team_fba_customer_returns' ? 'store_id = $1' : 'rma_id IN (SELECT id FROM team_rmas WHERE store_id = $1)'

/** What the server's file upload does (team/server/files.ts: content-addressed, the bytes base64-encoded). */
async function upload(file: string, name = file, bytes = readFileSync(join(FIX, file))): Promise<string> {
  const sha = createHash('sha256').update(bytes).digest('hex')
  await q(
    `INSERT INTO team_files (sha256, name, bytes, content, uploaded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
    [sha, name, bytes.length, bytes.toString('base64'), admin.userId]
  )
  return sha
}

const envelope = (channel: CommandEnvelope['channel'], input: unknown, id = uuidv7()): CommandEnvelope => ({
  id,
  channel,
  input,
  issuedAt: '2026-11-20T08:00:00.000Z'
})
const send = (actor: Actor, env: CommandEnvelope): Promise<CommandOutcome> => applyCommand(db, actor, env, rmasDomain.commands)
const importOnServer = async (file: string, actor = warehouse) => {
  const o = await send(actor, envelope('rmas.import', { storeId, fileId: await upload(file) }))
  return o
}
const read = <T>(channel: string, input: unknown) => rmasDomain.reads[channel]!(input, { db, actor: warehouse }) as Promise<T>

/** An RMA as both engines can be compared: no ids, times or engine-only fields. */
function comparable(d: RmaDetail) {
  return {
    rma: d.orderSourceRmaId,
    order: d.amazonOrderId,
    status: d.status,
    displayStatus: d.displayStatus,
    resolution: d.resolution,
    amazon: [d.returnRequestStatus, d.returnRequestDate, d.amazonResolution, d.returnType, d.returnless, d.merchantRmaId, d.orderDate],
    label: [d.trackingId, d.carrier, d.labelType, d.labelPaidBy, d.labelCostMinor],
    money: [d.currency, d.orderAmountMinor, d.refundedAmountMinor],
    source: [d.sourceFile, d.sourceLine],
    skus: d.skus,
    quantities: [d.quantity, d.receivedQuantity],
    items: d.items.map((i) => [
      i.sku,
      i.sourceSku,
      i.parentSku,
      i.asin,
      i.itemName,
      i.quantity,
      i.reason,
      i.currency,
      i.refundAmountMinor,
      i.sourceLine
    ]),
    notes: d.notes.map((n) => [n.kind, n.body]),
    history: d.history.map((h) => [h.event, h.fromStatus, h.toStatus, h.detail]),
    fba: d.fbaReturns
  }
}
const summaryCounts = (s: ImportSummary) => ({
  format: s.format,
  encoding: s.encoding,
  rows: s.rows,
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  stored: s.stored,
  skippedCount: s.skippedCount,
  skipped: s.skipped,
  rejectedCount: s.rejectedCount,
  rejected: s.rejected,
  sample: s.sample,
  committed: s.committed
})

/** The same files, in the same order, through single-seat's SQLite service. */
async function singleSeat(files: string[], kits: [string, string, number][] = []) {
  const t = makeServices()
  try {
    const sid = (await t.services.stores.create(validStore)).id
    for (const [p, c, n] of kits) t.services.kits.save(sid, p, c, n)
    const summaries: ImportSummary[] = []
    for (const f of files)
      summaries.push(await t.services.rmas.importReport({ storeId: sid, source: join(FIX, f), fileName: f, commit: true }))
    const list = t.services.rmas.list({ storeId: sid, page: 1, pageSize: 500, sortBy: 'id', sortDir: 'asc' } as never)
    return { summaries, rmas: list.rows.map((r) => comparable(t.services.rmas.get(r.id))) }
  } finally {
    t.close()
  }
}
async function teamServer(files: string[], kits: [string, string, number][] = []) {
  for (const [p, c, n] of kits)
    await q('INSERT INTO team_kits (store_id, parent_sku, component_sku, quantity) VALUES ($1, $2, $3, $4)', [storeId, p, c, n])
  const summaries: ImportSummary[] = []
  for (const f of files) {
    const o = await importOnServer(f)
    expect(o, JSON.stringify(o.error)).toMatchObject({ status: 'applied' })
    summaries.push(o.result as ImportSummary)
  }
  const list = await read<{ rows: { id: number }[]; total: number }>('rmas.list', {
    storeId,
    page: 1,
    pageSize: 500,
    sortBy: 'id',
    sortDir: 'asc'
  })
  const rmas: ReturnType<typeof comparable>[] = []
  for (const r of list.rows) rmas.push(comparable(await read<RmaDetail>('rmas.get', { id: r.id })))
  return { summaries, rmas }
}

describe('rmas.import on the team server', () => {
  const GIFT: [string, string, number][] = [
    ['GIFT-SET', 'MUG-11OZ-WHT', 2],
    ['GIFT-SET', 'COASTER-4PK', 1]
  ]
  it.each([
    [['mfn-returns.tsv', 'mfn-returns-later.tsv'], []],
    [['mfn-returns-rules.tsv'], GIFT],
    [['mfn-returns.xml', 'mfn-returns-multi.xml', 'mfn-returns-one-line.xml'], []],
    [['mfn-returns.tsv', 'fba-customer-returns.tsv'], []],
    // Other encodings (the upload keeps the bytes): UTF-16 XML, Windows-1252, a garbled later copy.
    [
      [
        '../imports/returns-utf16-bom.xml',
        '../imports/returns-cr.tsv',
        '../imports/fba-returns-comments.tsv',
        '../imports/fba-returns-comments-mojibake.tsv'
      ],
      []
    ]
  ] as [string[], [string, string, number][]][])('makes the RMAs single-seat makes from %j', async (files, kits) => {
    const sqlite = await singleSeat(files, kits)
    const team = await teamServer(files, kits)
    expect(team.rmas.length).toBeGreaterThan(0)
    expect(team.rmas).toEqual(sqlite.rmas)
    expect(team.summaries.map(summaryCounts)).toEqual(sqlite.summaries.map(summaryCounts))
  })

  it('is idempotent: the same report again (a new command) changes nothing; the same command id is a duplicate', async () => {
    const fileId = await upload('mfn-returns.tsv')
    const cmd = envelope('rmas.import', { storeId, fileId })
    const first = await send(warehouse, cmd)
    expect(first).toMatchObject({ status: 'applied', duplicate: false, result: { created: 2, committed: true } })
    const before = await counts()
    expect(before.slice(0, 4)).toEqual([2, 2, 2, 2])
    const again = await send(warehouse, envelope('rmas.import', { storeId, fileId }))
    expect(again).toMatchObject({ status: 'applied', duplicate: false, result: { created: 0, updated: 0, unchanged: 2 } })
    expect(await counts()).toEqual(before)
    const resent = await send(warehouse, cmd)
    expect(resent).toMatchObject({ status: 'applied', duplicate: true, result: { created: 2 } })
    expect(await counts()).toEqual(before)
  })

  it('two imports of the same report at once (two machines) create each RMA once', async () => {
    const fileId = await upload('mfn-returns.tsv')
    const [a, b] = await Promise.all([
      send(warehouse, envelope('rmas.import', { storeId, fileId })),
      send(warehouse2, envelope('rmas.import', { storeId, fileId }))
    ])
    expect([a.status, b.status]).toEqual(['applied', 'applied'])
    expect([(a.result as ImportSummary).created, (b.result as ImportSummary).created].sort()).toEqual([0, 2])
    expect((await counts()).slice(0, 4)).toEqual([2, 2, 2, 2])
  })

  it('refuses a file the parser refuses, with file, line and column, and writes nothing', async () => {
    const seqBefore = (await changesAfter(db, 0, 5000)).cursor
    const o = await importOnServer('malformed.xml')
    expect(o).toMatchObject({
      status: 'refused',
      error: {
        code: 'VALIDATION',
        message: expect.stringMatching(/^malformed\.xml: malformed XML at line 8, column 5/),
        details: { line: 8, column: 5 }
      }
    })
    expect(await counts()).toEqual([0, 0, 0, 0, 0])
    const after = await changesAfter(db, seqBefore, 5000)
    expect(after.changes.filter((c) => c.entity === 'rma')).toEqual([])
    // Good returns first, then the file breaks: the returns before the break are not written either.
    const good = readFileSync(join(FIX, 'mfn-returns.xml'), 'utf8')
    const broken = good.replace('</AmazonEnvelope>', '<return_details><order_id>1</order_id></return_detail>\n</AmazonEnvelope>')
    const lineOfBreak = broken.split('\n').findIndex((l) => l.includes('</return_detail>')) + 1
    const b = await send(warehouse, envelope('rmas.import', { storeId, fileId: await upload('', 'cut.xml', Buffer.from(broken)) }))
    expect(b).toMatchObject({ status: 'refused', error: { code: 'VALIDATION', details: { line: lineOfBreak } } })
    expect(b.error!.message).toMatch(new RegExp(`^cut\\.xml: malformed XML at line ${lineOfBreak}, column \\d+`))
    expect(await counts()).toEqual([0, 0, 0, 0, 0])
    // A file that is no returns report at all.
    expect(await importOnServer('kits.csv')).toMatchObject({
      status: 'refused',
      error: { code: 'VALIDATION', message: expect.stringMatching(/not a returns report/) }
    })
    // An unknown file id or store.
    expect(await send(warehouse, envelope('rmas.import', { storeId, fileId: 'f'.repeat(64) }))).toMatchObject({
      status: 'refused',
      error: { code: 'NOT_FOUND' }
    })
    expect(await send(warehouse, envelope('rmas.import', { storeId: 'nope', fileId: await upload('mfn-returns.tsv') }))).toMatchObject({
      status: 'refused',
      error: { code: 'NOT_FOUND' }
    })
  })

  it('records each RMA it creates or updates in the change log, with its detail', async () => {
    const seqBefore = (await changesAfter(db, 0, 5000)).cursor
    await importOnServer('mfn-returns.tsv')
    await importOnServer('mfn-returns-later.tsv')
    const changes = (await changesAfter(db, seqBefore, 5000)).changes.filter((c) => c.entity === 'rma')
    expect(changes.map((c) => [c.storeId, (c.data as RmaDetail).orderSourceRmaId])).toEqual([
      [storeId, 'DfqRyqfBRRMA'],
      [storeId, 'Dx7KpQm2RRMA'],
      [storeId, 'DfqRyqfBRRMA']
    ])
    const last = changes.at(-1)!.data as RmaDetail
    expect(last).toMatchObject({ returnRequestStatus: 'Closed', trackingId: '1Z999AA10999999999' })
    expect(last.history.map((h) => h.event)).toEqual(['created', 'report-update'])
  })

  it('a finance token may not import', async () => {
    const o = await importOnServer('mfn-returns.tsv', finance)
    expect(o).toMatchObject({ status: 'refused', error: { code: 'FORBIDDEN' } })
    expect(await counts()).toEqual([0, 0, 0, 0, 0])
  })
})

describe('rmas.receive on the team server', () => {
  async function oneRma(): Promise<RmaDetail> {
    await importOnServer('mfn-returns.tsv')
    const list = await read<{ rows: { id: number }[] }>('rmas.list', { storeId, rmaNumber: 'DfqRyqfBRRMA' })
    expect(list.rows).toHaveLength(1)
    return read<RmaDetail>('rmas.get', { id: list.rows[0]!.id })
  }
  const receive = (rma: RmaDetail, quantity = 1) => ({
    id: rma.id,
    items: [{ itemId: rma.items[0]!.id, quantity, condition: 'sellable' }]
  })

  it('applies a receipt once: who, the server time and the client time kept; the same command again is a duplicate', async () => {
    const rma = await oneRma()
    const cmd = envelope('rmas.receive', receive(rma))
    const first = await send(warehouse, cmd)
    expect(first).toMatchObject({ status: 'applied', duplicate: false })
    const d = first.result as RmaDetail
    expect(d).toMatchObject({ status: 'Received', receivedQuantity: 1 })
    expect(d.items[0]).toMatchObject({ receivedQuantity: 1, condition: 'sellable', receivedBy: 'wh-anna' })
    expect(d.history.at(-1)).toMatchObject({
      event: 'received',
      fromStatus: 'Open',
      toStatus: 'Received',
      detail: 'NECK-925-16 × 1 (sellable)',
      actor: 'wh-anna',
      issuedAt: '2026-11-20T08:00:00.000Z',
      at: first.decidedAt
    })
    const again = await send(warehouse, cmd)
    expect(again).toMatchObject({ status: 'applied', duplicate: true })
    const now = await read<RmaDetail>('rmas.get', { id: rma.id })
    expect(now.items[0]!.receivedQuantity).toBe(1)
    expect(now.history.filter((h) => h.event === 'received')).toHaveLength(1)
  })

  it('refuses a second receipt of the same units (another command id, another machine)', async () => {
    const rma = await oneRma()
    expect(await send(warehouse, envelope('rmas.receive', receive(rma)))).toMatchObject({ status: 'applied' })
    const second = await send(warehouse2, envelope('rmas.receive', receive(rma)))
    expect(second).toMatchObject({
      status: 'refused',
      duplicate: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/would make 2 of 1/) }
    })
    expect((await read<RmaDetail>('rmas.get', { id: rma.id })).items[0]!.receivedQuantity).toBe(1)
  })

  it('two machines receiving the same units at once: one is applied, the other refused', async () => {
    const rma = await oneRma()
    const outcomes = await Promise.all([
      send(warehouse, envelope('rmas.receive', receive(rma))),
      send(warehouse2, envelope('rmas.receive', receive(rma))),
      send(warehouse, envelope('rmas.receive', receive(rma)))
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['applied', 'refused', 'refused'])
    const d = await read<RmaDetail>('rmas.get', { id: rma.id })
    expect(d.items[0]!.receivedQuantity).toBe(1)
    expect(d.history.filter((h) => h.event === 'received')).toHaveLength(1)
  })

  it('refuses an over-receipt and writes nothing', async () => {
    const rma = await oneRma()
    const o = await send(warehouse, envelope('rmas.receive', receive(rma, 2)))
    expect(o).toMatchObject({
      status: 'refused',
      error: { code: 'CONFLICT', message: expect.stringMatching(/receiving 2 would make 2 of 1/) }
    })
    const d = await read<RmaDetail>('rmas.get', { id: rma.id })
    expect(d).toMatchObject({ status: 'Open', receivedQuantity: 0 })
    expect(d.history.map((h) => h.event)).toEqual(['created'])
    // An item of another RMA, an unknown RMA.
    expect(
      await send(warehouse, envelope('rmas.receive', { id: rma.id, items: [{ itemId: 999_999, quantity: 1, condition: 'damaged' }] }))
    ).toMatchObject({
      status: 'refused',
      error: { code: 'CONFLICT' }
    })
    expect(
      await send(warehouse, envelope('rmas.receive', { id: 999_999, items: [{ itemId: 1, quantity: 1, condition: 'damaged' }] }))
    ).toMatchObject({
      status: 'refused',
      error: { code: 'NOT_FOUND' }
    })
  })

  it('refuses a finance actor before anything is stored', async () => {
    const rma = await oneRma()
    const cmd = envelope('rmas.receive', receive(rma))
    expect(await send(finance, cmd)).toMatchObject({ status: 'refused', error: { code: 'FORBIDDEN' } })
    expect(await q('SELECT id FROM team_commands WHERE id = $1', [cmd.id])).toEqual([])
    expect((await read<RmaDetail>('rmas.get', { id: rma.id })).receivedQuantity).toBe(0)
  })

  it('records the receipt in the change log', async () => {
    const rma = await oneRma()
    const seqBefore = (await changesAfter(db, 0, 5000)).cursor
    const o = await send(warehouse, envelope('rmas.receive', receive(rma)))
    const changes = (await changesAfter(db, seqBefore, 5000)).changes.filter((c) => c.entity === 'rma')
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ storeId, key: String(rma.id), op: 'upsert', data: { status: 'Received', receivedQuantity: 1 } })
    expect(changes[0]!.data).toEqual(o.result)
  })
})

describe('rmas.list on the team server', () => {
  it('filters and pages like single-seat', async () => {
    await importOnServer('mfn-returns.tsv')
    const all = await read<{ rows: { orderSourceRmaId: string; storeName: string }[]; total: number }>('rmas.list', { storeId })
    expect(all.total).toBe(2)
    expect(all.rows.map((r) => r.orderSourceRmaId)).toEqual(['Dx7KpQm2RRMA', 'DfqRyqfBRRMA'])
    expect(all.rows[0]!.storeName).toBe(`Store ${storeN}`)
    const by = async (f: object) => (await read<{ total: number }>('rmas.list', { storeId, ...f })).total
    expect(await by({ sku: 'neck-925' })).toBe(1)
    expect(await by({ tracking: '1Z999' })).toBe(1)
    expect(await by({ orderId: '113-6277818' })).toBe(1)
    expect(await by({ status: 'Open' })).toBe(2)
    expect(await by({ status: 'Received' })).toBe(0)
    expect(await by({ from: '2025-07-12', to: '2025-07-31' })).toBe(1)
    expect(await by({ sku: '%' })).toBe(0)
    const page = await read<{ rows: unknown[]; total: number }>('rmas.list', { storeId, page: 2, pageSize: 1 })
    expect(page).toMatchObject({ total: 2, rows: [expect.objectContaining({ orderSourceRmaId: 'DfqRyqfBRRMA' })] })
    await expect(read('rmas.get', { id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('scheduled returns report download on the team server', () => {
  it('downloads the returns report through the SP-API client for each team store, creates RMAs, and is idempotent', async () => {
    const emu = await startEmulator({ seed: 42, speedUp: 200, stores: [SELLER] })
    try {
      // The server's SP-API client: credentials would come from the server's secret store.
      const factory = createSpApiFactory({
        stores: {
          get: async (id) => ({ id, region: 'NA', sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds, isDemo: false }),
          credentials: async () => ({
            lwaClientId: SELLER.clientId,
            lwaClientSecret: SELLER.clientSecret,
            refreshToken: SELLER.refreshToken
          })
        },
        endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
        log: silentLogger,
        rateScale: 200,
        retry: { maxRetries: 2, baseMs: 5, capMs: 20 },
        sleep: realSleep
      })
      // Only this test's store downloads.
      await q(
        `INSERT INTO team_rma_settings (store_id, download_rma_report) SELECT id, id = $1 FROM team_stores
         ON CONFLICT (store_id) DO UPDATE SET download_rma_report = excluded.download_rma_report`,
        [storeId]
      )
      const jobs = rmaDownloadJobs({ db, log: silentLogger, clock: systemClock, spApi: factory })
      const first = await jobs.runNow()
      expect(first).toEqual({ done: [expect.stringMatching(new RegExp(`^${storeId}: [1-9]\\d* RMAs created`))], failed: [] })
      const [n] = await counts()
      expect(n).toBeGreaterThan(0)
      expect(await q('SELECT DISTINCT source FROM team_rmas WHERE store_id = $1', [storeId])).toEqual([{ source: 'download' }])
      // The server acted, not a user.
      expect(
        await q('SELECT DISTINCT actor FROM team_rma_history WHERE rma_id IN (SELECT id FROM team_rmas WHERE store_id = $1)', [storeId])
      ).toEqual([{ actor: null }])
      const before = await counts()
      // Again (the window overlaps the last one by a day): the same returns, nothing new.
      expect(await jobs.runNow()).toEqual({ done: [expect.stringMatching(/^s\d+: 0 RMAs created, 0 updated/)], failed: [] })
      expect(await counts()).toEqual(before)
      // Started with the server: the download just ran, so nothing is due before 4 hours.
      const seq = (await changesAfter(db, 0, 100_000)).cursor
      jobs.start()
      await jobs.stop()
      expect((await changesAfter(db, seq, 100)).changes).toEqual([])
      const [settings] = await q<{ last_download_started_at: Date | null; last_download_message: string }>(
        'SELECT last_download_started_at, last_download_message FROM team_rma_settings WHERE store_id = $1',
        [storeId]
      )
      expect(settings!.last_download_started_at).toBeInstanceOf(Date)
      expect(settings!.last_download_message).toMatch(/^0 RMAs created/)
      // A server that was down past the interval catches up when it starts.
      const fiveHoursAgo = new Date(Date.now() - 5 * 3600_000)
      await q('UPDATE team_rma_settings SET last_download_started_at = $2 WHERE store_id = $1', [storeId, fiveHoursAgo])
      jobs.start()
      await jobs.stop()
      const [caughtUp] = await q<{ last_download_started_at: Date }>(
        'SELECT last_download_started_at FROM team_rma_settings WHERE store_id = $1',
        [storeId]
      )
      expect(caughtUp!.last_download_started_at.getTime()).toBeGreaterThan(fiveHoursAgo.getTime())
      expect(await counts()).toEqual(before)
      // The domain's jobs are this scheduler.
      expect(rmasDomain.jobs).toBe(rmaDownloadJobs)
    } finally {
      await emu.close()
    }
  })
})
