/**
 * The refund/cancel queue against the SP-API emulator over real HTTP: one feed per batch,
 * Document Number and Batch ID, per-entry results, retry, reject, queue on/off, offline then
 * online, two instances on one database, FATAL feeds, a lost createFeed answer.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { setupQueue } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function setup(...a: Parameters<typeof setupQueue>) {
  const q = await setupQueue(...a)
  cleanups.push(q.close)
  return q
}

describe('refund queue', () => {
  it('sends three queued refunds as one feed document and maps the processing report back per entry', async () => {
    const q = await setup()
    // c is refunded more than was paid (the store allows over-refunds; Amazon refuses it).
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true, allowOverRefund: true })
    const [a, b, c] = q.shipped
    const ids = [q.addRefund(a!), q.addRefund(b!), q.addRefund(c!, { extraMinor: 100_000 })]
    expect(ids.every((x) => x.batch === null)).toBe(true)
    expect(q.s.queue.list({ kind: 'refund', view: 'queued', page: 1, pageSize: 50 }).total).toBe(3)

    const { batches, skipped } = q.s.queue.process('refund', { ids: ids.map((x) => x.id) })
    expect(batches).toHaveLength(1)
    expect(skipped).toBe(0)
    expect(batches[0]!.messageCount).toBe(3)
    const out = await q.settle([batches[0]!.id])
    expect(out.get(batches[0]!.id)!.state).toBe('done')

    const { batch, entries } = q.s.queue.batch(batches[0]!.id)
    expect(batch.feedDocumentId).toMatch(/^amzn1\.tortuga/)
    expect(batch.feedId).toBeTruthy()
    expect(batch.okCount).toBe(2)
    expect(batch.errorCount).toBe(1)
    expect(q.emu.createdFeeds()).toHaveLength(1)
    const failed = entries.find((e) => e.result === 'error')!
    expect(failed.amazonOrderId).toBe(c!.id)
    expect(failed.resultMessage).toBeTruthy()
    expect(q.s.queue.entry(ids[0]!.id)).toMatchObject({ status: 'done', feedId: batch.feedId, feedDocumentId: batch.feedDocumentId })
    expect(q.s.queue.entry(ids[2]!.id)).toMatchObject({ status: 'failed' })
    expect(q.emu.refunds().filter((r) => r.orderId === a!.id)).toHaveLength(a!.items.length)

    // Retry sends only the failed entry, as a new batch.
    const retry = q.s.queue.retryFailed(batch.id)
    expect(retry.retryOf).toBe(batch.id)
    expect(retry.messageCount).toBe(1)
    await q.settle([retry.id])
    expect(q.received(a!.id)).toBe(1)
    expect(q.received(c!.id)).toBe(2)
    expect(() => q.s.queue.retryFailed(retry.id)).not.toThrow()
  })

  it('with the queue off, an entry goes out at once as a one-entry batch', async () => {
    const q = await setup()
    const r = q.addRefund(q.shipped[0]!)
    expect(r.batch).not.toBeNull()
    expect(r.batch!.messageCount).toBe(1)
    await q.settle([r.batch!.id])
    expect(q.s.queue.entry(r.id).status).toBe('done')
    expect(q.received(q.shipped[0]!.id)).toBe(1)
  })

  it('a rejected entry is never sent, and processing it afterwards skips it', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const r = q.addRefund(q.shipped[0]!)
    expect(q.s.queue.reject('refund', { ids: [r.id] }, 'duplicate request').rejected).toBe(1)
    const res = q.s.queue.process('refund', { ids: [r.id] })
    expect(res.batches).toHaveLength(0)
    expect(res.skipped).toBe(1)
    expect(q.s.queue.entry(r.id)).toMatchObject({ status: 'rejected', rejectReason: 'duplicate request' })
    expect(q.emu.createdFeeds()).toHaveLength(0)
  })

  it('select all matching: the filter picks the entries; another kind is refused', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    for (const o of q.shipped.slice(0, 4)) q.addRefund(o)
    const filter = { kind: 'refund' as const, view: 'queued' as const, storeId: q.store.id }
    const res = q.s.queue.process('refund', { filter })
    expect(res.batches[0]!.messageCount).toBe(4)
    expect(() => q.s.queue.process('cancel', { filter })).toThrow(/refund entries/)
  })

  it('offline: the batch waits "waiting for network" and goes out when the network returns', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const r = q.addRefund(q.shipped[0]!)
    await q.emu.stop()
    const { batches } = q.s.queue.process('refund', { ids: [r.id] })
    await q.engine.kick()
    const waiting = q.s.queue.batches({ page: 1, pageSize: 20 }).rows[0]!
    expect(waiting).toMatchObject({ id: batches[0]!.id, state: 'open', waitReason: 'waiting for network' })
    await q.emu.start()
    await q.settle([batches[0]!.id])
    expect(q.s.queue.entry(r.id).status).toBe('done')
    expect(q.received(q.shipped[0]!.id)).toBe(1)
  })

  it('cancellations go out as an acknowledgement feed; a refused one releases the order', async () => {
    const q = await setup()
    const ok = q.addCancel(q.unshipped[0]!)
    await q.settle([ok.batch!.id])
    expect(q.s.queue.entry(ok.id).status).toBe('done')
    expect(q.emu.cancellationCount({ orderId: q.unshipped[0]!.id })).toBe(q.unshipped[0]!.items.length)
    const feed = q.emu.createdFeeds()[0]!
    expect(feed.feedType).toBe('POST_ORDER_ACKNOWLEDGEMENT_DATA')
    expect(feed.content).toContain('<StatusCode>Failure</StatusCode>')
    // A shipped order can't be cancelled: Amazon refuses, the entry fails, history says why.
    const bad = q.addCancel(q.shipped[0]!)
    await q.settle([bad.batch!.id])
    expect(q.s.queue.entry(bad.id).status).toBe('failed')
    const hist = q.s.sqlite
      .prepare(
        "SELECT event FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.amazon_order_id = ? AND event = 'cancel-undone'"
      )
      .all(q.shipped[0]!.id)
    expect(hist).toHaveLength(1)
  })

  it('spacing: a second feed of the same type waits for its 20-minute slot', async () => {
    // 30 s: shorter than the mark's one-minute skew margin, so a slot computed from the mark
    // instead of the call would already be open.
    const q = await setup({ timings: { spacingMs: 30_000 } })
    const a = q.addRefund(q.shipped[0]!)
    await q.settle([a.batch!.id])
    const b = q.addRefund(q.shipped[1]!)
    await q.engine.kick()
    const r = q.s.queue.batch(b.batch!.id).batch
    expect(r.state).toBe('uploaded')
    expect(r.waitReason).toMatch(/next POST_PAYMENT_ADJUSTMENT_DATA slot at/)
    expect(q.emu.createdFeeds()).toHaveLength(1)
  })

  it('FATAL: the entries become uncertain and are not retried automatically', async () => {
    const q = await setup()
    q.emu.inject({ kind: 'feedFatal', count: 1 })
    const a = q.addRefund(q.shipped[0]!)
    await q.settle([a.batch!.id])
    expect(q.s.queue.entry(a.id).status).toBe('uncertain')
    expect(() => q.s.queue.retryFailed(a.batch!.id)).toThrow(/not finished|no failed/)
    // A person checks Seller Central: not applied -> failed, and then it can be retried.
    expect(q.s.queue.resolveUncertain([a.id], 'not-applied', 'no refund in Seller Central')).toEqual({ resolved: 1 })
    expect(q.s.queue.entry(a.id)).toMatchObject({ status: 'failed' })
    expect(q.s.queue.resolveUncertain([a.id], 'applied', 'twice')).toEqual({ resolved: 0 })
    const retry = q.s.queue.retryFailed(a.batch!.id)
    await q.settle([retry.id])
    expect(q.s.queue.entry(a.id).status).toBe('done')
  })

  it('a createFeed whose answer is lost is recovered with getFeeds, never submitted twice', async () => {
    const q = await setup({ timings: { recoveryGraceMs: 200 } })
    q.emu.inject({ kind: 'pause', operation: 'createFeed', count: 1, onPaused: (release) => release('lose-answer') })
    const a = q.addRefund(q.shipped[0]!)
    await q.settle([a.batch!.id])
    expect(q.s.queue.entry(a.id).status).toBe('done')
    expect(q.emu.createdFeeds()).toHaveLength(1)
    expect(q.received(q.shipped[0]!.id)).toBe(1)
  })

  it('a createFeed that never reached Amazon is submitted again after the grace period', async () => {
    const q = await setup({ timings: { recoveryGraceMs: 200 } })
    q.emu.inject({ kind: 'pause', operation: 'createFeed', count: 1, onPaused: (release) => release('drop') })
    const a = q.addRefund(q.shipped[0]!)
    await q.settle([a.batch!.id])
    expect(q.s.queue.entry(a.id).status).toBe('done')
    expect(q.received(q.shipped[0]!.id)).toBe(1)
  })

  it('two instances on one database: an entry lands in one batch, a batch is driven by one lease', async () => {
    const q = await setup()
    const other = await setupQueue({ dbFile: q.s.info().dbPath, emulator: q.emu, vault: q.vault, storeId: q.store.id })
    cleanups.push(other.close)
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const r = q.addRefund(q.shipped[0]!)
    const first = q.s.queue.process('refund', { ids: [r.id] })
    const second = other.s.queue.process('refund', { ids: [r.id] })
    expect(first.batches).toHaveLength(1)
    expect(second.batches).toHaveLength(0)
    expect(second.skipped).toBe(1)
    // A lease held by a live instance keeps the other one out.
    const id = first.batches[0]!.id
    q.s.sqlite
      .prepare('UPDATE queue_batches SET lock_owner = ?, lock_until = ? WHERE id = ?')
      .run(other.engine.owner, new Date(Date.now() + 60_000).toISOString(), id)
    await q.engine.kick()
    expect(q.s.queue.batch(id).batch.state).toBe('open')
    expect(q.emu.createdFeeds()).toHaveLength(0)
    q.s.sqlite.prepare('UPDATE queue_batches SET lock_owner = NULL, lock_until = NULL WHERE id = ?').run(id)
    await Promise.all([q.settle([id]), other.settle([id])])
    expect(q.received(q.shipped[0]!.id)).toBe(1)
  })
})

describe('queue safety around retries and partial cancels', () => {
  it('a failed refund is re-checked on retry: another refund issued since makes it an over-refund', async () => {
    const q = await setupQueue()
    cleanups.push(q.close)
    const o = q.shipped[0]!
    const it0 = o.items[0]!
    const ref = { storeId: q.store.id, amazonOrderId: o.id }
    q.emu.inject({ kind: 'feedFatal', count: 1 })
    const a = q.s.orderActions.refund({
      ...ref,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: it0.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: it0.priceMinor }] }]
    })
    await q.settle([a.batch!.id])
    q.s.queue.resolveUncertain([a.entry.id], 'not-applied', 'not in Seller Central')
    // The failed entry no longer counts: a new full refund is allowed and goes out.
    const b = q.s.orderActions.refund({
      ...ref,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: it0.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: it0.priceMinor }] }]
    })
    await q.settle([b.batch!.id])
    expect(q.s.queue.entry(b.entry.id).status).toBe('done')
    expect(() => q.s.queue.retryFailed(a.batch!.id)).toThrow(/Retrying would refund more than was paid/)
    expect(q.s.queue.entry(a.entry.id).status).toBe('failed')
    expect(q.received(o.id)).toBe(2)
  })

  it('a confirmed partial cancel lets the rest of the order ship', async () => {
    const q = await setupQueue()
    cleanups.push(q.close)
    const multi = q.unshipped.find((o) => o.items.length >= 2)
    if (!multi) throw new Error('the seeded emulator data has no unshipped order with two items')
    const ref = { storeId: q.store.id, amazonOrderId: multi.id }
    const r = q.s.orderActions.cancel({
      ...ref,
      reason: 'NoInventory',
      orderItemIds: [multi.items[0]!.orderItemId],
      zeroOutInventory: false,
      doNotSendToAmazon: false
    })
    expect(q.s.orderActions.get(ref).order.canShip).toBe(false)
    await q.settle([r.batch!.id])
    expect(q.s.queue.entry(r.entry.id).status).toBe('done')
    const d = q.s.orderActions.get(ref)
    expect(d.order.canShip).toBe(true)
    expect(d.order.status).not.toBe('Canceled')
    expect(d.items.find((i) => i.orderItemId === multi.items[0]!.orderItemId)!.quantityCancelled).toBe(multi.items[0]!.quantity)
  })
})

describe('auto-submit', () => {
  it('runs only with queue + auto-submit on, every 30 minutes, and sends what is queued as one batch per type', async () => {
    const q = await setupQueue()
    cleanups.push(q.close)
    const job = () => q.s.scheduler.status(q.store.id).find((j) => j.name === 'queue.autoSubmit')!
    expect(job()).toMatchObject({ enabled: false, intervalMs: 30 * 60_000 })
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    expect(job().enabled).toBe(false)
    q.s.stores.updateSettings(q.store.id, { queueAutoSubmit: true })
    expect(job().enabled).toBe(true)
    const a = q.addRefund(q.shipped[0]!)
    const b = q.addRefund(q.shipped[1]!)
    const c = q.addCancel(q.unshipped[0]!)
    // Entries still show in the queue until the job runs.
    expect(q.s.queue.list({ kind: 'refund', view: 'queued', page: 1, pageSize: 50 }).total).toBe(2)
    await q.s.scheduler.runNow('queue.autoSubmit', q.store.id)
    const batches = q.s.queue.batches({ page: 1, pageSize: 20 }).rows
    expect(batches.map((x) => [x.kind, x.messageCount]).sort()).toEqual([
      ['cancel', 1],
      ['refund', 2]
    ])
    await q.settle(batches.map((x) => x.id))
    for (const id of [a.id, b.id, c.id]) expect(q.s.queue.entry(id).status).toBe('done')
    expect(q.s.jobs.lastSuccess('queue.autoSubmit', q.store.id)?.message).toMatch(
      /batch #\d+: 2 refund\(s\); batch #\d+: 1 cancellation\(s\)/
    )
  })
})

describe('recovery never trusts a feed that is not ours', () => {
  it("a foreign feed after a lost createFeed: Amazon's record never shows our refunds -> waits for Finances, then uncertain", async () => {
    const q = await setupQueue({ timings: { recoveryGraceMs: 200, financesLagMs: 1500 } })
    cleanups.push(q.close)
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const a = q.addRefund(q.shipped[0]!)
    const b = q.addRefund(q.shipped[1]!)
    // Our createFeed never reaches Amazon; meanwhile another program sends a one-message feed of
    // the same type for this seller.
    const client = await q.s.spApi!.forStore(q.store.id)
    q.emu.inject({
      kind: 'pause',
      operation: 'createFeed',
      count: 1,
      onPaused: (release) => {
        void (async () => {
          const doc = await client.createFeedDocument('text/xml; charset=UTF-8')
          const foreign = q.emu.createdFeeds().length === 0 ? q.shipped[2]! : q.shipped[3]!
          const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>X</MerchantIdentifier></Header><MessageType>OrderAdjustment</MessageType><Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>${foreign.id}</AmazonOrderID><ActionType>Refund</ActionType><AdjustedItem><AmazonOrderItemCode>${foreign.items[0]!.orderItemId}</AmazonOrderItemCode><AdjustmentReason>CustomerReturn</AdjustmentReason><ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="USD">1.00</Amount></Component></ItemPriceAdjustments></AdjustedItem></OrderAdjustment></Message></AmazonEnvelope>\n`
          await client.uploadFeedDocument(doc.url, xml, 'text/xml; charset=UTF-8')
          await client.createFeed({
            feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
            marketplaceIds: ['ATVPDKIKX0DER'],
            inputFeedDocumentId: doc.feedDocumentId
          })
          release('drop')
        })()
      }
    })
    const { batches } = q.s.queue.process('refund', { ids: [a.id, b.id] })
    const waits = new Set<string | null>()
    await q.engine.settle([batches[0]!.id], {
      deadlineMs: 60_000,
      sleep: async (ms) => {
        waits.add(q.s.queue.batch(batches[0]!.id).batch.waitReason)
        await new Promise((r) => setTimeout(r, ms))
      }
    })
    // Not there yet is not "not applied": it waited visibly for Amazon's financial record first.
    expect(waits).toContain("waiting for Amazon's financial record")
    expect(q.s.queue.batch(batches[0]!.id).batch).toMatchObject({
      state: 'uncertain',
      error: expect.stringMatching(/no batch here claims/)
    })
    expect(q.s.queue.entry(a.id).status).toBe('uncertain')
    expect(q.received(q.shipped[0]!.id)).toBe(0)
  })
})
