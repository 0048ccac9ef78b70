/**
 * The RMAs screen shows each returned product's image and title from the catalog: the demo store
 * (its built-in emulator: the returns report, the All Listings report and the Catalog Items API)
 * on a fresh data folder, the list and an RMA's drawer, photographed at 1366×768 and 1024×700 in
 * en and zh-CN (test/e2e/screenshots/rmas-products-*). Generous polls, no timed assertion.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { RmaRow } from '../../src/shared/contract/rmas'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.skipIf(!e2eAvailable)('RMAs screen: product image and title', () => {
  it("the demo's RMAs show their product's image and title, in the list and the drawer (en and zh-CN)", async () => {
    app = await startApp({ demo: true })
    const { page, ctx } = app
    const demo = (await ctx.services.stores.list()).find((s) => s.isDemo)!
    // The returns download and the catalog job both ran: the newest RMAs have their product's image.
    const rows = async () => {
      const r = await ctx.dispatch('rmas.list', { storeId: demo.id, pageSize: 25 })
      return r.ok ? (r.data as { rows: RmaRow[] }).rows : []
    }
    await expect
      .poll(async () => (await rows()).filter((r) => r.product?.imageUrl).length, { timeout: 180_000, interval: 1000 })
      .toBeGreaterThan(0)
    const withImage = (await rows()).find((r) => r.product?.imageUrl)!

    await app.goto('/rmas')
    const table = page.getByTestId('rma-table')
    const row = table.locator('tbody tr:not(.mantine-datatable-empty-row)').filter({ hasText: withImage.amazonOrderId })
    await row.waitFor({ timeout: 60_000 })
    await expect.poll(() => row.getByTestId('rma-product-title').textContent()).toBe(withImage.product!.title)
    // The image is loaded (the browser decoded it), not only named.
    await expect
      .poll(() => row.getByTestId('rma-product-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 })
      .toBeGreaterThan(0)
    // The rows fit the table at a laptop's and a small window's size: no column cut off (the title
    // is cut with an ellipsis instead), no horizontal scrolling inside the table.
    const cutOff = () =>
      table.evaluate((el) => {
        // The table element and the box that scrolls it (the first ancestor that clips what overflows).
        const t = el.tagName === 'TABLE' ? el : el.querySelector('table')!
        let box = t.parentElement!
        while (box.parentElement && getComputedStyle(box).overflowX === 'visible') box = box.parentElement
        return Math.round(t.getBoundingClientRect().right - box.getBoundingClientRect().right)
      })
    for (const [width, height] of [
      [1366, 768],
      [1024, 700]
    ] as const) {
      await page.setViewportSize({ width, height })
      await expect.poll(cutOff, { message: `${width}×${height}` }).toBeLessThanOrEqual(0)
    }
    await app.shotSizes('rmas-products-list')

    await row.click()
    const items = page.getByTestId('rma-drawer').getByTestId('rma-items')
    await items.waitFor()
    await expect.poll(() => items.getByTestId('rma-product-title').first().textContent()).toBe(withImage.product!.title)
    await expect.poll(() => items.getByTestId('rma-product-image').count()).toBeGreaterThan(0)
    await app.shotSizes('rmas-products-drawer')
    await page.keyboard.press('Escape')
    await page.getByTestId('rma-drawer').waitFor({ state: 'hidden' })

    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await expect.poll(() => table.locator('thead').textContent()).toContain('商品')
    await app.shotSizes('rmas-products-list-zh')
    await row.click()
    await items.waitFor()
    await app.shotSizes('rmas-products-drawer-zh')
  }, 300_000)
})
