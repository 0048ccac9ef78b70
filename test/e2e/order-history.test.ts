/**
 * The order history in Chinese (issue 7): after a split, a cancellation of the split (queued),
 * its rejection, a refund and its rejection — and one row written before history codes existed —
 * the order page's history in zh-CN shows no English sentence of ours and no raw event code.
 * Photographed at 1366×768 and 1024×700, en and zh-CN (test/e2e/screenshots/order-history-*).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Our English history sentences and event codes (what the back end stores in `detail` and `event`). */
const ENGLISH = [
  /\b[a-z]{3,}\b/, // any lowercase English word: notes below are in Chinese, SKUs and ids are not lowercase words
  /request #\d/i,
  /->/,
  /\bunit\(s\)/,
  /Order created|Refund requested|Cancellation requested|Split|Synced|Order details/
]

describe.skipIf(!e2eAvailable)('order history in Chinese', () => {
  it('shows every history line of an order in Chinese words', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const call = async (channel: string, input: unknown) => {
      const r = await ctx.dispatch(channel, input)
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
      return r.data as { entry: { id: number } }
    }
    ctx.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
    const orders = emu.seller('A2TESTSELLER01').orders.filter((o) => o.channel === 'MFN')
    const unshipped = orders.find((o) => o.status === 'Unshipped' && o.items.length >= 2)!
    const shipped = orders.find((o) => o.status === 'Shipped' && o.items.every((i) => i.refundedMinor === 0))!

    // Split one item off, cancel the split (queued), reject that cancellation.
    const first = unshipped.items[0]!
    await call('orders.split', { storeId, amazonOrderId: unshipped.id, lines: [{ orderItemId: first.orderItemId, quantity: 1 }] })
    const split = ctx.services.sqlite.prepare("SELECT id FROM order_splits WHERE status = 'open' ORDER BY id DESC").pluck().get() as number
    const cancel = await call('orders.cancel', { storeId, amazonOrderId: unshipped.id, reason: 'NoInventory', splitId: split })
    await call('queue.reject', { kind: 'cancel', selection: { ids: [cancel.entry.id] }, reason: '买家改主意了' })
    // A line written before history codes: only its English sentence.
    const orderId = ctx.services.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').pluck().get(unshipped.id) as string
    ctx.services.sqlite
      .prepare("INSERT INTO order_history (order_id, event, detail, at) VALUES (?, 'cancel-retried', ?, ?)")
      .run(orderId, `cancellation request #${cancel.entry.id} sent again`, new Date().toISOString())
    // A refund of the shipped order, rejected.
    const item = shipped.items[0]!
    const refund = await call('orders.refund', {
      storeId,
      amazonOrderId: shipped.id,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: item.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: 100 }] }]
    })
    await call('queue.reject', { kind: 'refund', selection: { ids: [refund.entry.id] }, reason: '金额不对' })

    const shots = async (name: string) => {
      const history = page.getByTestId('order-history')
      for (const [width, height] of [
        [1366, 768],
        [1024, 700]
      ] as const) {
        await page.setViewportSize({ width, height })
        await history.scrollIntoViewIfNeeded()
        await app!.shot(`${name}-${width}x${height}`)
      }
    }
    // In English first: the same lines, worded from their codes (photographed to compare).
    await app.goto(`/orders/${encodeURIComponent(storeId)}/${encodeURIComponent(unshipped.id)}`)
    await expect.poll(() => page.getByTestId('order-history').innerText()).toMatch(/Cancellation request #\d+ rejected: 买家改主意了/)
    await shots('order-history-en')

    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await page.reload()
    await page.waitForSelector('html[data-app-state="ready"]', { timeout: 60_000 })
    const lineCount = (amazonOrderId: string) =>
      ctx.services.sqlite
        .prepare('SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.amazon_order_id = ?')
        .pluck()
        .get(amazonOrderId) as number
    for (const [o, words] of [
      [unshipped.id, /取消请求 #\d+/],
      [shipped.id, /退款请求 #\d+/]
    ] as const) {
      const lines = lineCount(o)
      expect(lines).toBeGreaterThanOrEqual(2)
      await app.goto(`/orders/${encodeURIComponent(storeId)}/${encodeURIComponent(o)}`)
      const history = page.getByTestId('order-history')
      await history.waitFor()
      await expect.poll(() => history.locator('.mantine-Timeline-item').count(), { timeout: 30_000 }).toBe(lines)
      const text = await history.innerText()
      const english = text.split('\n').filter((l) => ENGLISH.some((re) => re.test(l)))
      expect(english, text).toEqual([])
      expect(text).toMatch(words)
      if (o === unshipped.id) await shots('order-history-zh')
    }
  })
})
