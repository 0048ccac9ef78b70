/**
 * The refund queue in Chromium (browser mode) against the SP-API emulator (#6): queue three
 * refunds (two through the order page's refund modal, one of them more than was paid), process
 * them as one batch, see the Document Number and Batch ID, see the failed entry with Amazon's
 * message and retry it; reject a request.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

// mantine-datatable shows an empty placeholder row (no cells) while there are no records: not an entry.
const rows = (a: App) => a.page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)')

describe.skipIf(!e2eAvailable)('Refund queue screen', () => {
  it('queues three refunds, processes them as one batch, shows Document Number and Batch ID, retries the failed one', async () => {
    app = await startApp({ amazon: true })
    const { page } = app
    const storeId = app.amazon!.storeId
    app.ctx.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true, allowOverRefund: true })
    const shipped = app
      .amazon!.emu.seller('A2TESTSELLER01')
      .orders.filter(
        (o) => o.channel === 'MFN' && o.status === 'Shipped' && o.items.length === 1 && o.items.every((i) => i.refundedMinor === 0)
      )
    const [a, b, c, d] = shipped as [(typeof shipped)[0], (typeof shipped)[0], (typeof shipped)[0], (typeof shipped)[0]]

    // The empty queue first.
    await app.goto('/queue')
    await page.getByTestId('queue-empty').waitFor()
    await app.shot('queue-empty')

    // 1) A full refund through the order page's modal (prefilled with what is refundable): it waits in the queue.
    await app.goto(`/orders/${storeId}/${a.id}`)
    await page.getByTestId('order-refund').click()
    await page.getByTestId('refund-reason').click()
    await page.getByRole('option', { name: 'Customer return' }).click()
    await page.getByTestId('refund-next').click()
    await page.getByTestId('refund-submit').click()
    await page.getByTestId('action-result-queued').waitFor()
    await page.getByTestId('refund-done').click()
    await page.locator('[data-testid=order-queue-entry][data-status=queued]').waitFor()

    // 2) More than was paid, also through the modal: the store allows it, so it warns (Amazon will refuse it).
    const ci = c.items[0]!
    await app.goto(`/orders/${storeId}/${c.id}`)
    await page.getByTestId('order-refund').click()
    await page.getByTestId(`refund-amount-${ci.sku}-Principal`).fill('1000.00')
    await page.getByTestId('refund-over-warning').waitFor()
    await page.getByTestId('refund-reason').click()
    await page.getByRole('option', { name: 'Price error' }).click()
    await app.shot('queue-over-refund-warning')
    await page.getByTestId('refund-next').click()
    await page.getByTestId('refund-submit').click()
    await page.getByTestId('action-result-warnings').waitFor()
    await app.shot('queue-over-refund-result')
    await page.getByTestId('refund-done').click()

    // 3) One from the service (as an RMA or the CLI would).
    app.ctx.services.orderActions.refund({
      storeId,
      amazonOrderId: b.id,
      reason: 'CustomerReturn',
      lines: b.items.map((i) => ({
        orderItemId: i.orderItemId,
        quantity: i.quantityShipped,
        components: [{ type: 'Principal' as const, amountMinor: i.priceMinor }]
      }))
    })

    // The queue: three queued refunds with their total.
    await app.goto('/queue')
    await expect.poll(() => page.getByTestId('queue-count-queued').textContent()).toBe('3')
    await expect.poll(() => rows(app!).count()).toBe(3)
    expect(await page.getByTestId('queue-totals').textContent()).toContain('$')
    await app.shot('queue-queued')
    await app.shotSizes('queue-queued')

    // Select all three and process them: one batch, one feed document.
    await page.locator('[data-testid=queue-table] thead input[type=checkbox]').check()
    await expect.poll(() => page.getByTestId('queue-selected').textContent()).toBe('3 requests selected')
    await page.getByTestId('queue-process').click()
    await page.getByTestId('queue-process-confirm').waitFor()
    await app.shot('queue-process-confirm')
    await page.getByTestId('queue-process-confirm').click()
    await expect.poll(() => page.getByTestId('processed-batch').count()).toBe(1)
    await expect.poll(() => page.getByTestId('processed-document-number').textContent(), { timeout: 90_000 }).toMatch(/^amzn1\.tortuga/)
    await expect.poll(() => page.getByTestId('processed-feed-id').textContent(), { timeout: 90_000 }).toMatch(/^\d+$/)
    await expect.poll(() => page.getByTestId('processed-batch').getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    await expect.poll(() => page.getByTestId('queue-count-failed').textContent()).toBe('1')
    expect(await page.getByTestId('queue-count-queued').textContent()).toBe('0')
    expect(await page.getByTestId('queue-count-sent').textContent()).toBe('2')
    expect(app.amazon!.emu.createdFeeds()).toHaveLength(1)
    await app.shot('queue-processed')
    await app.shotSizes('queue-processed')
    await page.getByTestId('theme-toggle').click()
    await app.shot('queue-processed-dark')
    await page.getByTestId('theme-toggle').click()

    // The failed entry shows Amazon's message; its batch drawer has the per-entry results.
    await page.getByTestId('queue-tab-failed').click()
    await expect.poll(() => rows(app!).count()).toBe(1)
    expect(await rows(app).first().textContent()).toContain(c.id)
    await expect.poll(() => page.getByTestId('entry-message').first().textContent()).toMatch(/exceeds/)
    await page.getByTestId('entry-batch-link').first().click()
    await page.getByTestId('batch-entries').waitFor()
    await expect.poll(() => page.locator('[data-testid=batch-entry][data-result=ok]').count()).toBe(2)
    expect(await page.locator('[data-testid=batch-entry][data-result=error]').textContent()).toMatch(/exceeds/)
    expect(await page.getByTestId('batch-document-number').textContent()).toMatch(/^amzn1\.tortuga/)
    await app.shot('queue-batch-drawer')

    // Retry the failed entry: a new batch (it may wait for the feed type's next slot), which then goes out.
    await page.getByTestId('batch-retry').click()
    await page.getByTestId('batch-drawer').getByText('Batch #2').waitFor()
    await app.shot('queue-retry-waiting')
    await expect
      .poll(() => page.getByTestId('batch-drawer').getByTestId('batch-state').getAttribute('data-state'), { timeout: 90_000 })
      .toBe('done')
    await expect.poll(() => page.getByTestId('batch-document-number').textContent()).toMatch(/^amzn1\.tortuga/)
    // Amazon refuses the over-refund again (its message is shown); the order was sent twice, the others once.
    await expect.poll(() => page.locator('[data-testid=batch-entry][data-result=error]').count()).toBe(1)
    expect(app.amazon!.emu.createdFeeds()).toHaveLength(2)
    await app.shot('queue-retry-done')
    await page.keyboard.press('Escape')

    // Batch history lists both batches.
    await page.getByTestId('queue-tab-batches').click()
    await expect.poll(() => page.locator('[data-testid=batches-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(2)
    await app.shot('queue-batches')
    // A link under the screen's old name, with its batch, opens that batch on the new route.
    await app.goto('/refund-queue?batch=1')
    await page.getByTestId('batch-drawer').getByText('Batch #1').waitFor()
    expect(new URL(page.url()).hash).toBe('#/queue')
    await page.keyboard.press('Escape')

    // Reject request: a fourth refund is rejected with a reason and never sent.
    app.ctx.services.orderActions.refund({
      storeId,
      amazonOrderId: d.id,
      reason: 'CustomerReturn',
      lines: d.items.map((i) => ({
        orderItemId: i.orderItemId,
        quantity: 1,
        components: [{ type: 'Principal' as const, amountMinor: 100 }]
      }))
    })
    await page.getByTestId('queue-tab-queued').click()
    await expect.poll(() => rows(app!).count()).toBe(1)
    await rows(app).first().locator('input[type=checkbox]').check()
    await page.getByTestId('queue-reject').click()
    await page.getByTestId('reject-reason').fill('Buyer kept the item')
    await app.shot('queue-reject-modal')
    await page.getByTestId('reject-submit').click()
    await expect.poll(() => page.getByTestId('queue-count-rejected').textContent()).toBe('1')
    await page.getByTestId('queue-tab-rejected').click()
    await expect.poll(() => page.getByTestId('entry-message').first().textContent()).toBe('Buyer kept the item')
    expect(app.amazon!.emu.createdFeeds()).toHaveLength(2)
    await app.shot('queue-rejected')
    await app.shotSizes('queue-rejected')

    // The same screen in Chinese.
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByTestId('queue-tab-all').click()
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('退款队列')
    await app.shot('queue-zh-CN')
    await app.shotSizes('queue-zh-CN')
    await app.goto(`/orders/${storeId}/${c.id}`)
    await page.getByTestId('order-items').waitFor()
    await app.shot('order-detail-zh-CN')
    await app.shotSizes('order-detail-zh-CN')
  }, 180_000)

  it('works offline (the batch waits for the network), and a FATAL feed leaves entries uncertain until resolved by hand', async () => {
    app = await startApp({ amazon: true })
    const { page } = app
    const storeId = app.amazon!.storeId
    const emu = app.amazon!.emu
    app.ctx.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
    const shipped = emu
      .seller('A2TESTSELLER01')
      .orders.filter((o) => o.channel === 'MFN' && o.status === 'Shipped' && o.items.every((i) => i.refundedMinor === 0))
    const refund = (o: (typeof shipped)[0]) =>
      app!.ctx.services.orderActions.refund({
        storeId,
        amazonOrderId: o.id,
        reason: 'CustomerReturn',
        lines: o.items.map((i) => ({
          orderItemId: i.orderItemId,
          quantity: 1,
          components: [{ type: 'Principal' as const, amountMinor: 100 }]
        }))
      })

    // Amazon unreachable: queueing, selecting and processing all work; the batch says why it waits.
    await emu.stop()
    refund(shipped[0]!)
    await app.goto('/queue')
    await expect.poll(() => rows(app!).count()).toBe(1)
    await rows(app).first().locator('input[type=checkbox]').check()
    await page.getByTestId('queue-process').click()
    await page.getByTestId('queue-process-confirm').click()
    await expect.poll(() => page.getByTestId('batch-wait-reason').first().textContent(), { timeout: 90_000 }).toBe('waiting for network')
    await app.shot('queue-offline-waiting')
    // The network returns: the batch goes out on its own.
    await emu.start()
    await expect.poll(() => page.getByTestId('processed-batch').getAttribute('data-state'), { timeout: 90_000 }).toBe('done')
    await expect.poll(() => page.getByTestId('processed-feed-id').textContent()).toMatch(/^\d+$/)

    // Amazon answers FATAL: the entry is uncertain; someone checks Seller Central and says what happened.
    emu.inject({ kind: 'feedFatal' })
    refund(shipped[1]!)
    await page.getByTestId('queue-tab-queued').click()
    await expect.poll(() => rows(app!).count()).toBe(1)
    await rows(app).first().locator('input[type=checkbox]').check()
    await page.getByTestId('queue-process').click()
    await page.getByTestId('queue-process-confirm').click()
    await expect.poll(() => page.locator('[data-testid=processed-batch][data-state=uncertain]').count(), { timeout: 90_000 }).toBe(1)
    await page.locator('[data-testid=processed-batch][data-state=uncertain]').getByTestId('processed-open').click()
    await page.getByTestId('batch-uncertain').waitFor()
    await app.shot('queue-uncertain-drawer')
    await page.getByTestId('batch-resolve').click()
    await page.getByTestId('resolve-note').waitFor()
    await page.getByText('Mark as not applied').first().click()
    await page.getByTestId('resolve-note').fill('Not in Seller Central on 23 Nov')
    await app.shot('queue-resolve-modal')
    await page.getByTestId('resolve-submit').click()
    await page.getByTestId('batch-uncertain').waitFor({ state: 'detached' })
    // Not applied -> failed, so it can be retried.
    await page.getByTestId('batch-retry').waitFor()
    await expect.poll(() => page.locator('[data-testid=batch-entry] [data-testid=entry-status]').getAttribute('data-status')).toBe('failed')
    await app.shot('queue-resolved')
  }, 180_000)

  it('selects all matching requests across pages and rejects them; shows queued cancellations', async () => {
    app = await startApp({ amazon: true })
    const { page } = app
    const storeId = app.amazon!.storeId
    app.ctx.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
    const orders = app.amazon!.emu.seller('A2TESTSELLER01').orders.filter((o) => o.channel === 'MFN')
    const order = orders.find((o) => o.status === 'Shipped' && o.items.every((i) => i.refundedMinor === 0 && i.priceMinor >= 3000))!
    const item = order.items[0]!
    // 30 small refunds (30 × $1.00 stays under what was paid).
    for (let n = 0; n < 30; n++) {
      app.ctx.services.orderActions.refund({
        storeId,
        amazonOrderId: order.id,
        reason: 'GeneralAdjustment',
        lines: [{ orderItemId: item.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: 100 }] }]
      })
    }
    await app.goto('/queue')
    await expect.poll(() => page.getByTestId('queue-count-queued').textContent()).toBe('30')
    // The header checkbox selects the page, the banner offers all 30 matching.
    await expect.poll(() => page.getByTestId('queue-totals').textContent()).toContain('$30.00')
    await page.locator('.mantine-datatable-pagination').getByRole('button', { name: '50' }).click()
    await page.getByRole('menuitem', { name: '25' }).click()
    await expect.poll(() => rows(app!).count()).toBe(25)
    await page.locator('[data-testid=queue-table] thead input[type=checkbox]').click()
    await page.getByTestId('queue-select-all-banner').waitFor()
    await app.shot('queue-select-page')
    await page.getByTestId('queue-select-all-matching').click()
    await expect.poll(() => page.getByTestId('queue-selected').textContent()).toBe('30 requests selected')
    await page.getByTestId('queue-reject').click()
    await page.getByTestId('reject-reason').fill('Duplicate requests')
    await page.getByTestId('reject-submit').click()
    await expect.poll(() => page.getByTestId('queue-count-rejected').textContent()).toBe('30')
    expect(await page.getByTestId('queue-count-queued').textContent()).toBe('0')

    // A queued cancellation shows under the Cancellation type.
    const unshipped = orders.find((o) => o.status === 'Unshipped')!
    app.ctx.services.orderActions.cancel({
      storeId,
      amazonOrderId: unshipped.id,
      reason: 'NoInventory',
      zeroOutInventory: false,
      doNotSendToAmazon: false
    })
    await page.getByText('Cancellation', { exact: true }).click()
    await expect.poll(() => rows(app!).count()).toBe(1)
    await page.getByTestId('queue-process').waitFor()
    expect(await page.getByTestId('queue-process').textContent()).toBe('Process cancellation')
    // Search by SKU narrows the list.
    await page.getByTestId('queue-search').fill('NO-SUCH-SKU')
    await page.getByText('No requests match.').or(page.getByText('Nothing waits to be processed.')).waitFor()
    await page.getByTestId('queue-search').fill(unshipped.items[0]!.sku)
    await expect.poll(() => rows(app!).count()).toBe(1)
    await app.shot('queue-cancellations')
  })
})
