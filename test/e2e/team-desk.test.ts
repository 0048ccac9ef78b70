/**
 * The work screens of a desktop in team mode, in Chromium (browser mode), against a REAL team
 * server process on PostgreSQL whose store's orders come from the SP-API emulator: the queue
 * screen shows the server's refund queue (not this desktop's SQLite); with the server gone, a
 * refund made on the order screen says it waits in the outbox, the header counts it, the queue
 * screen still shows the local copy; when the server is back the outbox is sent, the command is
 * applied, and the queue shows it. Screenshots en and zh-CN at 1366×768 and 1024×700.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fullRefund, startTeamStack, TEAM_STORE, type TeamStack } from '../helpers/team-process'
import { e2eAvailable, startApp, type App } from './fixture'

const hasPg = Boolean(process.env.SBO_TEST_PG_URL)
const PASSWORD = 'warehouse-pass-1'
const rows = (a: App) => a.page.locator('[data-testid=queue-table] tbody tr:not(.mantine-datatable-empty-row)')

let stack: TeamStack | null = null
let app: App | null = null
beforeAll(async () => {
  if (!e2eAvailable || !hasPg) return
  stack = await startTeamStack({ dbName: 'sbo_teamdesk_e2e' })
  await stack.addUser('wh', 'warehouse', PASSWORD)
  await stack.start()
}, 180_000)
afterAll(async () => {
  await app?.close()
  await stack?.close()
})

describe.skipIf(!e2eAvailable || !hasPg)('a desktop in team mode', () => {
  it(
    'shows the server’s queue; an offline refund waits in the outbox, then is applied after reconnection',
    { timeout: 300_000 },
    async () => {
      app = await startApp({ now: new Date().toISOString() })
      const { page, ctx } = app
      const s = stack!
      const connected = await ctx.dispatch('team.connect', { serverUrl: s.url(), user: 'wh', password: PASSWORD })
      expect(connected.ok, JSON.stringify(connected)).toBe(true)
      const [o1, o2] = s.shipped()
      // The server syncs its store's orders from Amazon (the emulator); both orders are read once online.
      for (const o of [o1!, o2!])
        await expect
          .poll(async () => (await ctx.dispatch('orders.get', { storeId: TEAM_STORE, amazonOrderId: o.id })).ok, {
            timeout: 120_000,
            interval: 500
          })
          .toBe(true)
      // A refund another desk made: on the server's queue.
      expect((await ctx.dispatch('orders.refund', fullRefund(o1!))).ok).toBe(true)

      await app.goto('/queue')
      await page.getByTestId('team-indicator').waitFor()
      expect(await page.getByTestId('team-indicator').getAttribute('data-online')).toBe('true')
      await expect.poll(() => rows(app!).count(), { timeout: 30_000 }).toBe(1)
      expect(await rows(app).first().textContent()).toContain(o1!.id)
      // Not this desktop's single-seat data.
      expect(ctx.services.sqlite.prepare('SELECT count(*) AS n FROM queue_entries').get()).toEqual({ n: 0 })
      await app.shotSizes('team-desk-queue-en')

      // The server goes away (after a pull, so the local copy has the queue).
      expect((await ctx.dispatch('team.sync', {})).ok).toBe(true)
      const port = s.port()
      await s.stop()

      // A refund on the order screen (the order detail from the local copy): it waits in the outbox.
      await app.goto(`/orders/${TEAM_STORE}/${o2!.id}`)
      await page.getByTestId('order-refund').click()
      await page.getByTestId('refund-reason').click()
      await page.getByRole('option', { name: 'Customer return' }).click()
      await page.getByTestId('refund-next').click()
      await page.getByTestId('refund-submit').click()
      await page.getByTestId('queued-alert').waitFor()
      expect(await page.getByTestId('queued-alert').textContent()).toMatch(/Waiting in the outbox.*sent when the server is reachable/)
      await expect.poll(() => page.getByTestId('team-indicator').getAttribute('data-pending'), { timeout: 30_000 }).toBe('1')
      await expect.poll(() => page.getByTestId('team-indicator').getAttribute('data-online'), { timeout: 30_000 }).toBe('false')
      await app.shotSizes('team-desk-queued-en')
      await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]')
      await page.getByTestId('order-refund').click()
      await page.getByTestId('refund-reason').click()
      await page.getByRole('option').first().click()
      await page.getByTestId('refund-next').click()
      await page.getByTestId('refund-submit').click()
      await page.getByTestId('queued-alert').waitFor()
      expect(await page.getByTestId('queued-alert').textContent()).toMatch(/待发送队列/)
      await app.shotSizes('team-desk-queued-zh-CN')
      await page.evaluate(() => localStorage.setItem('sbo.language', 'en'))
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]')

      // Offline, the queue screen reads the local copy: still the server's entry.
      await app.goto('/queue')
      await expect.poll(() => rows(app!).count(), { timeout: 30_000 }).toBe(1)
      expect(await page.getByTestId('team-indicator').textContent()).toMatch(/offline · 2 waiting/)

      // The Team panel: both commands wait.
      await app.goto('/team')
      const states = () => page.getByTestId('team-outbox-row').evaluateAll((r) => r.map((x) => x.getAttribute('data-state')))
      await expect.poll(states).toEqual(['pending', 'pending', 'applied'])

      // The server is back: Sync now sends the outbox; the first refund is applied, the repeat refused.
      await s.start(port)
      await page.getByTestId('team-sync').click()
      await expect.poll(states, { timeout: 60_000 }).toEqual(['refused', 'applied', 'applied'])
      expect(await page.getByTestId('team-outbox-reason').textContent()).toMatch(/more than was paid/)
      await app.shotSizes('team-desk-outbox-en')

      await app.goto('/queue')
      await expect.poll(() => rows(app!).count(), { timeout: 30_000 }).toBe(2)
      expect(await page.getByTestId('team-indicator').getAttribute('data-pending')).toBe('0')
    }
  )
})
