/** Orders in Chromium (browser mode) against the SP-API emulator: open an order, refund it, cancel an unshipped order, split one and cancel the split. */
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.skipIf(!e2eAvailable)('Orders screens', () => {
  it('lists orders, issues a refund through the modal, cancels an unshipped order and splits one', async () => {
    app = await startApp({ amazon: true })
    const { page } = app
    const storeId = app.amazon!.storeId
    const orders = app.amazon!.emu.seller('A2TESTSELLER01').orders.filter((o) => o.channel === 'MFN')
    const shipped =
      orders.find(
        (o) => o.status === 'Shipped' && o.items.length === 2 && o.items.every((i) => i.refundedMinor === 0 && i.shippingMinor > 0)
      ) ?? orders.find((o) => o.status === 'Shipped' && o.items.every((i) => i.refundedMinor === 0))!
    const unshipped = orders.filter((o) => o.status === 'Unshipped')
    const toSplit = unshipped.find((o) => o.items.length >= 2)!
    const toCancel = unshipped.find((o) => o !== toSplit)!

    // The list: search by order id, a row opens the detail page.
    await app.goto('/orders')
    await page.getByTestId('orders-table').waitFor()
    await expect
      .poll(() => page.locator('[data-testid=orders-table] tbody tr:not(.mantine-datatable-empty-row)').count())
      .toBeGreaterThan(10)
    await app.shot('orders-list')
    await page.getByTestId('orders-search').fill(shipped.id)
    await expect.poll(() => page.locator('[data-testid=orders-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(1)
    await page.locator('[data-testid=orders-table] tbody tr:not(.mantine-datatable-empty-row)').first().click()
    await expect.poll(() => page.getByTestId('order-title').textContent()).toBe(shipped.id)
    await page.getByTestId('order-items').waitFor()
    await app.shot('order-detail-shipped')

    // Issue refund: prefilled with what is refundable; too much is refused (over-refund is off).
    const item = shipped.items[0]!
    await page.getByTestId('order-refund').click()
    await page.getByTestId('refund-reason').waitFor()
    await page.getByTestId(`refund-amount-${item.sku}-Principal`).fill('100000')
    await page.getByTestId('refund-over-error').waitFor()
    expect(await page.getByTestId('refund-next').isDisabled()).toBe(true)
    await page.getByTestId(`refund-amount-${item.sku}-Principal`).fill('abc')
    await page.getByTestId('refund-errors').waitFor()
    await page.getByTestId(`refund-amount-${item.sku}-Principal`).fill('5.00')
    // A smaller quantity proposes its pro-rata share of what was paid.
    const multi = shipped.items.find((i) => i.quantityShipped >= 2)
    if (multi) {
      await page.getByTestId(`refund-qty-${multi.sku}`).fill('1')
      const share = Math.floor(multi.priceMinor / multi.quantity)
      await expect.poll(() => page.getByTestId(`refund-amount-${multi.sku}-Principal`).inputValue()).toBe((share / 100).toFixed(2))
    }
    await page.getByTestId('refund-reason').click()
    await page.getByRole('option', { name: 'Customer return' }).click()
    await app.shot('order-refund-modal')
    await page.getByTestId('refund-next').click()
    await page.getByTestId('refund-confirm-step').waitFor()
    await app.shot('order-refund-confirm')
    await page.getByTestId('refund-submit').click()
    // The queue is off for this store: it goes out at once as a one-entry batch.
    await page.getByTestId('action-result-sent').waitFor()
    await app.shot('order-refund-result')
    await page.getByTestId('refund-done').click()
    await page.getByTestId('order-queue-entry').first().waitFor()
    // Document Number and Batch ID fill in as the batch goes out.
    await expect.poll(() => page.getByTestId('order-entry-document-number').first().textContent(), { timeout: 90_000 }).toMatch(/^amzn1\./)
    await expect.poll(() => page.getByTestId('order-queue-entry').first().getAttribute('data-status'), { timeout: 90_000 }).toBe('done')
    await page.getByTestId('order-history').getByText('Refund requested').waitFor()
    await app.shot('order-detail-refunded')
    await app.shotSizes('order-detail-refunded')
    // The Batch ID opens the batch with Amazon's per-entry result.
    await page.getByTestId('order-entry-feed-id').first().click()
    await page.locator('[data-testid=batch-entry][data-result=ok]').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('batch-entries').waitFor({ state: 'detached' })

    // Notes.
    await page.getByTestId('order-note-input').fill('Called the buyer, refund agreed')
    await page.getByTestId('order-note-add').click()
    await page.getByTestId('order-notes').getByText('Called the buyer, refund agreed').waitFor()

    // A shipped order cannot be cancelled.
    expect(await page.getByTestId('order-cancel').isDisabled()).toBe(true)

    // Cancel an unshipped order, zeroing out its inventory (the store allows both options).
    app.ctx.services.stores.updateSettings(storeId, { allowZeroInventoryOnCancel: true, allowCancelWithoutAmazon: true })
    await app.goto(`/orders/${storeId}/${toCancel.id}`)
    await expect.poll(() => page.getByTestId('order-title').textContent()).toBe(toCancel.id)
    await page.getByTestId('order-cancel').click()
    await page.getByTestId('cancel-reason').waitFor()
    await page.getByTestId('cancel-reason').click()
    await page.getByRole('option', { name: 'No stock' }).click()
    await page.getByTestId('cancel-local').waitFor()
    await page.getByTestId('cancel-zero-out').check()
    await app.shot('order-cancel-modal')
    await page.getByTestId('cancel-submit').click()
    await page.getByTestId('action-result').waitFor()
    await page.getByTestId('cancel-done').click()
    await page.getByTestId('order-cancelled').waitFor()
    await page.getByTestId('order-cant-ship').waitFor()
    await expect.poll(() => page.getByTestId('item-physical').first().textContent()).toBe('0')
    await expect.poll(() => page.getByTestId('order-queue-entry').count()).toBe(1)
    await app.shot('order-cancelled')

    // Split an order: move one item into split #1, then cancel the split.
    const splitItem = toSplit.items[1]!
    await app.goto(`/orders/${storeId}/${toSplit.id}`)
    await expect.poll(() => page.getByTestId('order-title').textContent()).toBe(toSplit.id)
    await page.getByTestId('order-split').click()
    await page.getByTestId('split-submit').waitFor()
    await page.getByTestId(`split-qty-${splitItem.sku}`).fill(String(splitItem.quantity))
    await app.shot('order-split-modal')
    await page.getByTestId('split-submit').click()
    await page.getByTestId('order-split-1').waitFor()
    expect(await page.getByTestId('order-split-1').getAttribute('data-status')).toBe('open')
    await page.getByTestId('split-cancel-1').click()
    await page.getByTestId('cancel-reason').waitFor()
    await page.getByTestId('cancel-reason').click()
    await page.getByRole('option', { name: 'Buyer cancelled' }).click()
    await page.getByTestId('cancel-submit').click()
    await page.getByTestId('action-result').waitFor()
    await page.getByTestId('cancel-done').click()
    await expect.poll(() => page.getByTestId('order-split-1').getAttribute('data-status')).not.toBe('open')
    // Only the split's item is cancelled; the other still ships.
    const other = toSplit.items[0]!
    await expect
      .poll(() => page.getByTestId(`order-item-${splitItem.sku}`).locator('td').nth(3).textContent())
      .toBe(String(splitItem.quantity))
    expect(await page.getByTestId(`order-item-${other.sku}`).locator('td').nth(3).textContent()).toBe('0')
    await app.shot('order-split-cancelled')
    await app.shotSizes('order-split-cancelled')

    // A buyer asked to cancel (as order sync records it): On Hold, can't ship, with the request shown.
    const held = unshipped.find((o) => o !== toSplit && o !== toCancel)!
    const db = app.ctx.services.sqlite
    const row = db.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(held.id) as { id: string }
    const now = new Date().toISOString()
    db.prepare("UPDATE orders SET local_status = 'On Hold' WHERE id = ?").run(row.id)
    db.prepare(
      `INSERT INTO buyer_cancel_requests (store_id, order_id, order_item_ids, reason, requested_at, due_at, status, source, created_at, updated_at)
       VALUES (?, ?, ?, 'Order Created By Mistake', ?, ?, 'open', 'api', ?, ?)`
    ).run(
      storeId,
      row.id,
      JSON.stringify(held.items.map((i) => i.orderItemId)),
      now,
      new Date(Date.now() + 48 * 3_600_000).toISOString(),
      now,
      now
    )
    await app.goto(`/orders/${storeId}/${held.id}`)
    await page.getByTestId('order-hold').waitFor()
    await page.getByTestId('order-on-hold').waitFor()
    await page.getByTestId('order-cant-ship').waitFor()
    expect(await page.getByTestId('order-hold').textContent()).toContain('Order Created By Mistake')
    await app.shot('order-on-hold')
  })

  it('shows an error for an unknown order and the empty list for no orders', async () => {
    app = await startApp()
    const { page } = app
    await app.goto('/orders')
    await page.getByTestId('orders-empty').waitFor()
    await app.shot('orders-empty')
    await app.goto('/orders/nostore/111-1111111-1111111')
    await page.getByTestId('error-alert').waitFor()
    await app.shot('order-not-found')
  })
})
