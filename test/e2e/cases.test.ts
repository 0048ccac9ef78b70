/**
 * Cases in Chromium (browser mode), #16: a finding on the Claims screen → "Create case" → the
 * case's English text and an evidence file dropped → filed with Amazon's Case ID → a
 * reimbursements report naming that Case ID imported on the Reimbursements screen → the case is
 * paid by itself, with the payment and its timeline; the order page's timeline. Screenshots in en
 * and zh-CN at 1366×768 and 1024×700.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'

const CLAIMS = join(ROOT, 'test/fixtures/claims')
const FIX = join(ROOT, 'test/fixtures/cases')
const NOW = '2026-12-03T12:00:00.000Z'
let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})
const claimRows = (a: App) => a.page.locator('[data-testid=claims-table] tbody tr:not(.mantine-datatable-empty-row)')
const caseRows = (a: App) => a.page.locator('[data-testid=cases-table] tbody tr:not(.mantine-datatable-empty-row)')

describe.skipIf(!e2eAvailable)('Cases screen', () => {
  it('goes from a finding to a case, files it, and sees it paid when the reimbursement arrives', { timeout: 300_000 }, async () => {
    app = await startApp({
      now: NOW,
      setup: async (ctx) => {
        const store = await ctx.services.stores.create(validStore)
        const stage = (dir: string, name: string) => ctx.services.files.register(join(dir, name)).id
        await ctx.dispatch('claims.importLedger', { storeId: store.id, fileId: stage(CLAIMS, 'ledger.tsv') })
        await ctx.dispatch('reimbursements.import', { storeId: store.id, fileId: stage(CLAIMS, 'reimbursements.tsv') })
        // The order of the customer-return reimbursement, as a report would have made it (minimal record).
        ctx.services.orders.bulkMinimal(store.id, NOW).insertMinimal(randomUUID(), '113-0000003-0000003', '2026-08-01T00:00:00.000Z')
      }
    })
    const { page } = app
    await page.getByTestId('store-switcher').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()
    await page.getByTestId('nav-claims').click()
    await page.getByTestId('claims-table').waitFor()
    await expect.poll(() => claimRows(app!).count(), { timeout: 30_000 }).toBe(5) // four open findings and one Amazon already reimbursed

    // Select the lost mug's finding and create a case from it.
    await claimRows(app).filter({ hasText: 'MUG-LOST' }).locator('input[type=checkbox]').check()
    await page.getByTestId('create-case').click()
    await page.getByTestId('case-text').waitFor()
    await expect.poll(() => page.getByTestId('case-text').textContent()).toContain('FNSKU: X00LOST001')
    const text = (await page.getByTestId('case-text').textContent()) ?? ''
    expect(text).toContain('ASIN: B0LOST0001')
    expect(text).toContain('reference ID 9000000001')
    expect(await page.getByTestId('case-state').first().textContent()).toBe('Draft')

    // Evidence: a file dropped (staged like imports, stored in main).
    await page.getByTestId('case-evidence-dropzone').locator('input[type=file]').setInputFiles(join(FIX, 'invoice.txt'))
    await expect.poll(() => page.getByTestId('case-evidence').textContent(), { timeout: 20_000 }).toContain('invoice.txt')
    await app.shot('case-draft')

    // Filed: Amazon's Case ID.
    await page.getByTestId('case-to-filed').click()
    await page.getByTestId('case-file-id').fill('17100000001')
    await page.getByTestId('case-file-save').click()
    await expect.poll(() => page.getByTestId('case-state').first().textContent()).toBe('Filed')
    expect(await page.getByTestId('case-amazon-id').textContent()).toContain('17100000001')
    await app.shotSizes('case-drawer')
    await page.keyboard.press('Escape')

    // The Claims screen shows the finding's case state.
    await page.getByTestId('nav-claims').click()
    await expect.poll(() => claimRows(app!).filter({ hasText: 'MUG-LOST' }).getByTestId('finding-case').textContent()).toBe('Filed')
    await app.shotSizes('claims-with-case')

    // Amazon pays: the reimbursements report with that Case ID, imported on its screen.
    await page.getByTestId('nav-reimbursements').click()
    await page.getByTestId('reimbursements-dropzone').first().locator('input[type=file]').setInputFiles(join(FIX, 'paid.tsv'))
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-confirm').waitFor({ state: 'detached', timeout: 30_000 })

    await page.getByTestId('nav-cases').click()
    await page.getByTestId('cases-table').waitFor()
    await expect.poll(() => caseRows(app!).first().textContent(), { timeout: 30_000 }).toContain('Paid')
    await caseRows(app).first().click()
    await expect.poll(() => page.getByTestId('case-payments').textContent()).toContain('6000000001')
    expect(await page.getByTestId('case-payments').textContent()).toContain('by Case ID')
    expect(await page.getByTestId('case-paid').textContent()).toContain('$12.34')
    const events = (await page.getByTestId('case-events').textContent()) ?? ''
    expect(events).toContain('automatically, from a reimbursement')
    await app.shot('case-paid')
    await page.keyboard.press('Escape')
    await app.shotSizes('cases')

    // The order page's timeline: the customer-return reimbursement of its order.
    await app.goto(`/orders/${(await app.ctx.services.stores.list())[0]!.id}/113-0000003-0000003`)
    await expect.poll(() => page.getByTestId('order-timeline').textContent(), { timeout: 20_000 }).toContain('5000000004')
    await page.getByTestId('order-timeline').scrollIntoViewIfNeeded()
    await app.shot('order-timeline')

    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await app.goto('/cases?case=1')
    await page.reload()
    await page.getByTestId('case-text').waitFor()
    await expect.poll(() => page.getByTestId('nav-cases').textContent()).toBe('案例')
    await expect.poll(() => page.getByTestId('case-state').first().textContent()).toBe('已赔付')
    await app.shotSizes('case-drawer-zh')
    await page.keyboard.press('Escape')
    await app.shotSizes('cases-zh')
  })
})
