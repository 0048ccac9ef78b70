/**
 * Cancellation holds in Chromium (browser mode) against the SP-API emulator: import an unshipped
 * orders report with buyer-cancel requests, see the holds with their countdown (normal, under
 * 12 h, overdue), accept one (it goes through the queue to Amazon exactly once), decline another
 * (note required; the order can ship again).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { renderReport } from '../../src/main/amazon/emulator/documents'
import { SELLER } from '../integration/amazon/helpers'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const H = 3600_000

describe.skipIf(!e2eAvailable)('Cancellation holds screen', () => {
  it('imports an order report, shows the holds with their countdown, accepts one and declines another', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const s = ctx.services
    const data = emu.seller(SELLER.sellerId)
    const requested = data.orders.filter((o) => o.status === 'Unshipped' && o.channel === 'MFN' && o.items.some((i) => i.buyerCancel))
    expect(requested).toHaveLength(3)
    // The unshipped orders report exactly as the emulator (and Amazon) would send it.
    const report = renderReport('GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING', data, Date.now() - 30 * 24 * H, Date.now())
    if (report.kind !== 'tsv') throw new Error('expected a TSV report')
    const file = join(ctx.dir, 'unshipped-orders.txt')
    writeFileSync(file, report.text)

    await app.goto('/holds')
    await page.getByTestId('holds-empty-open').waitFor()
    await page.getByTestId('store-switcher').click()
    await page.getByRole('option', { name: 'Emu US' }).click()
    await app.shot('holds-empty')

    await page.getByTestId('holds-import-open').click()
    await page.getByTestId('order-import-dropzone').locator('input[type=file]').setInputFiles(file)
    await page.getByTestId('order-import-preview').waitFor()
    expect(await page.getByTestId('preview-held').locator('p').first().textContent()).toBe('3')
    await app.shot('holds-import-preview')
    await page.getByTestId('order-import-commit').click()
    await page.getByTestId('order-import-preview').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(3)
    expect(await page.getByTestId('holds-count-open').textContent()).toBe('3')

    // Reports carry no request time: the import time stands in, so each has ~2 days left. Move two
    // requests back in time to show the warning and overdue states (as a day later would).
    const holds = s.holds.list({ storeId, view: 'open' }).rows
    const back = (id: number, ms: number) => {
      const r = new Date(Date.now() - ms).toISOString()
      const d = new Date(Date.parse(r) + 48 * H).toISOString()
      s.sqlite.prepare('UPDATE buyer_cancel_requests SET requested_at = ?, due_at = ? WHERE id = ?').run(r, d, id)
    }
    back(holds[0]!.id, 51 * H + 30_000) // overdue by 3 h
    back(holds[1]!.id, 40 * H) // 8 h left
    s.events.emit('data.changed', { domains: ['holds'] })
    await expect
      .poll(() => page.getByTestId('hold-countdown').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))
      .toEqual(['overdue', 'warning', 'ok'])
    const first = await page.getByTestId('hold-countdown').first().textContent()
    expect(first).toMatch(/^overdue by 3 h/)
    expect(await page.getByTestId('hold-countdown').nth(2).textContent()).toMatch(/^1 d 2\d h \d\d min left|^1 d 23 h left|^2 d/)
    await app.shot('holds-open')
    await app.shotSizes('holds-open')

    // Decline the overdue one: a note is required.
    const overdueOrder = holds[0]!.amazonOrderId
    await page.getByTestId('hold-decline').first().click()
    await page.getByTestId('hold-note').waitFor()
    await page.getByTestId('hold-confirm').click()
    await page.getByText('Please write a note.').waitFor()
    await app.shot('holds-decline-note-required')
    await page.getByTestId('hold-note').fill('Already handed to the carrier; buyer informed')
    await page.getByTestId('hold-confirm').click()
    await page.getByTestId('hold-note').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(2)
    expect(s.orders.find(storeId, overdueOrder)?.localStatus).toBe('In Process')
    expect(s.orders.shippable(storeId).map((o) => o.amazonOrderId)).toContain(overdueOrder)

    // Accept the one with 8 h left: cancelled with reason BuyerCanceled through the queue (queue off: at once).
    const acceptOrder = holds[1]!.amazonOrderId
    await page.getByTestId('hold-accept').first().click()
    await page.getByTestId('hold-note').waitFor()
    await page.getByTestId('hold-note').fill('Buyer asked via Your Orders')
    await app.shot('holds-accept-confirm')
    await page.getByTestId('hold-confirm').click()
    await page.getByTestId('hold-note').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(1)
    const accepted = s.holds.list({ storeId, view: 'decided' }).rows.find((h) => h.amazonOrderId === acceptOrder)!
    expect(accepted.status).toBe('accepted')
    const entry = s.queue.entry(accepted.queueEntryId!)
    expect(entry).toMatchObject({ kind: 'cancel', reason: 'BuyerCanceled' })
    await expect.poll(() => emu.cancellationCount({ orderId: acceptOrder }), { timeout: 90_000 }).toBe(holds[1]!.items.length)

    await page.getByTestId('holds-tab-decided').click()
    await expect.poll(() => page.locator('[data-testid=holds-table] tbody tr:not(.mantine-datatable-empty-row)').count()).toBe(2)
    await expect.poll(() => page.getByTestId('hold-decision').allTextContents()).toEqual(expect.arrayContaining(['Accepted', 'Declined']))
    await app.shot('holds-decided')
    // Sent exactly once.
    expect(emu.cancellationCount({ orderId: acceptOrder })).toBe(holds[1]!.items.length)
    expect(emu.createdFeeds().filter((f) => f.content?.includes(acceptOrder))).toHaveLength(1)

    // zh-CN strings are there too.
    await page.getByTestId('holds-tab-open').click()
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByText('取消请求暂扣').first().waitFor()
    await app.shot('holds-open-zh')
    await app.shotSizes('holds-open-zh')
    // A due-soon notification from main is worded in the user's language.
    s.events.emit('app.notify', {
      key: 'holds:notify.dueSoon',
      params: { orderId: '112-9999999-9999999', store: 'Mugs US', dueAt: '2026-11-24T10:00:00.000Z', reason: 'Ordered by mistake' },
      route: '#/holds'
    })
    await page.getByText('买家申请取消：112-9999999-9999999').waitFor()
    await page.getByText(/Mugs US：请在 .+ 前答复（剩余不足 12 小时）— Ordered by mistake/).waitFor()
    await app.shot('holds-notification-zh')
  })
})
