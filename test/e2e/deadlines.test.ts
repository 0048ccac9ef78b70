/**
 * Deadlines in Chromium (browser mode) with the emulator's store: order sync
 * brings unshipped seller-fulfilled orders and their clocks (ship-confirm, late shipment, late
 * delivery), soonest first, each linking to its order; the screen in zh-CN too.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_SYNC_JOB } from '../../src/main/orders/sync.job'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.skipIf(!e2eAvailable)('Deadlines screen', () => {
  it('lists the synced orders’ clocks soonest first with a link to the order, in en and zh-CN', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { storeId } = app.amazon!
    await app.goto('/deadlines')
    await page.getByRole('heading', { name: 'Deadlines' }).waitFor()
    await app.shot('deadlines-first')

    await ctx.services.scheduler.runNow(ORDER_SYNC_JOB, storeId)
    const rows = page.getByTestId('deadline-row')
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(0)
    const listed = ctx.services.deadlines.list({ storeId }).items
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.map((i) => i.dueAt)).toEqual([...listed.map((i) => i.dueAt)].sort())
    // The first row is the soonest; its link opens its order.
    await expect.poll(() => rows.first().getAttribute('data-key')).toBe(listed[0]!.key)
    await app.shotSizes('deadlines')
    const href = await rows.first().getByTestId('deadline-link').getAttribute('href')
    expect(href).toBe(listed[0]!.route)

    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByRole('heading', { name: '截止时间' }).waitFor()
    await app.shotSizes('deadlines-zh')
  })
})
