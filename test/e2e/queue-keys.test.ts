/**
 * The refund queue by keyboard (#13): J/K and the arrows move, X/Space select, Shift+A selects all
 * matching, Esc clears, R rejects, P processes, ? lists the shortcuts (en and zh-CN); keys typed
 * into a field are not shortcuts.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'
import { makeRefundable, seedBench } from '../integration/rmas/bench-helpers'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const rows = (a: App) => a.page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)')
const cursorRow = (a: App) =>
  a.page
    .locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)')
    .evaluateAll((trs) => trs.findIndex((tr) => tr.getAttribute('data-cursor') === 'true'))
const selectedText = (a: App) => a.page.getByTestId('queue-selected').textContent()

describe.skipIf(!e2eAvailable)('Refund queue keyboard shortcuts', () => {
  it('moves, selects, rejects and processes by keyboard; ? lists the keys; typing in the search box is not a shortcut', async () => {
    app = await startApp({
      setup: async (ctx) => {
        const storeId = (await ctx.services.stores.create(validStore)).id
        ctx.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
        const ids = await seedBench(ctx, storeId)
        // Four RMA refunds waiting in the queue.
        for (const id of Object.values(ids)) {
          makeRefundable(ctx, id)
          ctx.services.rmas.issueRefund(id)
        }
      }
    })
    const { page } = app
    await app.goto('/queue')
    await expect.poll(() => rows(app!).count()).toBe(4)

    // ? opens the list of shortcuts; Esc closes it.
    await page.keyboard.press('Shift+?')
    await page.getByTestId('queue-shortcuts-list').waitFor()
    expect(await page.getByTestId('queue-shortcuts-list').textContent()).toContain('Select all entries matching the filter')
    await app.shot('queue-shortcuts')
    await page.keyboard.press('Escape')
    await page.getByTestId('queue-shortcuts-list').waitFor({ state: 'detached' })

    // J/K and the arrows move the keyboard's row; X and Space select it.
    await page.keyboard.press('j')
    expect(await cursorRow(app)).toBe(0)
    await page.keyboard.press('j')
    await page.keyboard.press('ArrowDown')
    expect(await cursorRow(app)).toBe(2)
    await page.keyboard.press('k')
    expect(await cursorRow(app)).toBe(1)
    await page.keyboard.press('x')
    await expect.poll(() => selectedText(app!)).toBe('1 request selected')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Space')
    await expect.poll(() => selectedText(app!)).toBe('2 requests selected')
    await app.shot('queue-keyboard-selection')
    await page.keyboard.press('x')
    await expect.poll(() => selectedText(app!)).toBe('1 request selected')

    // R asks for the rejection's reason (Esc cancels); Esc clears the selection.
    await page.keyboard.press('r')
    await page.getByTestId('reject-reason').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('reject-reason').waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await expect.poll(() => selectedText(app!)).not.toContain('selected')

    // Typed into the search box, ? and x are text, not shortcuts.
    await page.getByTestId('queue-search').focus()
    await page.keyboard.type('?x')
    expect(await page.getByTestId('queue-search').inputValue()).toBe('?x')
    expect(await page.getByTestId('queue-shortcuts-list').count()).toBe(0)
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Backspace')
    await page.getByTestId('queue-search').blur()
    await expect.poll(() => rows(app!).count()).toBe(4)

    // Shift+A selects every entry matching the filter; P asks first, then processes them as a batch.
    await page.keyboard.press('Shift+A')
    await expect.poll(() => selectedText(app!)).toBe('4 requests selected')
    await page.keyboard.press('p')
    await page.getByTestId('queue-process-confirm').click()
    await expect.poll(() => app!.ctx.services.queue.list({ kind: 'refund', view: 'queued', page: 1, pageSize: 10 }).total).toBe(0)
    await page.getByTestId('processed-batch').first().waitFor()
    await app.shot('queue-keyboard-processed')

    // The list in Chinese.
    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]')
    await page.keyboard.press('Shift+?')
    await page.getByTestId('queue-shortcuts-list').waitFor()
    expect(await page.getByTestId('queue-shortcuts-list').textContent()).toContain('选中符合筛选条件的全部条目')
    await app.shot('queue-shortcuts-zh-CN')
  }, 120_000)
})
