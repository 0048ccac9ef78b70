/**
 * The queue of a file-only store (no SP-API): "Process refund" writes Seller Central's
 * Adjustments file as a `by_hand` batch; Amazon's processing report for the upload (or a person,
 * with a note) closes it. Never twice: an entry in a written file goes into no other file or feed
 * until its outcome is recorded — not even when the store gets API access meanwhile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../../src/main/amazon/emulator/data'
import { fileAmount } from '../../../src/main/queue/adjustments-file'
import { makeServices } from '../../helpers/services'
import { emulatorSpApi, SELLER } from '../amazon/helpers'
import { seedOrders, SPEED_UP } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const emu = await startEmulator({ seed: 11, speedUp: SPEED_UP, stores: [SELLER] })
  cleanups.push(() => emu.close())
  const t = makeServices({
    realClock: true,
    spApi: emulatorSpApi(emu, { speedUp: SPEED_UP, maxRetries: 1, queue: { timings: { spacingMs: 0 } } })
  })
  cleanups.push(() => {
    t.services.queue.submission?.stop()
    t.close()
  })
  const s = t.services
  const store = await s.stores.create({ name: 'Mugs US (files)', marketplaceIds: SELLER.marketplaceIds })
  s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
  const data = emu.seller(SELLER.sellerId)
  const shipped = data.orders.filter((x) => x.status === 'Shipped' && x.channel === 'MFN' && x.items.every((i) => i.refundedMinor === 0))
  seedOrders(s, store.id, shipped)
  const refund = (o: EmuOrder, reason: 'CustomerReturn' | 'CustomerCancel' = 'CustomerReturn') =>
    s.orderActions.refund({
      storeId: store.id,
      amazonOrderId: o.id,
      reason,
      lines: o.items.map((i) => ({
        orderItemId: i.orderItemId,
        quantity: i.quantityShipped,
        components: [
          { type: 'Principal' as const, amountMinor: i.priceMinor },
          ...(i.shippingMinor ? [{ type: 'Shipping' as const, amountMinor: i.shippingMinor }] : [])
        ]
      }))
    }).entry
  const report = (processed: number, errors: { orderId: string; itemId: string; code: string; message: string }[]) =>
    [
      'Feed Processing Summary:',
      `\tNumber of records processed\t\t${processed}`,
      `\tNumber of records successful\t\t${processed - errors.length}`,
      '',
      'original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message',
      ...errors.map((e, i) => `${i + 1}\t${e.orderId}\t${e.itemId}\t${e.code}\tError\t${e.message}`),
      ''
    ].join('\r\n')
  const dir = mkdtempSync(join(tmpdir(), 'sbo-adj-'))
  const staged = (name: string, text: string) => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return s.files.register(p).id
  }
  return { emu, t, s, store, shipped, refund, report, staged }
}

describe('the queue of a file-only store', () => {
  it('writes the batch as the Adjustments file (exact money, currency, accepted reasons), waiting "by hand"; a processing report closes it', async () => {
    const { t, s, store, shipped, refund, report, staged } = await setup()
    const [a, b] = [shipped[0]!, shipped[1]!]
    const ea = refund(a)
    const eb = refund(b)
    const r = s.queue.process('refund', { ids: [ea.id, eb.id] })
    expect(r.skipped).toBe(0)
    expect(r.batches).toHaveLength(1)
    const batch = r.batches[0]!
    expect(batch).toMatchObject({ state: 'by_hand', feedType: 'SELLER_CENTRAL_ADJUSTMENTS_FILE', messageCount: 2, feedId: null })

    const f = s.queue.adjustmentsFile(batch.id)
    const lines = f.content.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'order-id\torder-item-id\tadjustment-reason-code\tcurrency\titem-price-adj\titem-tax-adj\tshipping-price-adj\tshipping-tax-adj\tgift-wrap-price-adj\tgift-wrap-tax-adj'
    )
    const expected = [a, b].flatMap((o) =>
      o.items.map((i) =>
        [
          o.id,
          i.orderItemId,
          'CustomerReturn',
          o.currency,
          fileAmount(i.priceMinor, o.currency),
          '0.00',
          fileAmount(i.shippingMinor, o.currency),
          '0.00',
          '0.00',
          '0.00'
        ].join('\t')
      )
    )
    expect(lines.slice(1)).toEqual(expected)

    // Waiting by hand: the entries are claimed; processing them again finds nothing.
    expect(s.queue.entry(ea.id).status).toBe('batched')
    expect(s.queue.process('refund', { ids: [ea.id, eb.id] })).toEqual({ batches: [], skipped: 2 })

    // A report of another upload (other record count) is refused and changes nothing.
    expect(() => s.queue.importAdjustmentsReport(batch.id, report(99, []), 'other.txt')).toThrow(/processed 99 record/)
    expect(s.queue.entry(ea.id).status).toBe('batched')

    // Amazon refused every row of b: b failed, a is done.
    const out = await t.dispatch('queue.importAdjustmentsReport', {
      batchId: batch.id,
      fileId: staged(
        'report.txt',
        report(
          expected.length,
          b.items.map((i) => ({ orderId: b.id, itemId: i.orderItemId, code: '18016', message: 'exceeds the amount that can be refunded' }))
        )
      )
    })
    expect(out).toEqual({ ok: true, data: { done: 1, failed: 1, uncertain: 0 } })
    expect(s.queue.entry(ea.id).status).toBe('done')
    expect(s.queue.entry(eb.id)).toMatchObject({ status: 'failed', resultMessage: expect.stringContaining('18016') })
    expect(s.queue.batch(batch.id).batch.state).toBe('done')

    // A closed batch takes no second report.
    expect(() => s.queue.importAdjustmentsReport(batch.id, report(expected.length, []))).toThrow(/closed/)

    // The failed entry may be retried: as a new file.
    const retry = s.queue.retryFailed(batch.id)
    expect(retry).toMatchObject({ state: 'by_hand', messageCount: 1, retryOf: batch.id })
    expect(s.queue.adjustmentsFile(retry.id).content).toContain(b.id)
    expect(s.queue.adjustmentsFile(retry.id).content).not.toContain(a.id)
    expect(store.fileOnly).toBe(true)
  })

  it('a person records each outcome with a note; the batch closes when the last one is recorded', async () => {
    const { s, shipped, refund } = await setup()
    const ea = refund(shipped[0]!)
    const eb = refund(shipped[1]!)
    const [batch] = s.queue.process('refund', { ids: [ea.id, eb.id] }).batches
    expect(s.queue.recordByHand(batch!.id, [{ entryId: ea.id, outcome: 'done' }], 'seen in Manage Orders')).toEqual({
      done: 1,
      failed: 0,
      uncertain: 0
    })
    expect(s.queue.batch(batch!.id).batch.state).toBe('by_hand')
    expect(() => s.queue.recordByHand(batch!.id, [{ entryId: ea.id, outcome: 'failed' }], 'again')).toThrow(/not waiting/)
    s.queue.recordByHand(batch!.id, [{ entryId: eb.id, outcome: 'failed' }], 'upload refused the row')
    expect(s.queue.entry(eb.id)).toMatchObject({ status: 'failed', resultMessage: expect.stringContaining('upload refused the row') })
    expect(s.queue.batch(batch!.id).batch.state).toBe('done')
  })

  it('refuses what the file cannot carry, with the reason: a reason code it does not accept, and cancellations', async () => {
    const { s, shipped, refund } = await setup()
    const e = refund(shipped[0]!, 'CustomerCancel')
    expect(() => s.queue.process('refund', { ids: [e.id] })).toThrow(/CustomerCancel.*accepts NoInventory, CustomerReturn/)
    expect(s.queue.entry(e.id).status).toBe('queued')
  })

  it('never twice: an entry in a written file is not sent as a feed when the store gets API access before its outcome is recorded', async () => {
    const { emu, s, store, shipped, refund } = await setup()
    const e = refund(shipped[0]!)
    const [batch] = s.queue.process('refund', { ids: [e.id] }).batches
    // The seller adds the SP-API app to the same store while the file waits for its outcome.
    await s.stores.update({
      id: store.id,
      patch: { sellerId: SELLER.sellerId, lwaClientId: SELLER.clientId },
      secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
    })
    // Processing the same entry again (now it would go out as a feed) finds nothing to send.
    expect(s.queue.process('refund', { ids: [e.id] })).toEqual({ batches: [], skipped: 1 })
    const engine = s.queue.submission!
    await engine.kick()
    await engine.settle([batch!.id], { deadlineMs: 5_000 })
    expect(emu.createdFeeds()).toHaveLength(0)
    expect(s.queue.batch(batch!.id).batch.state).toBe('by_hand')
    expect(s.queue.entry(e.id).status).toBe('batched')
    // Once recorded as not refunded, the retry goes out as a feed (the store has the API now).
    s.queue.recordByHand(batch!.id, [{ entryId: e.id, outcome: 'failed' }], 'the upload was never made')
    const retry = s.queue.retryFailed(batch!.id)
    expect(retry.feedType).toBe('POST_PAYMENT_ADJUSTMENT_DATA')
    await engine.settle([retry.id], { deadlineMs: 60_000 })
    expect(s.queue.entry(e.id).status).toBe('done')
    expect(emu.createdFeeds()).toHaveLength(1)
  })
})
