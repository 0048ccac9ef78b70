/**
 * The Receive screen's back end through the contract (dispatch) on a real SQLite file: scan
 * lookups by each kind of code, receipts with their time and condition, unexpected returns,
 * and "refund on receipt" (queued, never sent).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RmaReceipt, ScanLookup, UnexpectedReturn } from '../../../src/shared/contract/rmas'
import { makeServices, validStore } from '../../helpers/services'
import { BENCH, makeRefundable, seedBench } from './bench-helpers'

let t: ReturnType<typeof makeServices>
let storeId: string
let ids: Awaited<ReturnType<typeof seedBench>>

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}
const scan = (code: string, sid: string | undefined = storeId) =>
  call<ScanLookup>('rmas.scanLookup', { code, ...(sid ? { storeId: sid } : {}) })
const summary = (l: ScanLookup) => ({ outcome: l.outcome, rmas: l.matches.map((m) => [m.orderSourceRmaId, m.matchedBy, m.itemIds.length]) })
type Received = {
  status: string
  receipts: RmaReceipt[]
  refundOnReceipt: { status: string; entryId: number | null; message: string | null }
}

beforeEach(async () => {
  t = makeServices({ now: '2026-11-22T10:00:00.000Z' })
  storeId = (await t.services.stores.create(validStore)).id
  ids = await seedBench(t, storeId)
})
afterEach(() => t.close())

describe('rmas.scanLookup', () => {
  it('finds an RMA by its label tracking number, also inside a longer label barcode (USPS 420+ZIP prefix), any case', async () => {
    expect(summary(await scan(BENCH.mugs.tracking))).toEqual({ outcome: 'found', rmas: [['BenchRMA001', 'tracking', 0]] })
    expect(summary(await scan(`42090210${BENCH.mugs.tracking}`))).toEqual({ outcome: 'found', rmas: [['BenchRMA001', 'tracking', 0]] })
    expect(summary(await scan(BENCH.spoons.tracking.toLowerCase()))).toEqual({ outcome: 'found', rmas: [['BenchRMA002', 'tracking', 0]] })
  })

  it("finds an RMA by Amazon's RMA ID and by the order id", async () => {
    expect(summary(await scan('benchrma002'))).toEqual({ outcome: 'found', rmas: [['BenchRMA002', 'rmaId', 0]] })
    expect(summary(await scan(BENCH.lamp.order))).toEqual({ outcome: 'found', rmas: [['BenchRMA004', 'orderId', 0]] })
  })

  it('finds open RMAs by a product code: SKU, ASIN, FNSKU (FBA returns) and the catalog ASIN; the same SKU on two RMAs gives both', async () => {
    const mugs = await scan(BENCH.mugs.sku)
    expect(summary(mugs)).toEqual({
      outcome: 'found',
      rmas: [
        ['BenchRMA003', 'sku', 1],
        ['BenchRMA001', 'sku', 1]
      ]
    })
    expect(mugs.matches[1]!.items).toMatchObject([{ sku: 'MUG-RED', quantity: 2, receivedQuantity: 0 }])
    expect(summary(await scan(BENCH.spoons.asin))).toEqual({ outcome: 'found', rmas: [['BenchRMA002', 'asin', 1]] })
    expect(summary(await scan(BENCH.spoonFnsku))).toEqual({ outcome: 'found', rmas: [['BenchRMA002', 'fnsku', 1]] })
    expect(summary(await scan(BENCH.lampCatalogAsin))).toEqual({ outcome: 'found', rmas: [['BenchRMA004', 'asin', 1]] })
  })

  it('says not found for an unknown code, and for a code of another store when a store is chosen', async () => {
    expect(await scan('NO-SUCH-CODE')).toEqual({ code: 'NO-SUCH-CODE', outcome: 'notFound', matches: [] })
    const other = (await t.services.stores.create({ ...validStore, name: 'Other', sellerId: 'A0OTHER' })).id
    expect((await scan(BENCH.mugs.rma, other)).outcome).toBe('notFound')
    expect((await scan(BENCH.mugs.rma, undefined)).outcome).toBe('found')
  })

  it('says already received once the RMA has every unit (and a product code then names the received RMAs)', async () => {
    await call('rmas.receive', {
      id: ids.spoons,
      items: [{ itemId: t.services.rmas.get(ids.spoons).items[0]!.id, quantity: 1, condition: 'sellable' }]
    })
    expect(summary(await scan(BENCH.spoons.tracking))).toEqual({ outcome: 'alreadyReceived', rmas: [['BenchRMA002', 'tracking', 0]] })
    expect(summary(await scan(BENCH.spoons.sku))).toEqual({ outcome: 'alreadyReceived', rmas: [['BenchRMA002', 'sku', 1]] })
  })

  it('refuses what a scanner never sends (spaces, one character, control characters) with a clear message', async () => {
    await expect(scan('A')).rejects.toThrow(/at least 2 characters/)
    await expect(scan('AB CD')).rejects.toThrow(/printable ASCII without spaces/)
    await expect(scan('AB\u0007')).rejects.toThrow(/printable ASCII/)
  })
})

describe('rmas.receive from the Receive screen', () => {
  it('records each receipt with its time, condition and the code scanned; the RMA is Received when complete', async () => {
    const item = t.services.rmas.get(ids.mugs).items[0]!
    const first = await call<Received>('rmas.receive', {
      id: ids.mugs,
      items: [{ itemId: item.id, quantity: 1, condition: 'damaged' }],
      scannedCode: BENCH.mugs.tracking
    })
    expect(first.status).toBe('Open')
    expect(first.refundOnReceipt).toEqual({ status: 'off', entryId: null, message: null })
    t.clock.set('2026-11-22T10:05:00.000Z')
    const second = await call<Received>('rmas.receive', {
      id: ids.mugs,
      items: [{ itemId: item.id, quantity: 1, condition: 'sellable' }],
      scannedCode: BENCH.mugs.sku
    })
    expect(second.status).toBe('Received')
    const receipts = await call<RmaReceipt[]>('rmas.receipts', {})
    expect(receipts.map((r) => [r.orderSourceRmaId, r.sku, r.quantity, r.condition, r.via, r.scannedCode, r.receivedAt])).toEqual([
      ['BenchRMA001', 'MUG-RED', 1, 'sellable', 'scan', 'MUG-RED', '2026-11-22T10:05:00.000Z'],
      ['BenchRMA001', 'MUG-RED', 1, 'damaged', 'scan', BENCH.mugs.tracking, '2026-11-22T10:00:00.000Z']
    ])
    // Over-receipt is refused and nothing is recorded.
    await expect(call('rmas.receive', { id: ids.mugs, items: [{ itemId: item.id, quantity: 1, condition: 'sellable' }] })).rejects.toThrow(
      /would make 3 of 2/
    )
    expect(await call<RmaReceipt[]>('rmas.receipts', {})).toHaveLength(2)
    const history = t.services.rmas.get(ids.mugs).history.filter((h) => h.event === 'received')
    expect(history.map((h) => h.detail)).toEqual([
      `MUG-RED × 1 (damaged) — scanned ${BENCH.mugs.tracking}`,
      'MUG-RED × 1 (sellable) — scanned MUG-RED'
    ])
  })

  it('the RMA form records its receipts too (via form)', async () => {
    const item = t.services.rmas.get(ids.lamp).items[0]!
    await call('rmas.receive', { id: ids.lamp, items: [{ itemId: item.id, quantity: 1, condition: 'defective' }] })
    expect((await call<RmaReceipt[]>('rmas.receipts', {})).map((r) => [r.via, r.scannedCode, r.condition])).toEqual([
      ['form', null, 'defective']
    ])
  })
})

describe('refund on receipt', () => {
  it('needs the queue on (the setting is refused without it, and goes off with it)', async () => {
    await expect(call('settings.update', { storeId, patch: { refundOnReceipt: true } })).rejects.toThrow(
      /Refund on receipt needs "Queue refunds and cancellations"/
    )
    await call('settings.update', { storeId, patch: { queueRefundsAndCancellations: true, refundOnReceipt: true } })
    const off = await call<{ refundOnReceipt: boolean }>('settings.update', { storeId, patch: { queueRefundsAndCancellations: false } })
    expect(off.refundOnReceipt).toBe(false)
  })

  it('queues the refund for the RMA the receipt completes (not before), never sends it', async () => {
    await call('settings.update', { storeId, patch: { queueRefundsAndCancellations: true, refundOnReceipt: true } })
    makeRefundable(t, ids.mugs)
    const item = t.services.rmas.get(ids.mugs).items[0]!
    const line = { itemId: item.id, quantity: 1, condition: 'sellable' }
    const partial = await call<Received>('rmas.receive', { id: ids.mugs, items: [line], scannedCode: BENCH.mugs.sku })
    expect(partial.refundOnReceipt).toEqual({ status: 'waiting', entryId: null, message: null })
    expect(t.services.rmas.get(ids.mugs).refunds).toHaveLength(0)
    const done = await call<Received>('rmas.receive', { id: ids.mugs, items: [line], scannedCode: BENCH.mugs.sku })
    expect(done.refundOnReceipt.status).toBe('queued')
    const entries = t.services.rmas.get(ids.mugs).refunds
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      id: done.refundOnReceipt.entryId,
      status: 'queued',
      batchId: null,
      reason: 'CustomerReturn',
      rmaId: ids.mugs
    })
    expect(t.services.rmas.get(ids.mugs).displayStatus).toBe('RefundQueued')
  })

  it('a refund that cannot be issued leaves the receipt standing, says why and notes it on the RMA', async () => {
    await call('settings.update', { storeId, patch: { queueRefundsAndCancellations: true, refundOnReceipt: true } })
    const item = t.services.rmas.get(ids.lamp).items[0]!
    const r = await call<Received>('rmas.receive', { id: ids.lamp, items: [{ itemId: item.id, quantity: 1, condition: 'damaged' }] })
    expect(r.status).toBe('Received')
    expect(r.refundOnReceipt.status).toBe('failed')
    expect(r.refundOnReceipt.message).toMatch(/sync orders/)
    expect(t.services.rmas.get(ids.lamp).notes.at(-1)!.body).toMatch(/^Refund on receipt not queued: .*sync orders/)
  })
})

describe('unexpected returns', () => {
  it('records a parcel with no open RMA, with every code scanned, lists and resolves it', async () => {
    const u = await call<UnexpectedReturn>('rmas.recordUnexpected', {
      storeId,
      codes: ['1ZUNKNOWN0000001', 'MYSTERY-SKU'],
      quantity: 2,
      condition: 'damaged'
    })
    expect(u).toMatchObject({ storeId, code: '1ZUNKNOWN0000001', codes: ['1ZUNKNOWN0000001', 'MYSTERY-SKU'], quantity: 2, status: 'open' })
    expect(u.receivedAt).toBe('2026-11-22T10:00:00.000Z')
    expect((await call<UnexpectedReturn[]>('rmas.unexpectedList', { status: 'open' })).map((x) => x.id)).toEqual([u.id])
    const done = await call<UnexpectedReturn>('rmas.resolveUnexpected', { id: u.id, note: 'RMA came in the next report' })
    expect(done).toMatchObject({ status: 'resolved', note: 'RMA came in the next report' })
    expect(await call('rmas.unexpectedList', { status: 'open' })).toEqual([])
    await expect(call('rmas.recordUnexpected', { codes: [], quantity: 1, condition: 'sellable' })).rejects.toThrow()
  })
})
