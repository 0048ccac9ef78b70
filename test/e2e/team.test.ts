/**
 * The Team panel (/team) in Chromium against the browser-mode host, connected to a minimal
 * stand-in team server (test/helpers/team-standin.ts; the real server's test is
 * test/integration/team/client-server.test.ts): connect, the outbox with applied / refused /
 * waiting commands, "Sync now" offline and online, disconnect. Screenshots empty and with an
 * outbox, en and zh-CN, at 1366×768 and 1024×700.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startStandIn, type StandIn } from '../helpers/team-standin'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | null = null
let server: StandIn | null = null
afterEach(async () => {
  await app?.close()
  await server?.close()
  app = null
  server = null
})

const receive = (id: number) => ({ id, items: [{ itemId: 1, quantity: 1, condition: 'sellable' }] })
const refund = (amountMinor: number) => ({
  storeId: 'store-1',
  amazonOrderId: '111-2223334-4445556',
  reason: 'CustomerReturn',
  lines: [{ orderItemId: 'item-1', quantity: 1, components: [{ type: 'Principal', amountMinor }] }]
})

describe.skipIf(!e2eAvailable)('Team panel', () => {
  it('connects, shows each command with its result, syncs offline and online, disconnects', { timeout: 180_000 }, async () => {
    server = await startStandIn()
    app = await startApp({ now: new Date().toISOString() })
    const { page } = app
    const setLanguage = async (lng: 'en' | 'zh-CN') => {
      await page.evaluate((l) => localStorage.setItem('sbo.language', l), lng)
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]')
    }

    await app.goto('/team')
    await page.getByTestId('nav-team').waitFor()
    await page.getByTestId('team-not-connected').waitFor()
    await app.shotSizes('team-empty-en')
    await setLanguage('zh-CN')
    await page.getByText('连接团队服务器').waitFor()
    await app.shotSizes('team-empty-zh-CN')
    await setLanguage('en')

    // Plain http to another machine: the form offers the explicit opt-in, the server refuses without it.
    await page.getByTestId('team-server').fill('http://team.example.com')
    await page.getByTestId('team-insecure').waitFor()
    await page.getByTestId('team-user').fill('ana')
    await page.getByTestId('team-password').fill('correct horse battery')
    await page.getByTestId('team-connect').click()
    await expect.poll(() => page.getByTestId('team-connect-error').textContent()).toMatch(/in clear/)

    // A wrong password, then the right one.
    await page.getByTestId('team-server').fill(server.url)
    await page.getByTestId('team-password').fill('wrong password')
    await page.getByTestId('team-connect').click()
    await expect.poll(() => page.getByTestId('team-connect-error').textContent()).toMatch(/refused this user name and password/)
    await page.getByTestId('team-password').fill('correct horse battery')
    await page.getByTestId('team-connect').click()
    await page.getByTestId('team-online').waitFor()
    expect(await page.getByTestId('team-online').getAttribute('data-online')).toBe('true')
    expect(await page.getByTestId('team-user-role').textContent()).toBe('ana · Warehouse')
    await page.getByTestId('team-outbox-empty').waitFor()

    // Commands from this desktop: one applied, one refused by the server's rule, one made offline.
    const team = app.ctx.services.team
    await team.enqueue('orders.refund', refund(4000))
    await team.enqueue('orders.refund', refund(2500))
    await team.enqueue('rmas.receive', receive(12))
    await server.down()
    await team.enqueue('rmas.receive', receive(13))
    await page.reload()
    await page.getByTestId('team-outbox').waitFor()
    const states = () => page.getByTestId('team-outbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))
    expect(await states()).toEqual(['pending', 'applied', 'refused', 'applied'])
    expect(await page.getByTestId('team-outbox-reason').textContent()).toMatch(/Server's reason: Over-refund/)
    expect(await page.getByTestId('team-pending').textContent()).toBe('1 command')

    // Sync now while the server is away: said plainly, nothing lost.
    await page.getByTestId('team-sync').click()
    await page.getByText(/Not synced: the server does not answer/).waitFor()
    await expect.poll(() => page.getByTestId('team-online').getAttribute('data-online')).toBe('false')
    expect(await page.getByTestId('team-last-contact').textContent()).toMatch(/The server last answered at/)
    await app.shotSizes('team-outbox-en')
    await setLanguage('zh-CN')
    await page.getByText('发件箱').first().waitFor()
    await app.shotSizes('team-outbox-zh-CN')
    await setLanguage('en')

    // The server is back: Sync now sends the waiting command and pulls the changes.
    await server.up()
    await page.getByTestId('team-sync').click()
    await page.getByText(/Synced: 1 applied, 0 refused, 0 waiting/).waitFor()
    await expect.poll(states).toEqual(['applied', 'applied', 'refused', 'applied'])
    expect(await page.getByTestId('team-pending').textContent()).toBe('0 commands')
    expect(await page.getByTestId('team-last-sync').textContent()).not.toBe('Never')

    // Disconnect: confirmed, then the connect form again; the token has left the keychain.
    await page.getByTestId('team-disconnect').click()
    await page.getByTestId('team-disconnect-confirm').click()
    await page.getByTestId('team-not-connected').waitFor()
    expect(team.status().connected).toBe(false)
  })
})
