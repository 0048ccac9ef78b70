/**
 * Statuses that never run ahead of Amazon, and the reimbursements chart, in Chromium (browser
 * mode) against the SP-API emulator (issue 12 §2, §4):
 * - an RMA's refund: "Refund queued", then "Refund being sent" (Amazon unreachable) with its batch
 *   link, and "Refunded" only after Amazon's processing report; the queue counts it as being
 *   sent, not sent, until Amazon received it; our batch number and Amazon's Batch ID in separate columns;
 * - Accept on a buyer-cancellation hold says "cancellation queued"; when Amazon refuses it the
 *   hold is open again saying why, and the order's notes say it was NOT cancelled;
 * - the online badge is per selected store (the demo-like emulator store is reachable);
 * - the chart draws a month with a payment and its reversal up and down, with every month.
 * Screenshots of each screen at 1366×768 and 1024×700, in English and Chinese, go to SHOTS_DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { renderReport } from '../../src/main/amazon/emulator/documents'
import { SELLER } from '../integration/amazon/helpers'
import { e2eAvailable, startApp, type App } from './fixture'

const SHOTS = process.env.SHOTS_DIR ?? join(__dirname, 'screenshots', 'statuses')
const SIZES = [
  [1366, 768],
  [1024, 700]
] as const

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Every size × language of the current screen; `reopen` brings back a drawer after the reload. */
async function shots(a: App, name: string, reopen?: () => Promise<void>) {
  mkdirSync(SHOTS, { recursive: true })
  const { page } = a
  for (const lang of ['en', 'zh-CN']) {
    await page.evaluate((l) => localStorage.setItem('sbo.language', l), lang)
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h })
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]')
      await reopen?.()
      await page.waitForTimeout(300)
      await page.screenshot({ path: join(SHOTS, `${name}-${lang}-${w}x${h}.png`), animations: 'disabled' })
    }
  }
  await page.evaluate(() => localStorage.setItem('sbo.language', 'en'))
  await page.setViewportSize({ width: 1366, height: 860 })
  await page.reload()
  await page.waitForSelector('html[data-app-state="ready"]')
}

