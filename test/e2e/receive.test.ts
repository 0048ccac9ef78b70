/**
 * The Receive screen in Chromium (browser mode), driven as a barcode scanner drives it: fast
 * keystrokes ending with Enter, then a key and Enter; no mouse. Each kind of code, several
 * matches, over-receipt, already received, not found → unexpected return, and no network.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'
import { BENCH, makeRefundable, seedBench } from '../integration/rmas/bench-helpers'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const status = (page: Page) => page.getByTestId('receive-status')

/** What a scanner does: the code typed fast, then Enter. Resolves with the status the line produced. */
async function scan(page: Page, code: string): Promise<{ status: string; sound: string }> {
  const before = Number(await status(page).getAttribute('data-seq'))
  await page.keyboard.type(code, { delay: 5 })
  await page.keyboard.press('Enter')
  await expect.poll(async () => Number(await status(page).getAttribute('data-seq'))).toBeGreaterThan(before)
  return { status: (await status(page).getAttribute('data-status'))!, sound: (await status(page).getAttribute('data-sound'))! }
}
const key = scan // a key and Enter: the same keystrokes, one character

describe.skipIf(!e2eAvailable)('Receive screen (scanner, keyboard only)', () => {
  it('receives by each kind of code, chooses among several RMAs, refuses over-receipt, records an unexpected return', async () => {
    let storeId = ''
    let ids: Awaited<ReturnType<typeof seedBench>> | undefined
    app = await startApp({
      now: '2026-11-22T10:00:00.000Z',
      setup: async (ctx) => {
        storeId = (await ctx.services.stores.create(validStore)).id
        ids = await seedBench(ctx, storeId)
      }
    })
    const { page } = app
    await app.goto('/receive')
    await page.getByTestId('receive-session-empty').waitFor()
    // The scan field has the focus on arrival: nothing to click.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('receive-input')
    await app.shotSizes('receive-empty')

    // A SKU on two open RMAs: both, numbered; 2 + Enter chooses the second, and the scan counts one unit on it.
    expect(await scan(page, BENCH.mugs.sku)).toEqual({ status: 'choose', sound: 'found' })
    expect(await page.getByTestId('receive-match').evaluateAll((els) => els.map((e) => e.getAttribute('data-rma')))).toEqual([
      'BenchRMA003',
      'BenchRMA001'
    ])
    await app.shotSizes('receive-matches')
    expect(await key(page, '7')).toEqual({ status: 'noChoice', sound: 'error' })
    expect(await key(page, '2')).toEqual({ status: 'counted', sound: 'found' })
    expect(await page.getByTestId('receive-count-MUG-RED').textContent()).toBe('1 / 2')
    // Scanning the product again counts; once more is more than the RMA: refused, not counted.
    expect(await scan(page, BENCH.mugs.sku)).toEqual({ status: 'counted', sound: 'counted' })
    expect(await page.getByTestId('receive-count-MUG-RED').textContent()).toBe('2 / 2')
    expect(await scan(page, BENCH.mugs.sku)).toEqual({ status: 'over', sound: 'over' })
    expect(await page.getByTestId('receive-count-MUG-RED').textContent()).toBe('2 / 2')
    await app.shot('receive-over')
    expect(await key(page, 's')).toMatchObject({ status: 'received', sound: 'received' })
    await expect.poll(() => page.getByTestId('receive-session-row').count()).toBe(1)

    // The label's tracking number (inside a longer USPS label barcode) of the received RMA: already received.
    expect(await scan(page, `42090210${BENCH.mugs.tracking}`)).toEqual({ status: 'alreadyReceived', sound: 'alreadyReceived' })
    // The other mug's label: found by tracking; D + Enter receives every expected unit.
    expect(await scan(page, BENCH.mug2.tracking)).toEqual({ status: 'found', sound: 'found' })
    expect(await key(page, 'd')).toMatchObject({ status: 'received' })
    // Now the mug's ASIN names only received RMAs.
    expect(await scan(page, BENCH.mugs.asin)).toEqual({ status: 'alreadyReceived', sound: 'alreadyReceived' })
    // One more mug than any RMA announced: recorded as an unexpected return with what was scanned.
    expect(await key(page, 's')).toEqual({ status: 'unexpectedRecorded', sound: 'received' })

    // Amazon's RMA ID, then the product's FNSKU counts it; F + Enter: defective.
    expect(await scan(page, BENCH.spoons.rma)).toEqual({ status: 'found', sound: 'found' })
    expect(await scan(page, BENCH.spoonFnsku)).toEqual({ status: 'counted', sound: 'counted' })
    expect(await key(page, 'f')).toMatchObject({ status: 'received' })

    // The order id finds the lamp; Esc starts over; the catalog's ASIN finds and counts it.
    expect(await scan(page, BENCH.lamp.order)).toEqual({ status: 'found', sound: 'found' })
    await page.keyboard.press('Escape')
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('ready')
    expect(await page.getByTestId('receive-match').count()).toBe(0)
    expect(await scan(page, BENCH.lampCatalogAsin)).toEqual({ status: 'counted', sound: 'found' })
    expect(await key(page, 'S')).toMatchObject({ status: 'received' })

    // A parcel nobody announced: its label and its product, both unknown; D + Enter records it for follow-up.
    expect(await key(page, 's')).toEqual({ status: 'needScan', sound: 'error' })
    expect(await scan(page, '1ZUNEXPECTED0001')).toEqual({ status: 'notFound', sound: 'notFound' })
    expect(await scan(page, 'MYSTERY-SKU-9')).toEqual({ status: 'notFound', sound: 'notFound' })
    expect(await key(page, 'd')).toEqual({ status: 'unexpectedRecorded', sound: 'received' })
    await expect.poll(() => page.getByTestId('receive-session-row').count()).toBe(6)
    await app.shotSizes('receive-session')

    // Every receipt is recorded with its time and condition (and the code that found it).
    const s = app.ctx.services
    const receipts = s.rmas.receipts({ limit: 50 }).reverse()
    expect(receipts.map((r) => [r.orderSourceRmaId, r.sku, r.quantity, r.condition, r.via, r.scannedCode, r.receivedAt])).toEqual([
      ['BenchRMA001', 'MUG-RED', 2, 'sellable', 'scan', 'MUG-RED', '2026-11-22T10:00:00.000Z'],
      ['BenchRMA003', 'MUG-RED', 1, 'damaged', 'scan', BENCH.mug2.tracking, '2026-11-22T10:00:00.000Z'],
      ['BenchRMA002', 'SPOON-SET', 1, 'defective', 'scan', BENCH.spoons.rma, '2026-11-22T10:00:00.000Z'],
      ['BenchRMA004', 'LAMP-1', 1, 'sellable', 'scan', BENCH.lampCatalogAsin, '2026-11-22T10:00:00.000Z']
    ])
    for (const id of Object.values(ids!)) expect(s.rmas.get(id).status).toBe('Received')
    expect(s.rmas.unexpectedList({ limit: 10 })).toMatchObject([
      {
        storeId: null,
        code: '1ZUNEXPECTED0001',
        codes: ['1ZUNEXPECTED0001', 'MYSTERY-SKU-9'],
        quantity: 1,
        condition: 'damaged',
        status: 'open'
      },
      { storeId: null, code: BENCH.mugs.asin, codes: [BENCH.mugs.asin], quantity: 1, condition: 'sellable', status: 'open' }
    ])
    // The mouse was never used, and the scan field still has the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('receive-input')
  }, 120_000)

  it('in Chinese: the same screen and words', async () => {
    app = await startApp({
      setup: async (ctx) => {
        await seedBench(ctx, (await ctx.services.stores.create(validStore)).id)
      }
    })
    const { page } = app
    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await app.goto('/receive')
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]')
    await page.getByText('退货收货').first().waitFor()
    await app.shotSizes('receive-empty-zh-CN')
    expect(await scan(page, BENCH.mugs.sku)).toEqual({ status: 'choose', sound: 'found' })
    expect(await status(page).textContent()).toContain('匹配到多个 RMA')
    await app.shotSizes('receive-matches-zh-CN')
  }, 60_000)

  it('with no network: receives, and with "refund on receipt" queues the refund (never sends it)', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const s = ctx.services
    const ids = await seedBench(ctx, storeId)
    makeRefundable(ctx, ids.mugs)
    s.stores.updateSettings(storeId, { queueRefundsAndCancellations: true, refundOnReceipt: true })
    // Amazon is unreachable: the app says so.
    await emu.stop()
    await s.network.check()
    await page.evaluate((id) => localStorage.setItem('sbo.store', id), storeId)
    await app.goto('/receive')
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]')
    await expect.poll(() => page.getByTestId('network-indicator').getAttribute('data-online')).toBe('false')

    expect(await scan(page, BENCH.mugs.rma)).toEqual({ status: 'found', sound: 'found' })
    expect(await key(page, 's')).toEqual({ status: 'received', sound: 'received' })
    expect(await status(page).textContent()).toMatch(/Refund request #\d+ added to the refund queue/)
    await app.shot('receive-offline-refund-queued')
    const entries = s.rmas.get(ids.mugs).refunds
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ status: 'queued', batchId: null, feedId: null })
    // A refund that can't be issued (the lamp's order was never synced): the receipt stands, the screen says why.
    expect(await scan(page, BENCH.lamp.tracking)).toEqual({ status: 'found', sound: 'found' })
    expect(await key(page, 'd')).toEqual({ status: 'received', sound: 'error' })
    expect(await status(page).textContent()).toMatch(/The refund was not queued: .*sync orders/)
    expect(s.rmas.get(ids.lamp).status).toBe('Received')
    expect(await page.getByTestId('network-indicator').getAttribute('data-online')).toBe('false')

    // The setting on the store settings screen: on, and greyed out without the queue.
    await app.goto('/settings')
    const setting = page.getByTestId('setting-refundOnReceipt')
    await expect.poll(() => setting.isChecked()).toBe(true)
    await app.shot('settings-refund-on-receipt')
    s.stores.updateSettings(storeId, { queueRefundsAndCancellations: false })
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]')
    await expect.poll(() => setting.isDisabled()).toBe(true)
    expect(await setting.isChecked()).toBe(false)
  }, 120_000)
})
