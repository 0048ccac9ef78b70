/**
 * Claims on a real SQLite file: the ledger import (by content, preview, exact quantities,
 * idempotent), then the finder over imported ledger, reimbursements, FBA customer returns and
 * refund events — the findings of test/fixtures/claims are known by construction.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { reimbursedBy, type ClaimFinding, type LedgerImportSummary } from '../../../src/shared/contract/claims'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

async function setup() {
  const t = makeServices({ now: NOW })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const stage = (path: string) => t.services.files.register(path).id
  // The preview goes through the one preview channel of the Claims screen (any claims report).
  const importLedger = (name: string, commit = true) =>
    call<LedgerImportSummary>(commit ? 'claims.importLedger' : 'claims.previewFileImport', {
      storeId: store.id,
      fileId: stage(join(FIX, name))
    })
  const ledgerRows = () => t.services.sqlite.prepare('SELECT * FROM claim_ledger_events ORDER BY id').all()
  return { t, store, call, stage, importLedger, ledgerRows }
}

describe('inventory ledger import', () => {
  it('previews without writing, imports with exact quantities, and a re-import adds nothing', async () => {
    const { importLedger, ledgerRows } = await setup()
    const preview = await importLedger('ledger.tsv', false)
    expect(preview).toMatchObject({ kind: 'ledger', rows: 9, inserted: 8, unchanged: 0, rejectedCount: 1, committed: false })
    expect(ledgerRows()).toEqual([])
    expect(preview.rejected).toEqual([{ line: 10, reason: "Quantity 'abc' is not a whole number" }])
    expect(preview.quantities).toEqual([
      { eventType: 'Adjustments', reason: '5', rows: 1, quantity: -2 },
      { eventType: 'Adjustments', reason: 'E', rows: 1, quantity: -1 },
      { eventType: 'Adjustments', reason: 'F', rows: 1, quantity: 1 },
      { eventType: 'Adjustments', reason: 'M', rows: 3, quantity: -5 },
      { eventType: 'Adjustments', reason: 'P', rows: 1, quantity: 1 },
      { eventType: 'Receipts', reason: null, rows: 1, quantity: 24 }
    ])
    const first = await importLedger('ledger.tsv')
    expect(first).toMatchObject({ inserted: 8, unchanged: 0, rejectedCount: 1, committed: true, from: '2026-08-01T07:00:00.000Z' })
    const before = ledgerRows()
    expect(before[0]).toMatchObject({
      fnsku: 'X00LOST001',
      occurred_at: '2026-11-20T10:00:00.000Z',
      quantity: -3,
      reason: 'M',
      unreconciled_quantity: 3,
      source_file: 'ledger.tsv',
      source_line: 2
    })
    const again = await importLedger('ledger.tsv')
    expect(again).toMatchObject({ inserted: 0, unchanged: 8 })
    expect(ledgerRows()).toEqual(before)
  })

  it("reads Seller Central's quoted CSV download; identical lines stay two events, and once each on re-import", async () => {
    const { importLedger, ledgerRows } = await setup()
    expect(await importLedger('ledger-seller-central.csv')).toMatchObject({ rows: 2, inserted: 2, rejectedCount: 0 })
    expect(await importLedger('ledger-seller-central.csv')).toMatchObject({ inserted: 0, unchanged: 2 })
    expect(ledgerRows()).toHaveLength(2)
    expect(ledgerRows()[0]).toMatchObject({ title: 'Mug, "dup"', source_line: 2 })
  })

  it('refuses a file that is not a ledger, naming the missing columns and what to import', async () => {
    const { t, call, store, stage } = await setup()
    const f = join(t.dir, 'returns.tsv')
    writeFileSync(f, 'return-date\torder-id\tsku\n2026-01-01\t1\tA\n')
    await expect(call('claims.importLedger', { storeId: store.id, fileId: stage(f) })).rejects.toThrow(
      /returns.tsv: line 1: this is not an inventory ledger detail report .*"date", "fnsku", "eventtype", "quantity"/
    )
  })
})

describe('claims finder over imported data', () => {
  it('finds exactly the claims the fixtures were built with, soonest deadline first, with totals per currency', async () => {
    const { t, call, store, stage, importLedger } = await setup()
    await importLedger('ledger.tsv')
    await call('reimbursements.import', { storeId: store.id, fileId: stage(join(FIX, 'reimbursements.tsv')) })
    await call('rmas.import', { storeId: store.id, fileId: stage(join(FIX, 'fba-returns.tsv')) })
    const refund = (order: string, at: string, quantity: number, minor: number) => ({
      amazonOrderId: order,
      sku: 'MUG-RWR',
      quantity,
      refundedAt: at,
      amount: { amountMinor: minor, currency: 'USD' },
      source: 'finances',
      sourceRef: `tx-${order}`,
      marketplaceId: 'ATVPDKIKX0DER'
    })
    const refunds = [
      refund('113-0000001-0000001', '2026-10-20T00:00:00.000Z', 1, 2500),
      refund('113-0000002-0000002', '2026-09-01T00:00:00.000Z', 2, 5000),
      refund('113-0000003-0000003', '2026-09-01T00:00:00.000Z', 1, 2000)
    ]
    expect(t.services.claims.recordRefunds(store.id, refunds)).toBe(3)
    expect(t.services.claims.recordRefunds(store.id, refunds)).toBe(0)

    const list = await call<{ findings: ClaimFinding[]; openTotals: unknown; expiringTotals: unknown; counts: unknown }>('claims.list', {})
    expect(list.findings.map((f) => [f.type, f.fnsku ?? f.amazonOrderId, f.quantity, f.status, f.closesAt, f.value])).toEqual([
      ['fcLost', 'X00OLD0001', 1, 'expired', '2026-09-30T07:00:00.000Z', null],
      ['fcDamaged', 'X00DMG0001', 1, 'expiresSoon', '2026-12-04T08:00:00.000Z', null],
      ['customerReturn', '113-0000002-0000002', 1, 'claimNow', '2026-12-30T00:00:00.000Z', { amountMinor: 2500, currency: 'USD' }],
      // Amazon reimbursed these (CustomerReturn 5000000004, Lost_Warehouse 5000000002): closed, listed, not money to claim.
      ['customerReturn', '113-0000003-0000003', 1, 'reimbursed', '2026-12-30T00:00:00.000Z', { amountMinor: 2000, currency: 'USD' }],
      ['fcLost', 'X00PAID001', 2, 'reimbursed', '2027-01-09T08:00:00.000Z', { amountMinor: 1998, currency: 'USD' }],
      ['fcLost', 'X00LOST001', 1, 'claimNow', '2027-01-19T10:00:00.000Z', { amountMinor: 1234, currency: 'USD' }],
      ['fcLost', 'X00UK00001', 1, 'claimNow', '2027-01-24T09:00:00.000Z', { amountMinor: 800, currency: 'GBP' }],
      ['customerReturn', '113-0000001-0000001', 1, 'wait', '2027-02-17T00:00:00.000Z', { amountMinor: 2500, currency: 'USD' }]
    ])
    expect(list.openTotals).toEqual([
      { currency: 'GBP', amountMinor: 800 },
      { currency: 'USD', amountMinor: 6234 }
    ])
    expect(list.counts).toEqual({ wait: 1, claimNow: 3, expiresSoon: 1, expired: 1, reimbursed: 2 })
    expect(list.findings.filter((f) => f.status === 'reimbursed').map(reimbursedBy)).toEqual([['5000000004'], ['5000000002']])

    // Every figure traces to its source lines.
    const lost = list.findings.find((f) => f.fnsku === 'X00LOST001')!
    expect(lost.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceFile, e.sourceLine])).toEqual([
      ['ledger', 'event', 3, 'ledger.tsv', 2],
      ['ledger', 'found', 1, 'ledger.tsv', 3],
      ['reimbursement', 'reimbursed', 1, 'reimbursements.tsv', 2]
    ])
    const rwr = list.findings.find((f) => f.amazonOrderId === '113-0000002-0000002')!
    expect(rwr.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceFile, e.sourceLine])).toEqual([
      ['refund', 'event', 2, null, null],
      ['return', 'returned', 1, 'fba-returns.tsv', 2]
    ])

    // Re-running after new data changes findings in place: same ids, never duplicates.
    const again = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
    expect(again.findings.map((f) => f.id)).toEqual(list.findings.map((f) => f.id))

    // Filters and the Deadlines screen's windows.
    const soon = await call<{ findings: ClaimFinding[] }>('claims.list', { statuses: ['expiresSoon'] })
    expect(soon.findings.map((f) => f.fnsku)).toEqual(['X00DMG0001'])
    const windows = await t.services.claims.windows(store.id)
    expect(windows).toHaveLength(8)
    expect(windows[2]).toEqual({
      findingId: rwr.id,
      storeId: store.id,
      type: 'customerReturn',
      opensAt: '2026-10-31T00:00:00.000Z',
      closesAt: '2026-12-30T00:00:00.000Z',
      status: 'claimNow',
      value: { amountMinor: 2500, currency: 'USD' }
    })
  })
})

describe('manufacturing costs', () => {
  it('imports sku, cost, currency, from-date with a preview and bad rows, idempotently, and values losses with them', async () => {
    const { t, call, store, stage, importLedger } = await setup()
    const costs = (commit: boolean) =>
      call<{ inserted: number; updated: number; unchanged: number; rejected: { line: number; reason: string }[] }>(
        commit ? 'claims.importCosts' : 'claims.previewCostsImport',
        { storeId: store.id, fileId: stage(join(FIX, 'costs.csv')) }
      )
    expect(await costs(false)).toMatchObject({ inserted: 3, rejected: [{ line: 5 }, { line: 6 }] })
    const first = await costs(true)
    expect(first.rejected).toEqual([
      { line: 5, reason: "cost '4.5.0' is not an amount in USD (a plain number with a dot, at most the currency's decimals)" },
      { line: 6, reason: "from-date '01/02/2026' is not a date (expected YYYY-MM-DD)" }
    ])
    expect(await costs(true)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 })
    await importLedger('ledger.tsv')
    const list = await call<{ findings: ClaimFinding[] }>('claims.list', {})
    // MUG-LOST: 2 units owed (3 lost, 1 found; no reimbursement imported here) at the cost from 2026-11-01 (5.25); MUG-DMG damaged 2026-10-05: 3.00.
    expect(list.findings.find((f) => f.sku === 'MUG-LOST')).toMatchObject({
      value: { amountMinor: 1050, currency: 'USD' },
      valueBasis: 'manufacturingCost'
    })
    expect(list.findings.find((f) => f.sku === 'MUG-DMG')).toMatchObject({ value: { amountMinor: 300, currency: 'USD' } })
    expect(
      await call('claims.setCost', { storeId: store.id, sku: 'MUG-DMG', costMinor: 310, currency: 'USD', fromDate: '2026-01-01' })
    ).toEqual({ changed: true })
    expect(t.services.claims.setCost({ storeId: store.id, sku: 'MUG-DMG', costMinor: 310, currency: 'USD', fromDate: '2026-01-01' })).toBe(
      false
    )
  })
})

describe('memoised findings', () => {
  const HEADER =
    'Date\tFNSKU\tASIN\tMSKU\tTitle\tEvent Type\tReference ID\tQuantity\tFulfillment Center\tDisposition\tReason\tCountry\tReconciled Quantity\tUnreconciled Quantity\tDate and Time\tStore\n'
  const lostLine = (fnsku: string, ref: string) =>
    `11/25/2026\t${fnsku}\tB0NEW00001\tMUG-NEW\tMug new\tAdjustments\t${ref}\t-2\tONT8\tSELLABLE\tM\tUS\t0\t2\t2026-11-25T02:00:00-0800\t\n`
  const ids = (fs: ClaimFinding[]) => fs.map((f) => f.id).sort()

  it('change when a new ledger import adds a loss, without a restart', async () => {
    const { t, store, stage, call, importLedger } = await setup()
    await importLedger('ledger.tsv')
    const at = new Date(NOW)
    const before = t.services.claims.findingsAt(store.id, at)
    expect(t.services.claims.findingsAt(store.id, at)).toEqual(before)
    const f = join(t.dir, 'ledger-2.tsv')
    writeFileSync(f, HEADER + lostLine('X00NEW0001', '9100000001'))
    await call('claims.importLedger', { storeId: store.id, fileId: stage(f) })
    const after = t.services.claims.findingsAt(store.id, at)
    expect(after.length).toBe(before.length + 1)
    expect(after.find((x) => x.fnsku === 'X00NEW0001')).toMatchObject({ quantity: 2, status: 'claimNow' })
    // And through the Claims screen's channel.
    const list = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
    expect(ids(list.findings)).toEqual(ids(after))
  })

  it('change when another connection writes the database (a CLI import while the app runs)', async () => {
    const { t, store, importLedger } = await setup()
    await importLedger('ledger.tsv')
    const at = new Date(NOW)
    const before = t.services.claims.findingsAt(store.id, at)
    const { default: Database } = await import('better-sqlite3')
    const other = new Database(join(t.dir, 'test.sqlite'))
    const row = other.prepare('SELECT * FROM claim_ledger_events WHERE fnsku = ? LIMIT 1').get('X00LOST001') as Record<string, unknown>
    const { id: _id, ...copy } = row
    Object.assign(copy, { fnsku: 'X00OTHER01', reference_id: '9200000001', source_line: 99, row_key: 'other-connection-1' })
    const cols = Object.keys(copy)
    other
      .prepare(`INSERT INTO claim_ledger_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...Object.values(copy))
    other.close()
    const after = t.services.claims.findingsAt(store.id, at)
    expect(after.length).toBe(before.length + 1)
    expect(after.some((x) => x.fnsku === 'X00OTHER01')).toBe(true)
  })

  it('follow the clock: a finding asked for after its window closed is expired', async () => {
    const { t, store, importLedger } = await setup()
    await importLedger('ledger.tsv')
    const now = t.services.claims.findingsAt(store.id, new Date(NOW))
    const open = now.find((f) => f.status === 'claimNow' || f.status === 'expiresSoon')!
    expect(open).toBeDefined()
    const later = new Date(Date.parse(open.closesAt) + 1)
    expect(t.services.claims.findingsAt(store.id, later).find((f) => f.id === open.id)?.status).toBe('expired')
    // Back before the window opened: waiting again (a memo only holds from the instant it was computed).
    const earlier = new Date(Date.parse(open.opensAt) - 1)
    expect(t.services.claims.findingsAt(store.id, earlier).find((f) => f.id === open.id)?.status).toBe('wait')
  })
})
