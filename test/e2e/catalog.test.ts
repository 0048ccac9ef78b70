/**
 * The catalog and the watched folder in Chromium (browser mode), on the demo store: its catalog
 * job fills the products (All Listings report + Catalog Items API from the built-in emulator), so
 * the reimbursements show a product title and image and the parent-ASIN filter matches; a folder
 * set on the Settings screen imports a report dropped into it, and the Imports log shows it.
 * Generous polls, no timed assertions.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReimbursementRow } from '../../src/shared/contract/reimbursements'
import { e2eAvailable, ROOT, SCREENSHOTS, startApp, type App } from './fixture'

let app: App | undefined
const dirs: string[] = []
afterEach(async () => {
  await app?.close()
  app = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** The Imports log card alone, at a laptop's and a small window's width (it sits below the fold). */
async function shotLog(page: App['page'], name: string) {
  for (const [width, height] of [
    [1366, 768],
    [1024, 700]
  ] as const) {
    await page.setViewportSize({ width, height })
    await page.getByTestId('imports-log').screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`), animations: 'disabled' })
  }
}

const rowsOf = (page: App['page'], testId: string) => page.getByTestId(testId).locator('tbody tr:not(.mantine-datatable-empty-row)')

describe.skipIf(!e2eAvailable)('catalog and watched folder', () => {
  it('shows product images and titles, filters by parent ASIN, and imports from a watched folder', async () => {
    app = await startApp({ demo: true })
    const { page, ctx } = app
    const demo = (await ctx.services.stores.list()).find((s) => s.isDemo)!
    // The demo's reimbursements and its catalog arrive by themselves (sync and catalog jobs).
    await expect
      .poll(
        async () => {
          const r = await ctx.dispatch('reimbursements.list', { storeId: demo.id, parentAsin: 'B0CXYZPRNT' })
          return r.ok ? (r.data as { rows: ReimbursementRow[] }).rows.filter((x) => x.imageUrl && x.title).length : 0
        },
        { timeout: 120_000, interval: 1000 }
      )
      .toBeGreaterThan(0)

    await app.goto('/reimbursements')
    await rowsOf(page, 'reimbursements-table').first().waitFor({ timeout: 30_000 })
    const image = page.getByTestId('product-cell').locator('img[src^="data:image/svg+xml"]').first()
    await image.waitFor({ timeout: 30_000 })
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 30_000 }).toBe(true)
    await app.shotSizes('catalog-reimbursements')

    await page.getByTestId('filter-parentAsin').fill('B0CXYZPRNT')
    await expect
      .poll(
        async () => {
          const cells = await page.getByTestId('product-cell').allInnerTexts()
          return cells.length > 0 && cells.every((c) => /MUG-11OZ-WHT|MUG-15OZ-BLK/.test(c))
        },
        { timeout: 30_000 }
      )
      .toBe(true)

    // The watched folder, set on the Settings screen.
    const folder = mkdtempSync(join(tmpdir(), 'sbo-e2e-watch-'))
    dirs.push(folder)
    await app.goto('/settings')
    await page.getByTestId('settings-store').click()
    await page.getByRole('option', { name: demo.name }).click()
    await page.getByTestId('watched-folder-path').fill(folder)
    await page.getByTestId('watched-folder-save').click()
    await expect.poll(() => page.getByTestId('watched-folder-state').textContent(), { timeout: 30_000 }).toBe('Watching')
    copyFileSync(join(ROOT, 'test/fixtures/catalog/all-listings.tsv'), join(folder, '20261203.txt'))
    const logRow = page.getByTestId('imports-log-row').filter({ hasText: '20261203.txt' })
    await logRow.waitFor({ timeout: 60_000 })
    await expect.poll(() => logRow.textContent(), { timeout: 30_000 }).toMatch(/All Listings \(catalog\)[\s\S]*Imported/)
    await app.shotSizes('settings-imports')
    await shotLog(page, 'settings-imports-log')
    // The same in Chinese.
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByText('导入记录').first().waitFor({ timeout: 30_000 })
    await app.shotSizes('settings-imports-zh')
    await shotLog(page, 'settings-imports-log-zh')
  }, 300_000)
})
