/**
 * The demo in Chromium (browser mode): the app's own first start on a fresh data folder with the
 * demo store (its built-in emulator, the demo's settings, the demo's queue seeding). Every work
 * screen's data source fills (generous poll; no timed assertion — the speed is in the note/bench),
 * then each screen is photographed at 1366×768 and 1024×700 (test/e2e/screenshots/demo-*).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { emptyDemoSources } from '../helpers/demo'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.skipIf(!e2eAvailable)('demo store', () => {
  it('fills every work screen on a fresh data folder', async () => {
    app = await startApp({ demo: true })
    const { page, ctx } = app
    const demo = (await ctx.services.stores.list()).find((s) => s.isDemo)
    expect(demo?.name).toBe('Demo store')
    await expect.poll(() => emptyDemoSources(ctx.dispatch, demo!.id), { timeout: 120_000, interval: 1000 }).toEqual([])

    const table = (testId?: string) =>
      (testId ? page.getByTestId(testId) : page.locator('table').first()).locator('tbody tr:not(.mantine-datatable-empty-row)').first()
    for (const [route, name] of [
      ['/orders', 'orders'],
      ['/reimbursements', 'reimbursements'],
      ['/rmas', 'rmas'],
      ['/holds', 'holds'],
      ['/claims', 'claims'],
      ['/deadlines', 'deadlines']
    ] as const) {
      await app.goto(route)
      await table().waitFor({ timeout: 30_000 })
      await app.shotSizes(`demo-${name}`)
    }
    await app.goto('/receive')
    await app.shotSizes('demo-receive')

    await app.goto('/queue')
    await table('queue-table').waitFor({ timeout: 30_000 })
    await app.shotSizes('demo-queue-refunds')
    await page.getByTestId('queue-tab-batches').click()
    await table('batches-table').waitFor({ timeout: 30_000 })
    await app.shotSizes('demo-queue-batches')
  }, 240_000)
})
