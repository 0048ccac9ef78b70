/**
 * Small dead ends of the first day, in Chromium (browser mode): importing with no store offers to
 * create one; the order cancel dialog (and the confirm dialogs) close when the route changes; the
 * cancel dialog's dismiss button reads Close next to "Cancel 1 item" (en and zh-CN); a toast never
 * covers an open dialog; Sync now says what the sync did; at 1024×700 the holds' Accept / Decline
 * are on screen and the RMA status badges whole, and at 1366×768 the reimbursements' amount,
 * reason and order status columns are on screen without scrolling.
 */
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { SELLER } from '../integration/amazon/helpers'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'

const FIX = join(ROOT, 'test/fixtures')
let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const rows = (page: Page, testId: string) => page.locator(`[data-testid=${testId}] tbody tr:not(.mantine-datatable-empty-row)`)

/** The page itself does not scroll sideways (its content is no wider than the window). */
const pageScrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/**
 * Whether `el` is on screen without any sideways scrolling: inside the window and inside every
 * ancestor that clips its overflow (a table's own scroll area too), as it is scrolled now.
 */
const reachable = (el: Locator) =>
  el.evaluate((node) => {
    const r = node.getBoundingClientRect()
    if (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5) return false
    for (let p = node.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (s.overflowX === 'visible') continue
      const b = p.getBoundingClientRect()
      if (p.scrollLeft !== 0 || r.left < b.left - 0.5 || r.right > b.right + 0.5) return false
    }
    return true
  })

