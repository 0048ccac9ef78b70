/**
 * Deadlines in Chromium (browser mode) with the emulator's store: order sync
 * brings unshipped seller-fulfilled orders and their clocks (ship-confirm, late shipment, late
 * delivery), soonest first, each linking to its order; the screen in zh-CN too. Recording an A-to-z
 * claim with the screen's form gives its information-request clock.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_SYNC_JOB } from '../../src/main/orders/sync.job'
import { validStore } from '../helpers/services'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Every kind the demo store shows, with the screen its link opens. */
const DEMO_KINDS: [ruleId: string, route: RegExp][] = [
  ['order.shipConfirm', /^#\/orders\//],
  ['order.lateShipment', /^#\/orders\//],
  ['order.lateDelivery', /^#\/orders\//],
  ['order.buyerCancelAnswer', /^#\/holds$/],
  ['return.refund', /^#\/rmas\?open=\d+$/],
  ['atoz.infoRequest', /^#\/orders\//],
  ['atoz.appealInfoRequest', /^#\/orders\//],
  ['atoz.appeal', /^#\/orders\//],
  ['safet.file', /^#\/orders\//]
]

describe.skipIf(!e2eAvailable)('Deadlines screen', () => {
  it('the demo store shows every kind of clock, each with the link that answers it (en and zh-CN; empty before)', async () => {
    app = await startApp({})
    await app.goto('/deadlines')
    await app.page.getByRole('heading', { name: 'Deadlines' }).waitFor()
    await app.shotSizes('deadlines-empty')
    await app.page.getByTestId('language-switcher').click()
    await app.page.getByRole('option', { name: '简体中文' }).click()
    await app.page.getByRole('heading', { name: '截止时间' }).waitFor()
    await app.shotSizes('deadlines-empty-zh')
    await app.close()

    app = await startApp({ demo: true })
    const { page, ctx } = app
    const demo = (await ctx.services.stores.list()).find((s) => s.isDemo)!
    const kinds = () => new Set(ctx.services.deadlines.list({ storeId: demo.id }).items.map((i) => i.ruleId))
    await expect.poll(() => DEMO_KINDS.map(([k]) => k).filter((k) => !kinds().has(k)), { timeout: 180_000, interval: 1000 }).toEqual([])
    const items = ctx.services.deadlines.list({ storeId: demo.id }).items
    // The emulator placed orders past their promised dates: the late clocks are overdue, on top.
    expect(items.find((i) => i.ruleId === 'order.lateShipment' && i.stage === 'overdue')).toBeTruthy()
    expect(items.find((i) => i.ruleId === 'order.lateDelivery' && i.stage === 'overdue')).toBeTruthy()

    await app.goto('/deadlines')
    await page.getByRole('heading', { name: 'Deadlines' }).waitFor()
    const rows = page.getByTestId('deadline-row')
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(0)
    for (const [ruleId, route] of DEMO_KINDS) {
      const item = items.find((i) => i.ruleId === ruleId)!
      expect(item.route, ruleId).toMatch(route)
      const row = page.locator(`[data-testid="deadline-row"][data-key="${item.key}"]`)
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1)
      expect(await row.getByTestId('deadline-link').getAttribute('href'), ruleId).toBe(item.route)
    }
    await app.shotSizes('deadlines-demo')
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByRole('heading', { name: '截止时间' }).waitFor()
    await app.shotSizes('deadlines-demo-zh')
  }, 360_000)

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

  it('imports a claims CSV from the import button: preview with bad rows by line and column, then the rest is recorded', async () => {
    let storeId = ''
    app = await startApp({
      now: '2026-12-03T08:00:00.000Z',
      setup: async (ctx) => {
        storeId = (await ctx.services.stores.create(validStore)).id
      }
    })
    const { page, ctx } = app
    await app.goto('/deadlines')
    await page.getByRole('heading', { name: 'Deadlines' }).waitFor()
    await page.getByTestId('import-claims').click()
    const modal = page.getByTestId('claims-import-modal')
    // All stores selected: the dialog asks for the store before the file.
    await page.getByTestId('claims-import-store').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()
    const csv = [
      'order-id,kind,state,type,filed,amount,currency,info-requested,granted,amazon-refund,note',
      '112-1111111-1111111,atoz,info-requested,Item not received,2026-12-01T10:00:00Z,24.99,USD,2026-12-03T06:00:00Z,,,',
      '112-333,atoz,open,,,,,,,,',
      '112-5555555-5555555,atoz,open,,,12.345,USD,,,,'
    ].join('\n')
    await page
      .getByTestId('claims-import-dropzone')
      .locator('input[type=file]')
      .setInputFiles({ name: 'claims.csv', mimeType: 'text/csv', buffer: Buffer.from(csv + '\n') })
    const preview = modal.getByTestId('claims-import-preview')
    await preview.waitFor({ timeout: 30_000 })
    await expect.poll(() => modal.getByTestId('claims-preview-inserted').textContent()).toContain('1')
    await expect.poll(() => modal.getByTestId('claims-preview-rejected').textContent()).toContain('2')
    const bad = modal.getByTestId('claims-import-rejected').locator('tbody tr')
    await expect.poll(() => bad.count()).toBe(2)
    expect(await bad.nth(0).textContent()).toMatch(/^3order-id/)
    expect(await bad.nth(1).textContent()).toMatch(/^4amount/)
    await modal.getByTestId('claims-import-partial').waitFor()
    await app.shotSizes('deadlines-claims-import')
    // The preview wrote nothing.
    expect(ctx.services.orderClaims.list()).toEqual([])

    await modal.getByTestId('claims-import-commit').click()
    await modal.getByTestId('claims-import-commit').waitFor({ state: 'detached' })
    expect(ctx.services.orderClaims.list()).toEqual([
      expect.objectContaining({ storeId, amazonOrderId: '112-1111111-1111111', state: 'info-requested', source: 'csv' })
    ])
    const row = page.getByTestId('deadline-row').filter({ hasText: '112-1111111-1111111' })
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1)

    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByTestId('import-claims').click()
    await page.getByText('导入 A-to-z 和 SAFE-T 索赔（CSV）').waitFor()
    await app.shotSizes('deadlines-claims-import-zh')
  })

  it('records an A-to-z claim with the form: bad input is named, the claim is kept and its 48 h clock is listed', async () => {
    let storeId = ''
    app = await startApp({
      now: '2026-12-03T08:00:00.000Z',
      setup: async (ctx) => {
        storeId = (await ctx.services.stores.create(validStore)).id
      }
    })
    const { page, ctx } = app
    await app.goto('/deadlines')
    await page.getByRole('heading', { name: 'Deadlines' }).waitFor()
    await page.getByTestId('record-claim').click()
    const modal = page.getByTestId('record-claim-modal')
    await modal.getByText('Record an A-to-z or SAFE-T claim').waitFor()

    // All stores selected: the form asks for the store.
    await page.getByTestId('claim-store').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()
    await page.getByTestId('claim-order').fill('112-123')
    await page.getByTestId('claim-state').click()
    await page.getByRole('option', { name: 'Information requested' }).click()
    await page.getByTestId('claim-amount').fill('24.999')
    await page.getByTestId('claim-save').click()
    await modal.getByText('An Amazon order id like 112-1234567-1234567').waitFor()
    await modal.getByText('A number like 24.99, with no more decimals than the currency has').waitFor()
    await modal.getByText('Required for this state and claim').waitFor()
    await app.shotSizes('deadlines-claim-form')
    expect(ctx.services.orderClaims.list()).toEqual([])

    await page.getByTestId('claim-order').fill('112-1234567-7654321')
    await page.getByTestId('claim-type').fill('Item not received')
    await page.getByTestId('claim-filed').fill('2026-12-02T10:00')
    await page.getByTestId('claim-info-requested').fill('2026-12-03T06:00')
    await page.getByTestId('claim-amount').fill('24.99')
    await page.getByTestId('claim-save').click()
    await modal.getByTestId('claim-save').waitFor({ state: 'detached' })

    expect(ctx.services.orderClaims.list()).toEqual([
      expect.objectContaining({
        storeId,
        amazonOrderId: '112-1234567-7654321',
        kind: 'atoz',
        claimType: 'Item not received',
        state: 'info-requested',
        filedAt: '2026-12-02T10:00:00.000Z',
        infoRequestedAt: '2026-12-03T06:00:00.000Z',
        amountMinor: 2499,
        currency: 'USD',
        source: 'manual'
      })
    ])
    const row = page.getByTestId('deadline-row').filter({ hasText: 'Answer A-to-z information request' })
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => row.first().textContent()).toContain('112-1234567-7654321')
    const item = ctx.services.deadlines.list({ ruleIds: ['atoz.infoRequest'] }).items[0]
    expect(item).toMatchObject({ amazonOrderId: '112-1234567-7654321', dueAt: '2026-12-05T06:00:00.000Z' })

    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await page.getByTestId('record-claim').click()
    await page.getByText('记录 A-to-z 或 SAFE-T 索赔').waitFor()
    await app.shotSizes('deadlines-claim-form-zh')
  })
})
