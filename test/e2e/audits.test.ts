/**
 * Audits and manufacturing costs in Chromium (browser mode): the empty states; costs imported
 * from a CSV with a preview and one added by hand; a service's statement dropped, its columns
 * mapped, previewed (lines, disputed, bad lines) and imported; the disputed lines filtered by
 * kind with the fees at stake; the reimbursements paid below cost. Screenshots in en and zh-CN at
 * 1366×768 and 1024×700.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'

const FIX = join(ROOT, 'test/fixtures/audits')
const NOW = '2026-12-03T10:00:00.000Z'
let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

async function dropFile(a: App, testId: string, file: string) {
  const content = readFileSync(join(FIX, file), 'latin1')
  const dt = await a.page.evaluateHandle(
    ({ name, content }) => {
      const bytes = Uint8Array.from(content, (c) => c.charCodeAt(0))
      const d = new DataTransfer()
      d.items.add(new File([bytes], name, { type: 'text/csv' }))
      return d
    },
    { name: file, content }
  )
  const zone = a.page.getByTestId(testId).first()
  await zone.dispatchEvent('dragenter', { dataTransfer: dt })
  await zone.dispatchEvent('drop', { dataTransfer: dt })
}
const stat = async (a: App, testId: string) => (await a.page.getByTestId(testId).locator('p').first().textContent())?.trim() ?? ''
const rows = (a: App, table: string) => a.page.locator(`[data-testid=${table}] tbody tr:not(.mantine-datatable-empty-row)`)
async function pick(a: App, testId: string, option: string) {
  await a.page.getByTestId(testId).click()
  await a.page.getByRole('option', { name: option, exact: true }).click()
}

describe.skipIf(!e2eAvailable)('Audits and Costs screens', () => {
  it('empty: the import on each screen', { timeout: 180_000 }, async () => {
    app = await startApp({ now: NOW, setup: async (ctx) => void (await ctx.services.stores.create(validStore)) })
    const { page } = app
    await app.goto('/audits')
    await page.getByTestId('statements-empty').waitFor()
    await app.shotSizes('audits-empty')
    await page.getByTestId('audits-tab-below-cost').click()
    await page.getByTestId('below-cost-empty').waitFor()
    await app.shotSizes('audits-below-cost-empty')
    await page.getByTestId('nav-costs').click()
    await page.getByTestId('costs-empty').waitFor()
    await page.getByTestId('costs-dropzone').waitFor()
    await app.shotSizes('costs-empty')
    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await page.reload()
    await page.getByTestId('costs-empty').waitFor()
    await expect.poll(() => page.getByTestId('nav-costs').textContent()).toBe('生产成本')
    await app.shotSizes('costs-empty-zh')
    await page.getByTestId('nav-audits').click()
    await page.getByTestId('statements-empty').waitFor()
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('审计')
    await app.shotSizes('audits-empty-zh')
  })

  it('costs imported and added; a statement mapped, previewed, imported and filtered; paid below cost', { timeout: 300_000 }, async () => {
    app = await startApp({
      now: NOW,
      setup: async (ctx) => {
        const store = await ctx.services.stores.create(validStore)
        await ctx.dispatch('reimbursements.import', {
          storeId: store.id,
          fileId: ctx.services.files.register(join(FIX, 'reimbursements.tsv')).id
        })
      }
    })
    const { page } = app
    await app.goto('/costs')
    await page.getByTestId('costs-empty').waitFor()
    await page.getByTestId('store-switcher').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()

    // Costs: the CSV with a preview, then one by hand.
    await dropFile(app, 'costs-dropzone', 'costs.csv')
    await page.getByTestId('costs-import-confirm').waitFor()
    await expect.poll(() => stat(app!, 'costs-preview-new')).toBe('7')
    await app.shot('costs-preview')
    await page.getByTestId('costs-import-confirm').click()
    await page.getByTestId('costs-import-confirm').waitFor({ state: 'detached' })
    await expect.poll(() => rows(app!, 'costs-table').count()).toBe(7)
    await page.getByTestId('cost-add').click()
    await page.getByTestId('cost-sku').fill('MUG-NEW')
    await page.getByTestId('cost-amount').fill('4.255')
    await expect.poll(() => page.getByTestId('cost-save').isDisabled()).toBe(true)
    await page.getByTestId('cost-amount').fill('4.25')
    await page.getByTestId('cost-from').fill('2026-12-01')
    await page.getByTestId('cost-save').click()
    await page.getByTestId('cost-modal').waitFor({ state: 'detached' })
    await expect.poll(() => rows(app!, 'costs-table').count()).toBe(8)
    expect(await rows(app, 'costs-table').filter({ hasText: 'MUG-NEW' }).textContent()).toContain('$4.25')
    await app.shotSizes('costs')

    // A statement: the guessed mapping lacks the id and currency columns; mapped, previewed, imported.
    await page.getByTestId('nav-audits').click()
    await page.getByTestId('statements-empty').waitFor()
    await dropFile(app, 'statement-dropzone', 'acme-2026-09.csv')
    await page.getByTestId('statement-service').fill('Acme Recovery')
    await page.getByTestId('statement-missing').waitFor()
    await pick(app, 'statement-map-caseId', 'Case #')
    await pick(app, 'statement-map-reimbursementId', 'Reimb. ID')
    await pick(app, 'statement-map-currency', 'Cur')
    await page.getByTestId('statement-missing').waitFor({ state: 'detached' })
    await expect.poll(() => stat(app!, 'statement-preview-lines')).toBe('8')
    expect(await stat(app, 'statement-preview-disputed')).toBe('5')
    expect(await stat(app, 'statement-preview-bad')).toBe('2')
    expect(await page.getByTestId('statement-preview-bad-rows').textContent()).toContain('Our fee')
    await app.shot('audits-statement-mapping')
    await page.getByTestId('statement-import-confirm').click()
    await page.getByTestId('statement-import-confirm').waitFor({ state: 'detached' })

    await expect.poll(() => rows(app!, 'statement-lines').count()).toBe(5)
    expect(await page.getByTestId('statement-at-stake-USD').textContent()).toBe('$33.25')
    expect(await page.getByTestId('statement-at-stake-EUR').textContent()).toBe('€3.00')
    expect(await rows(app, 'statement-lines').filter({ hasText: '6999999999' }).textContent()).toContain('Not found')
    await page
      .locator('label')
      .filter({ hasText: /^Charged twice \(1\)$/ })
      .click()
    await expect.poll(() => rows(app!, 'statement-lines').count()).toBe(1)
    expect(await rows(app, 'statement-lines').first().textContent()).toContain('first charged on line 6 of acme-2026-09.csv')
    await page
      .locator('label')
      .filter({ hasText: /^Charged twice \(1\)$/ })
      .click()
    await expect.poll(() => rows(app!, 'statement-lines').count()).toBe(5)
    await app.shotSizes('audits-statement')

    await page.getByTestId('audits-tab-below-cost').click()
    await expect.poll(() => rows(app!, 'below-cost-table').count()).toBe(3)
    expect(await page.getByTestId('below-cost-total-USD').textContent()).toBe('$5.00')
    expect(await rows(app, 'below-cost-table').first().textContent()).toContain('Lost in an Amazon warehouse')
    await app.shotSizes('audits-below-cost')

    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await page.reload()
    await page.getByTestId('audits-tab-statements').waitFor()
    await expect.poll(() => rows(app!, 'statement-lines').count()).toBe(5)
    expect(await rows(app, 'statement-lines').filter({ hasText: '6999999999' }).textContent()).toContain('查无此赔付')
    await app.shotSizes('audits-statement-zh')
    await page.getByTestId('audits-tab-below-cost').click()
    await expect.poll(() => rows(app!, 'below-cost-table').count()).toBe(3)
    await app.shotSizes('audits-below-cost-zh')
    await page.getByTestId('nav-costs').click()
    await expect.poll(() => rows(app!, 'costs-table').count()).toBe(8)
    await app.shotSizes('costs-zh')
  })
})