/** Whether an element's text is cut: wider (or taller) than its box, or ending in an ellipsis. */
const textCut = (el: Locator) =>
  el.evaluate((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight || (e.textContent ?? '').includes('…'))

/**
 * "Covered": some point of the dialog's box, as the user sees it, shows something other than the
 * dialog. Checks a grid of points over the dialog (where it is inside the window): the topmost
 * element at each must belong to the dialog, so no toast is painted over any part of it.
 */
const dialogCovered = (page: Page) =>
  page.evaluate(() => {
    const dialog = document.querySelector('.mantine-Modal-content')
    if (!dialog) throw new Error('no open dialog')
    const b = dialog.getBoundingClientRect()
    const right = Math.min(b.right, window.innerWidth) - 1
    const bottom = Math.min(b.bottom, window.innerHeight) - 1
    const covered: string[] = []
    for (let x = b.left + 1; x <= right; x += 12)
      for (let y = Math.max(b.top, 0) + 1; y <= bottom; y += 12) {
        const top = document.elementFromPoint(x, y)
        if (top && !dialog.contains(top)) covered.push(`${Math.round(x)},${Math.round(y)}: ${top.className}`)
      }
    return covered.slice(0, 5)
  })

describe.skipIf(!e2eAvailable)('dead ends', () => {
  it('importing with no store offers to create one, and the offer opens the store form', async () => {
    app = await startApp()
    const { page } = app

    // Every import dialog that asks for a store says why there is none and offers to create one.
    // Its import button says Import (not "Import 0 rows") while there is nothing to count yet.
    for (const [route, ready, dropzone, file, modal, confirm] of [
      ['/claims', 'claims-dropzone', 'claims-dropzone', 'claims/ledger.tsv', 'ledger-import-modal', 'ledger-import-confirm'],
      ['/costs', 'costs-dropzone', 'costs-dropzone', 'claims/costs.csv', 'costs-import-modal', 'costs-import-confirm'],
      [
        '/audits',
        'statements-empty',
        'statement-dropzone',
        'audits/acme-2026-09.csv',
        'statement-import-modal',
        'statement-import-confirm'
      ],
      ['/reimbursements', 'reimbursements-empty', 'reimbursements-dropzone', 'reimbursements/update.tsv', 'import-modal', 'import-confirm']
    ] as const) {
      await app.goto(route)
      await page.getByTestId(ready).waitFor() // the screen has settled (its empty state, where it has one)
      await page.getByTestId(dropzone).first().locator('input[type=file]').setInputFiles(join(FIX, file))
      await page.getByTestId(modal).getByTestId('no-store-offer').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId(confirm).textContent(), route).toMatch(/^Import(?! \d)/)
    }
    await app.shotSizes('dead-ends-no-store-import')
    // The deadlines' Import claims dialog too.
    await app.goto('/deadlines')
    await page.getByTestId('import-claims').click()
    await page.getByTestId('claims-import-modal').getByTestId('no-store-offer').waitFor()
    await page.keyboard.press('Escape')
    // The screens whose import button needs a store say it on the screen.
    for (const route of ['/holds', '/rmas']) {
      await app.goto(route)
      await page.getByTestId('no-store-offer').waitFor()
    }

    // The offer leads to the store form; a store made there ends the offer.
    await app.goto('/reimbursements')
    await page.getByTestId('reimbursements-empty').waitFor()
    await page
      .getByTestId('reimbursements-dropzone')
      .first()
      .locator('input[type=file]')
      .setInputFiles(join(FIX, 'reimbursements/update.tsv'))
    const offer = page.getByTestId('import-modal').getByTestId('no-store-offer')
    await offer.waitFor({ timeout: 30_000 })
    expect(await offer.textContent()).toContain('No store yet')
    await offer.getByTestId('no-store-create').click()
    await page.getByTestId('store-name').waitFor()
    await expect.poll(() => page.url()).toMatch(/#\/stores$/)
    expect(await page.getByTestId('import-modal').count()).toBe(0)
    await app.shot('dead-ends-no-store-form')
    await page.getByTestId('store-name').fill('Mugs US')
    await page.getByTestId('store-marketplaces').click()
    await page.getByTestId('store-marketplace-option').first().click()
    await page.keyboard.press('Escape')
    await page.getByTestId('store-save').click()
    await page.getByTestId('store-row').waitFor()
    await app.goto('/reimbursements')
    await page.getByTestId('reimbursements-empty').waitFor()
    await page
      .getByTestId('reimbursements-dropzone')
      .first()
      .locator('input[type=file]')
      .setInputFiles(join(FIX, 'reimbursements/update.tsv'))
    await page.getByTestId('import-store').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()
    await page.getByTestId('preview-new').waitFor()
    expect(await page.getByTestId('no-store-offer').count()).toBe(0)

    // In Chinese too.
    await page.keyboard.press('Escape')
    await app.ctx.services.stores.remove((await app.ctx.services.stores.list())[0]!.id)
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await app.goto('/claims')
    await page.getByTestId('claims-dropzone').first().locator('input[type=file]').setInputFiles(join(FIX, 'claims/ledger.tsv'))
    await page.getByTestId('ledger-import-modal').getByTestId('no-store-offer').waitFor()
    await app.shotSizes('dead-ends-no-store-import-zh')
  }, 180_000)

  it('the cancel dialog reads Close, sits above toasts, and closes when the route changes', async () => {
    app = await startApp({ amazon: true })
    const { page } = app
    const { emu, storeId } = app.amazon!
    const unshipped = emu.seller(SELLER.sellerId).orders.filter((o) => o.channel === 'MFN' && o.status === 'Unshipped')
    const one = unshipped.find((o) => o.items.length === 1 && o.items[0]!.quantity >= 1)!
    const other = unshipped.find((o) => o !== one)!
    expect(one).toBeTruthy()
    const title = page.getByTestId('order-title')
    const dialog = page.getByRole('dialog')

    // Order `other`, then order `one` (in-app, as a link would); the cancel dialog on `one`.
    await app.goto(`/orders/${storeId}/${other.id}`)
    await expect.poll(() => title.textContent()).toBe(other.id)
    await page.evaluate((h) => (location.hash = h), `#/orders/${storeId}/${one.id}`)
    await expect.poll(() => title.textContent()).toBe(one.id)
    await page.getByTestId('order-cancel').click()
    await page.getByTestId('cancel-reason').waitFor()
    // The dismiss button is Close, not a second "Cancel" next to "Cancel 1 item".
    const buttons = () => dialog.locator('.mantine-Button-root').allTextContents()
    await expect.poll(buttons).toEqual(['Close', 'Cancel 1 item'])

    // A toast raised while the dialog is open does not cover it, in either window size.
    app.ctx.services.events.emit('app.notify', {
      key: 'holds:notify.dueSoon',
      params: { orderId: one.id, store: 'Emu US', dueAt: new Date(Date.now() + 6 * 3600_000).toISOString(), reason: 'Ordered by mistake' },
      route: '#/holds'
    })
    const toast = page.locator('.mantine-Notification-root', { hasText: one.id })
    await toast.waitFor()
    for (const [width, height] of [
      [1366, 768],
      [1024, 700]
    ] as const) {
      await page.setViewportSize({ width, height })
      await expect.poll(() => dialogCovered(page), { timeout: 5_000 }).toEqual([])
      // The toast is still there to read, inside the window (once its slide-in is over).
      await expect
        .poll(async () => {
          const box = (await toast.boundingBox())!
          return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height
        })
        .toBe(true)
    }
    await app.shotSizes('dead-ends-cancel-dialog-toast')

    // Back (to the order seen before): the dialog is gone, it does not follow to another order.
    await page.goBack()
    await expect.poll(() => title.textContent()).toBe(other.id)
    await expect.poll(() => dialog.count()).toBe(0)
    await app.shot('dead-ends-cancel-dialog-back')
    // Forward again and open it; a link to another screen (a notification's) closes it too.
    await page.goForward()
    await expect.poll(() => title.textContent()).toBe(one.id)
    await page.getByTestId('order-cancel').click()
    await page.getByTestId('cancel-reason').waitFor()
    await page.evaluate(() => (location.hash = '#/holds'))
    await page.getByTestId('holds-tab-open').waitFor()
    await expect.poll(() => dialog.count()).toBe(0)
    // The confirm dialogs (one store's Remove) close on Back as well, and nothing was removed.
    await app.goto('/stores')
    await page.evaluate(() => (location.hash = '#/settings'))
    await page.evaluate(() => (location.hash = '#/stores'))
    await page.getByTestId(`store-remove-${storeId}`).click()
    await page.getByTestId('confirm-remove').waitFor()
    await page.goBack()
    await expect.poll(() => page.url()).toMatch(/#\/settings$/)
    await expect.poll(() => dialog.count()).toBe(0)
    expect((await app.ctx.services.stores.list()).map((s) => s.id)).toContain(storeId)

    // zh-CN: 关闭 next to 取消 1 个商品.
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await app.goto(`/orders/${storeId}/${one.id}`)
    await expect.poll(() => title.textContent()).toBe(one.id)
    await page.getByTestId('order-cancel').click()
    await page.getByTestId('cancel-reason').waitFor()
    await expect.poll(buttons).toEqual(['关闭', '取消 1 个商品'])
    await app.shotSizes('dead-ends-cancel-dialog-zh')
  }, 180_000)

  it('Sync now says what it did; holds, RMA badges and reimbursement columns fit small windows', async () => {
    app = await startApp({ amazon: true })
    const { page, ctx } = app
    const { emu, storeId } = app.amazon!
    const s = ctx.services

    // Sync now: the line says what the sync did, in words, once the job is done.
    await app.goto('/reimbursements')
    await page.getByTestId('store-switcher').click()
    await page.getByRole('option', { name: 'Emu US' }).click()
    await page.getByTestId('sync-line').getByRole('button', { name: 'Sync now' }).click()
    const outcome = page.getByTestId('sync-outcome')
    await outcome.waitFor({ timeout: 120_000 })
    const said = (await outcome.textContent())!
    expect(said).toMatch(/^Synced at \d\d:\d\d\s?[AP]M: [\d,]+ reimbursements? new or changed$/)
    const count = (s.sqlite.prepare('SELECT count(*) AS n FROM reimbursements WHERE store_id = ?').get(storeId) as { n: number }).n
    expect(count).toBeGreaterThan(0)
    expect(Number(/: ([\d,]+) /.exec(said)![1]!.replace(/,/g, ''))).toBeGreaterThanOrEqual(count)
    // The line and its Sync now button stay on screen in a small window, in both languages.
    const syncNow = page.getByTestId('sync-line').getByRole('button')
    for (const lang of ['en', 'zh-CN'] as const) {
      if (lang === 'zh-CN') {
        await page.getByTestId('language-switcher').click()
        await page.getByRole('option', { name: '简体中文' }).click()
        await expect.poll(() => outcome.textContent()).toMatch(/^已于 .+ 同步：[\d,]+ 条赔偿新增或变更$/)
      }
      for (const [width, height] of [
        [1366, 768],
        [1024, 700]
      ] as const) {
        await page.setViewportSize({ width, height })
        expect(await reachable(syncNow), `Sync now at ${width} (${lang})`).toBe(true)
        expect(await textCut(outcome)).toBe(false)
        expect(await pageScrollsSideways(page)).toBe(false)
      }
      await app.shotSizes(`dead-ends-sync-done-${lang}`)
    }
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: 'English' }).click()
    // Amazon out of reach: the line says the sync failed, and when.
    await emu.stop()
    await syncNow.click()
    await expect
      .poll(() => outcome.textContent(), { timeout: 120_000 })
      .toMatch(/^Reimbursements sync failed at \d\d:\d\d\s?[AP]M: 1 of 1 date ranges not synced; it will be tried again \(.+\)$/)
    await expect.poll(() => page.getByTestId('sync-line').textContent()).toContain('; 1 date range will be tried again')
    await page.setViewportSize({ width: 1024, height: 700 })
    expect(await reachable(syncNow)).toBe(true)
    await app.shotSizes('dead-ends-sync-failed')
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await expect.poll(() => outcome.textContent()).toMatch(/^赔偿同步于 .+ 失败：1 个日期区间中有 1 个未同步，将再次尝试（.+）$/)
    await app.shotSizes('dead-ends-sync-failed-zh')
    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: 'English' }).click()
    await emu.start()

    // 1366×768: amount, reason and order status on screen without scrolling the table or the page.
    await page.setViewportSize({ width: 1366, height: 768 })
    await expect.poll(() => rows(page, 'reimbursements-table').count()).toBeGreaterThan(0)
    for (const name of ['Amount total', 'Reason', 'Order status']) {
      const th = page.locator('[data-testid=reimbursements-table] thead th', { hasText: name }).first()
      expect(await reachable(th), name).toBe(true)
    }
    expect(await pageScrollsSideways(page)).toBe(false)

    // Buyer-cancel requests (as order sync records them) on two unshipped orders.
    const unshipped = emu.seller(SELLER.sellerId).orders.filter((o) => o.channel === 'MFN' && o.status === 'Unshipped')
    const now = new Date().toISOString()
    // As the demo has them: the longer reasons, one overdue and one with a few hours left.
    const H = 3600_000
    const requests = [
      ['Need to change shipping address', 50.5 * H],
      ['Found a better price', 42 * H],
      ['Order Created By Mistake', 0]
    ] as const
    for (const [i, o] of unshipped.slice(0, requests.length).entries()) {
      const [reason, ago] = requests[i]!
      const row = s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(o.id) as { id: string }
      s.sqlite.prepare("UPDATE orders SET local_status = 'On Hold' WHERE id = ?").run(row.id)
      s.sqlite
        .prepare(
          `INSERT INTO buyer_cancel_requests (store_id, order_id, order_item_ids, reason, requested_at, due_at, status, source, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'open', 'api', ?, ?)`
        )
        .run(
          storeId,
          row.id,
          JSON.stringify(o.items.map((i) => i.orderItemId)),
          reason,
          new Date(Date.now() - ago).toISOString(),
          new Date(Date.now() - ago + 48 * H).toISOString(),
          now,
          now
        )
    }
    await app.goto('/holds')
    await expect.poll(() => rows(page, 'holds-table').count()).toBe(requests.length)
    for (const [width, height] of [
      [1366, 768],
      [1024, 700]
    ] as const) {
      await page.setViewportSize({ width, height })
      for (const id of ['hold-accept', 'hold-decline'])
        for (const b of await page.getByTestId(id).all()) {
          expect(await reachable(b), `${id} at ${width}`).toBe(true)
          expect(await textCut(b.locator('.mantine-Button-label')), `${id}'s label at ${width}`).toBe(false)
        }
      expect(await pageScrollsSideways(page)).toBe(false)
    }
    await app.shotSizes('dead-ends-holds')

    // RMAs in every status, the long ones too (a refund being sent, one Amazon's answer is unknown).
    await s.rmas.importReport({ storeId, source: join(FIX, 'rmas/mfn-returns-rules.tsv'), fileName: 'returns.tsv', commit: true })
    await s.rmas.importReport({ storeId, source: join(FIX, 'rmas/mfn-returns-multi.xml'), fileName: 'returns.xml', commit: true })
    const rmas = s.sqlite.prepare('SELECT id, order_id AS orderId FROM rmas WHERE store_id = ? ORDER BY id').all(storeId) as {
      id: number
      orderId: string
    }[]
    expect(rmas.length).toBeGreaterThanOrEqual(3)
    const setStatus = s.sqlite.prepare('UPDATE rmas SET status = ? WHERE id = ?')
    const refundEntry = s.sqlite.prepare(
      `INSERT INTO queue_entries (store_id, order_id, kind, status, reason, lines, source, rma_id, queued, created_at, updated_at)
       VALUES (?, ?, 'refund', ?, 'CustomerReturn', '[]', 'rma', ?, 0, ?, ?)`
    )
    setStatus.run('Refunded', rmas[0]!.id)
    refundEntry.run(storeId, rmas[0]!.orderId, 'uncertain', rmas[0]!.id, now, now)
    setStatus.run('Refunded', rmas[1]!.id)
    refundEntry.run(storeId, rmas[1]!.orderId, 'batched', rmas[1]!.id, now, now)
    setStatus.run('Received', rmas[2]!.id)
    s.events.emit('data.changed', { domains: ['rmas'] })
    await app.goto('/rmas')
    await expect.poll(() => rows(page, 'rma-table').count()).toBe(rmas.length)
    const badges = page.getByTestId('rma-table').getByTestId('rma-status')
    /** Each badge's label: its text, and whether it is cut (wider than its box, or an ellipsis). */
    const cut = () =>
      badges.evaluateAll((els) =>
        els.map((b) => {
          const label = (b.querySelector('.mantine-Badge-label') ?? b) as HTMLElement
          return { text: label.textContent, cut: label.scrollWidth > label.clientWidth || (label.textContent ?? '').includes('…') }
        })
      )
    for (const lang of ['en', 'zh-CN'] as const) {
      if (lang === 'zh-CN') {
        await page.getByTestId('language-switcher').click()
        await page.getByRole('option', { name: '简体中文' }).click()
        await page.getByText('退款状态未知').first().waitFor()
      }
      await page.setViewportSize({ width: 1024, height: 700 })
      const seen = await cut()
      expect(seen.map((x) => x.text)).toEqual(
        expect.arrayContaining(
          lang === 'en' ? ['Refund uncertain', 'Refund being sent', 'Received'] : ['退款状态未知', '退款发送中', '已收货']
        )
      )
      expect(seen.filter((x) => x.cut)).toEqual([])
      // The table does not run past the window: its last column is on screen without scrolling.
      expect(await reachable(page.locator('[data-testid=rma-table] thead th').last()), `last RMA column (${lang})`).toBe(true)
      await app.shotSizes(`dead-ends-rmas-${lang}`)
    }
  }, 240_000)
})
