/**
 * A store without an SP-API app runs the whole refund queue through Seller Central's Adjustments
 * upload, in Chromium (browser mode): the store is added with a name and a marketplace only,
 * "Process refund" writes the batch as the Adjustments file (saved as a download), the batch
 * waits "uploaded by hand", Amazon's processing report for the upload closes it (one refund
 * refused), the refused one is retried as a new file and recorded by hand with a note.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../src/main/amazon/emulator/data'
import { SELLER } from '../integration/amazon/helpers'
import { seedOrders } from '../integration/queue/helpers'
import { e2eAvailable, SCREENSHOTS, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const rows = (a: App) => a.page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)')

describe.skipIf(!e2eAvailable)('File-only store: the refund queue through the Adjustments upload', () => {
  it('adds a store without API fields, writes the Adjustments file, closes the batch from the processing report and by hand', async () => {
    // Orders as an imported order report would give them (the emulator only makes the data here).
    const emu = await startEmulator({ seed: 11, speedUp: 200, stores: [SELLER] })
    const orders = emu
      .seller(SELLER.sellerId)
      .orders.filter((o) => o.channel === 'MFN' && o.status === 'Shipped' && o.items.length === 1 && o.items[0]!.refundedMinor === 0)
    await emu.close()
    app = await startApp()
    const { page } = app

    // 1) The store: a name and a marketplace, nothing else.
    await app.goto('/stores')
    await page.getByTestId('store-add').click()
    await page.getByTestId('store-name').fill('Mugs US (files)')
    await page.getByTestId('store-marketplaces').click()
    await page.getByRole('option', { name: /ATVPDKIKX0DER/ }).click()
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('store-api-switch').isChecked()).toBe(false)
    await app.shot('file-only-store-form')
    await page.getByTestId('store-save').click()
    await page.getByTestId('store-file-only').waitFor()
    await app.shot('file-only-store-list')
    const store = (await app.ctx.services.stores.list()).find((s) => s.name === 'Mugs US (files)')!
    expect(store).toMatchObject({ fileOnly: true, sellerId: null, lwaClientId: null })

    const s = app.ctx.services
    s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
    const [a, b] = orders as [EmuOrder, EmuOrder]
    seedOrders(s, store.id, [a, b])
    for (const o of [a, b])
      s.orderActions.refund({
        storeId: store.id,
        amazonOrderId: o.id,
        reason: 'CustomerReturn',
        lines: o.items.map((i) => ({
          orderItemId: i.orderItemId,
          quantity: i.quantityShipped,
          components: [{ type: 'Principal' as const, amountMinor: i.priceMinor }]
        }))
      })

    // 2) Process refund: the batch is the Adjustments file, waiting "uploaded by hand".
    await app.goto('/queue')
    await expect.poll(() => rows(app!).count()).toBe(2)
    await page.locator('[data-testid=queue-table] thead input[type=checkbox]').check()
    await page.getByTestId('queue-process').click()
    await page.getByTestId('queue-process-confirm').click()
    await expect.poll(() => page.getByTestId('processed-batch').getAttribute('data-state')).toBe('by_hand')
    await app.shot('file-only-processed')
    await page.getByTestId('processed-open').click()
    await page.getByTestId('by-hand-panel').waitFor()
    await app.shot('file-only-batch-drawer')
    await app.shotSizes('file-only-batch-drawer')
    // The same drawer in zh-CN at a laptop's size: the state and the panel have their words.
    const zh = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC' })
    await zh.addInitScript(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await zh.goto(`${app.host.url}#/queue?batch=1`)
    await zh.getByTestId('by-hand-panel').waitFor()
    expect(await zh.getByTestId('batch-state').first().textContent()).toBe('手动上传 — 等待结果')
    await zh.screenshot({ path: join(SCREENSHOTS, 'file-only-batch-drawer-zh-CN-1366x768.png') })
    await zh.close()

    // 3) Save the file (a download in browser mode): Amazon's columns, exact amounts.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('by-hand-save').click()])
    const text = readFileSync((await download.path())!, 'utf8')
    const lines = text.trimEnd().split('\r\n')
    expect(lines[0]!.split('\t').slice(0, 5)).toEqual(['order-id', 'order-item-id', 'adjustment-reason-code', 'currency', 'item-price-adj'])
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(`${a.id}\t${a.items[0]!.orderItemId}\tCustomerReturn\tUSD\t`)

    // 4) Amazon's processing report for the upload: b's row refused.
    const report = [
      'Feed Processing Summary:',
      '\tNumber of records processed\t\t2',
      '\tNumber of records successful\t\t1',
      '',
      'original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message',
      `2\t${b.id}\t${b.items[0]!.orderItemId}\t18016\tError\tThe refund exceeds the amount that can be refunded`,
      ''
    ].join('\r\n')
    await page
      .getByTestId('by-hand-report')
      .locator('input[type=file]')
      .setInputFiles({ name: 'processing-report.txt', mimeType: 'text/plain', buffer: Buffer.from(report) })
    await expect.poll(() => page.getByTestId('batch-drawer').getByTestId('batch-state').getAttribute('data-state')).toBe('done')
    await expect.poll(() => page.locator('[data-testid=batch-entry][data-result=error]').count()).toBe(1)
    expect(await page.locator('[data-testid=batch-entry][data-result=error]').textContent()).toContain('18016')
    await app.shot('file-only-report-imported')

    // 5) The refused refund again: a new file, closed by hand with a note.
    await page.getByTestId('batch-retry').click()
    await page.getByTestId('batch-drawer').getByText('Batch #2').waitFor()
    await page.getByTestId('by-hand-panel').waitFor()
    await page.getByTestId('by-hand-note').fill('refunded by hand in Manage Orders')
    await page.getByTestId('by-hand-done').click()
    await expect.poll(() => page.getByTestId('batch-drawer').getByTestId('batch-state').getAttribute('data-state')).toBe('done')
    await app.shot('file-only-recorded-by-hand')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('queue-count-failed').textContent()).toBe('0')
    expect(await page.getByTestId('queue-count-queued').textContent()).toBe('0')
    expect(s.queue.list({ kind: 'refund', view: 'all', page: 1, pageSize: 50 }).rows.map((r) => r.status)).toEqual(['done', 'done'])
  })
})