/** An RMA on a shipped emulator order, all its items received (what a returns report import makes). */
function rmaFor(a: App, amazonOrderId: string): number {
  const s = a.ctx.services
  const order = a.amazon!.emu.seller(SELLER.sellerId).orders.find((o) => o.id === amazonOrderId)!
  const orderId = (s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(order.id) as { id: string }).id
  const now = new Date().toISOString()
  const r = s.sqlite
    .prepare(
      `INSERT INTO rmas (store_id, order_id, amazon_order_id, order_source_rma_id, status, resolution, return_request_status, return_request_date, source, currency, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Received', 'StandardRefund', 'Approved', ?, 'manual', ?, ?, ?)`
    )
    .run(a.amazon!.storeId, orderId, order.id, `DfE2E${order.id.slice(-4)}RMA`, now, order.currency, now, now)
  const id = Number(r.lastInsertRowid)
  for (const it of order.items)
    s.sqlite
      .prepare('INSERT INTO rma_items (rma_id, sku, source_sku, quantity, received_quantity, condition) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, it.sku, it.sku, it.quantityShipped, it.quantityShipped, 'sellable')
  return id
}

describe.skipIf(!e2eAvailable)('statuses never ahead of Amazon', () => {
  it('RMA refund: queued, being sent (offline) with its batch, Refunded only after the processing report; queue counts follow', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const s = ctx.services
    s.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
    await page.evaluate((id) => localStorage.setItem('sbo.store', id), storeId)
    await page.reload()
    const shipped = emu
      .seller(SELLER.sellerId)
      .orders.filter((o) => o.channel === 'MFN' && o.status === 'Shipped' && o.items.every((i) => i.refundedMinor === 0))
    const rmaId = rmaFor(app, shipped[0]!.id)
    rmaFor(app, shipped[1]!.id)

    // Issue the refund from the RMA drawer: it waits in the queue, the RMA is not "Refunded".
    await app.goto('/rmas')
    await page
      .locator('[data-testid=rma-table] tbody tr:not(.mantine-datatable-empty-row)', { hasText: shipped[0]!.id })
      .locator('td')
      .first()
      .click()
    await page.getByTestId('rma-refund').click()
    await page.getByTestId('rma-refund-confirm').click()
    await expect.poll(() => page.getByTestId('rma-drawer').getByTestId('rma-status').textContent()).toBe('Refund queued')
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-testid=rma-table] [data-testid=rma-status][data-status=RefundQueued]').count()).toBe(1)

    // The network is gone: processed, it sits in a batch Amazon has not received.
    await emu.stop()
    const entryId = s.rmas.get(rmaId).refunds[0]!.id
    const { batches } = s.queue.process('refund', { ids: [entryId] })
    const batchId = batches[0]!.id
    await s.queue.submission!.kick()
    await page.reload()
    await page.locator('[data-testid=rma-table] [data-testid=rma-status][data-status=RefundSending]').waitFor()
    expect(await page.getByTestId('rma-refund-batch').first().textContent()).toBe(`Batch #${batchId}`)
    await shots(app, 'rmas-refund-being-sent')
    const openDrawer = async () => {
      await page
        .locator('[data-testid=rma-table] tbody tr:not(.mantine-datatable-empty-row)', { hasText: shipped[0]!.id })
        .locator('td')
        .first()
        .click()
      await page.getByTestId('rma-refund-requests').waitFor()
    }
    await openDrawer()
    expect(await page.getByTestId('rma-drawer').getByTestId('rma-status').textContent()).toBe('Refund being sent')
    await shots(app, 'rma-drawer-being-sent', openDrawer)

    // The queue: "being sent" has it, "sent" does not; the batch link goes to our batch #.
    await app.goto('/queue')
    await expect.poll(() => page.getByTestId('queue-count-sending').textContent()).toBe('1')
    expect(await page.getByTestId('queue-count-sent').textContent()).toBe('0')
    await page.getByTestId('queue-tab-sending').click()
    await expect.poll(() => page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(1)
    expect(await page.getByTestId('entry-batch-link').textContent()).toBe(`Batch #${batchId}`)
    expect(await page.getByTestId('entry-feed-id').textContent()).toBe('—')
    await shots(app, 'queue-being-sent', async () => {
      await page.getByTestId('queue-tab-sending').click()
      await page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)').first().waitFor()
    })

    // The network is back: Amazon receives and confirms it; now, and only now, Refunded.
    await emu.start()
    await s.queue.submission!.settle([batchId], { deadlineMs: 60_000 })
    expect(s.queue.entry(entryId).status).toBe('done')
    await app.goto('/queue')
    await expect.poll(() => page.getByTestId('queue-count-sent').textContent()).toBe('1')
    expect(await page.getByTestId('queue-count-sending').textContent()).toBe('0')
    await page.getByTestId('queue-tab-sent').click()
    await expect.poll(() => page.getByTestId('entry-feed-id').textContent()).toMatch(/^\d+$/)
    // Our batch number and Amazon's Batch ID are two columns, never one.
    expect(await page.getByTestId('entry-batch-link').textContent()).toBe(`Batch #${batchId}`)
    expect(await page.getByTestId('entry-feed-id').textContent()).not.toContain('#')
    await shots(app, 'queue-sent', async () => {
      await page.getByTestId('queue-tab-sent').click()
      await page.getByTestId('entry-feed-id').first().waitFor()
    })
    await app.goto('/rmas')
    await page.locator('[data-testid=rma-table] [data-testid=rma-status][data-status=Refunded]').waitFor()
    await shots(app, 'rmas-refunded')

    // The badge is per store: this store's endpoint (the emulator) answers. The badge asks every
    // 30 s and a probe's answer is reused for 15 s, so the wait is longer than expect.poll's default.
    await expect.poll(() => page.getByTestId('network-indicator').getAttribute('data-online'), { timeout: 90_000 }).toBe('true')
    expect(await page.getByTestId('network-indicator').getAttribute('data-store')).toBe(storeId)
  }, 180_000)

  it('hold: Accept says "cancellation queued"; refused by Amazon, the hold reopens and the order notes say NOT cancelled', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const s = ctx.services
    s.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
    await page.evaluate((id) => localStorage.setItem('sbo.store', id), storeId)
    await page.reload()
    const data = emu.seller(SELLER.sellerId)
    const report = renderReport('GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING', data, Date.now() - 30 * 24 * 3600_000, Date.now())
    if (report.kind !== 'tsv') throw new Error('expected a TSV report')
    const file = join(ctx.dir, 'unshipped-orders.txt')
    writeFileSync(file, report.text)
    await s.orderImport.importReport({ storeId, source: file, fileName: 'unshipped-orders.txt', commit: true })
    const hold = s.holds.list({ storeId, view: 'open' }).rows[0]!

    await app.goto('/holds')
    await page
      .locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)', { hasText: hold.amazonOrderId })
      .getByTestId('hold-accept')
      .click()
    await page.getByTestId('hold-note').waitFor()
    expect(await page.getByTestId('hold-confirm').textContent()).toBe('Send the cancellation')
    await page.getByTestId('hold-confirm').click()
    await page.getByText(`Cancellation of ${hold.amazonOrderId} queued`).waitFor()
    await page.getByTestId('holds-tab-decided').click()
    await expect.poll(() => page.getByTestId('hold-cancellation').first().textContent()).toBe('Cancellation queued')
    await shots(app, 'holds-decided-queued', async () => {
      await page.getByTestId('holds-tab-decided').click()
      await page.getByTestId('hold-cancellation').first().waitFor()
    })

    // The warehouse shipped it meanwhile: Amazon refuses the cancellation.
    data.orders.find((o) => o.id === hold.amazonOrderId)!.status = 'Shipped'
    const entryId = s.holds.get(hold.id).queueEntryId!
    const { batches } = s.queue.process('cancel', { ids: [entryId] })
    await s.queue.submission!.settle([batches[0]!.id], { deadlineMs: 60_000 })
    expect(s.queue.entry(entryId).status).toBe('failed')
    await app.goto('/holds')
    const row = page.locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)', { hasText: hold.amazonOrderId })
    await row.getByTestId('hold-refused').waitFor()
    expect(await row.getByTestId('hold-refused').textContent()).toMatch(
      /^Amazon refused the cancellation you accepted: .*can no longer be cancelled/
    )
    await shots(app, 'holds-refused-reopened')

    await app.goto(`/orders/${storeId}/${hold.amazonOrderId}`)
    await page
      .getByText(/^NOT cancelled — Amazon did not cancel/)
      .first()
      .waitFor()
    await shots(app, 'order-not-cancelled-note')
  }, 180_000)

  it('reimbursements chart: payment up, reversal down, every month, ticks in the currency; tooltip = table total', async () => {
    app = await startApp({ now: '2025-05-15T10:00:00.000Z' })
    const { page, ctx } = app
    const store = await ctx.services.stores.create({
      name: 'Mugs US',
      region: 'NA',
      sellerId: 'A2C4E6G8I0K2M4',
      marketplaceIds: ['ATVPDKIKX0DER'],
      lwaClientId: 'amzn1.application-oa2-client.abc123'
    })
    const H =
      'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
    const row = (day: string, id: string, reason: string, per: string, total: string, q: number, cur = 'USD', orig = '') =>
      `${day}T10:00:00+00:00\t${id}\t\t\t${reason}\tMUG-1\tX001ABCDEF\tB0CXYZ1234\tMug\tNew\t${cur}\t${per}\t${total}\t${q}\t0\t${q}\t${orig}\t${orig ? 'Cash' : ''}`
    const file = join(ctx.dir, 'r.tsv')
    writeFileSync(
      file,
      [
        H,
        row('2025-01-05', '5000000001', 'Lost_Warehouse', '19.74', '1974.00', 100),
        row('2025-01-20', '5000000002', 'Reimbursement_Reversal', '-19.74', '-1974.00', -100, 'USD', '5000000001'),
        row('2025-01-21', '5000000003', 'CustomerReturn', '12.40', '12.40', 1),
        row('2025-03-02', '5000000004', 'Lost_Warehouse', '1234.56', '2469.12', 2),
        row('2025-03-31', '5000000006', 'GeneralAdjustment', '-7.25', '-7.25', -1),
        row('2025-04-01', '5000000007', 'Lost_Warehouse', '9.99', '9.99', 1, 'EUR')
      ].join('\n') + '\n'
    )
    await ctx.services.reimbursements.importFile(
      { storeId: store.id, fileId: ctx.services.files.register(file).id, detailLimit: 100 },
      true
    )
    await page.evaluate((id) => localStorage.setItem('sbo.store', id), store.id)
    await app.goto('/reimbursements')
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]')
    const plot = page.getByTestId('monthly-chart-plot')
    await plot.waitFor()
    // USD is the store's main currency (EUR has rows too); January to March with February empty.
    await expect.poll(() => page.getByTestId('monthly-chart').getAttribute('data-currency')).toBe('USD')
    expect(await plot.getAttribute('data-months')).toBe('2025-01,2025-02,2025-03')
    // Evenly spaced ticks, with the currency and thousands separators on the axis.
    const ticks = (await plot.getAttribute('data-ticks'))!.split(',').map(Number)
    expect(new Set(ticks.slice(1).map((v, i) => v - ticks[i]!)).size).toBe(1)
    const yLabels = () =>
      page.locator('[data-testid=monthly-chart-plot] text.recharts-cartesian-axis-tick-value[orientation=left]').allTextContents()
    await expect.poll(async () => (await yLabels()).length).toBe(ticks.length)
    expect((await yLabels()).some((l) => /^-?\$\d{1,3}(,\d{3})+$/.test(l))).toBe(true)
    // A reversal is drawn below zero: a bar rectangle sits under the zero line.
    const zero = await page.locator('[data-testid=monthly-chart-plot] .recharts-reference-line line').first().boundingBox()
    const bars = await page
      .locator('[data-testid=monthly-chart-plot] .recharts-bar-rectangle path')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })))
    expect(bars.some((b) => b.top >= zero!.y - 1 && b.bottom > zero!.y + 20)).toBe(true) // the reversal, below zero
    expect(bars.some((b) => b.bottom <= zero!.y + 1 && b.top < zero!.y - 20)).toBe(true) // the payment, above
    // Tooltip for January: each figure is the table's total for the month and reason.
    const jan = page.locator('[data-testid=monthly-chart-plot] .recharts-bar-rectangle').first()
    await jan.hover()
    const tip = page.getByTestId('chart-tooltip')
    await tip.waitFor()
    expect(await tip.getAttribute('data-month')).toBe('2025-01')
    expect(await tip.locator('[data-category=WarehouseLost] [data-testid=chart-tooltip-amount]').textContent()).toBe('$1,974.00')
    expect(await tip.locator('[data-category=ReimbursementCancellation] [data-testid=chart-tooltip-amount]').textContent()).toBe(
      '-$1,974.00'
    )
    expect(await page.getByTestId('chart-tooltip-net').textContent()).toBe('$12.40')
    await page.screenshot({ path: join(SHOTS, 'reimbursements-chart-tooltip-en-1366x860.png') })
    await shots(app, 'reimbursements-chart', async () => {
      await page.getByTestId('monthly-chart-plot').waitFor()
      await page.locator('[data-testid=monthly-chart-plot] .recharts-bar-rectangle').first().hover()
      await page.getByTestId('chart-tooltip').waitFor()
    })
  }, 180_000)
})
