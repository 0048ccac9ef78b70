/**
 * Claims in Chromium (browser mode): the empty state, a ledger dropped with a preview (and removal
 * reports through the same drop zone, the preview naming the report), findings by
 * status soonest deadline first, totals per currency, a finding's evidence lines and its facts
 * for Seller Central; screenshots in en and zh-CN at 1366×768 and 1024×700.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'

const FIX = join(ROOT, 'test/fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
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
      d.items.add(new File([bytes], name, { type: 'text/tab-separated-values' }))
      return d
    },
    { name: file, content }
  )
  const zone = a.page.getByTestId(testId).first()
  await zone.dispatchEvent('dragenter', { dataTransfer: dt })
  await zone.dispatchEvent('drop', { dataTransfer: dt })
}
const stat = async (a: App, testId: string) => (await a.page.getByTestId(testId).locator('p').first().textContent())?.trim() ?? ''
const rows = (a: App) => a.page.locator('[data-testid=claims-table] tbody tr:not(.mantine-datatable-empty-row)')

describe.skipIf(!e2eAvailable)('Claims screen', () => {
  it(
    'imports a ledger with a preview, lists findings by deadline with totals, and shows a finding with its source lines',
    { timeout: 240_000 },
    async () => {
      app = await startApp({
        now: NOW,
        setup: async (ctx) => {
          const store = await ctx.services.stores.create(validStore)
          const stage = (name: string) => ctx.services.files.register(join(FIX, name)).id
          await ctx.dispatch('reimbursements.import', { storeId: store.id, fileId: stage('reimbursements.tsv') })
          await ctx.dispatch('rmas.import', { storeId: store.id, fileId: stage('fba-returns.tsv') })
          ctx.services.claims.recordRefunds(store.id, [
            {
              amazonOrderId: '113-0000002-0000002',
              sku: 'MUG-RWR',
              quantity: 2,
              refundedAt: '2026-09-01T00:00:00.000Z',
              amount: { amountMinor: 5000, currency: 'USD' },
              source: 'finances',
              sourceRef: 'tx-2',
              marketplaceId: 'ATVPDKIKX0DER'
            }
          ])
        }
      })
      const { page } = app
      await page.getByTestId('nav-claims').click()
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Claims')
      // The refund finding is there before the ledger: the table, not the empty state.
      await page.getByTestId('claims-table').waitFor()
      await expect.poll(() => rows(app!).count()).toBe(1)

      // Drop the ledger: the preview counts new and bad rows and the quantities per reason.
      await page.getByTestId('store-switcher').click()
      await page.getByRole('option', { name: 'Mugs US' }).click()
      await dropFile(app, 'claims-dropzone', 'ledger.tsv')
      await page.getByTestId('ledger-import-confirm').waitFor()
      await expect.poll(() => stat(app!, 'ledger-preview-new')).toBe('8')
      expect(await stat(app, 'ledger-preview-bad')).toBe('1')
      expect(await page.getByTestId('ledger-preview-quantities').textContent()).toContain('M — misplaced')
      expect(await page.getByTestId('ledger-preview-bad-rows').textContent()).toContain("Quantity 'abc' is not a whole number")
      await app.shot('claims-preview')
      await page.getByTestId('ledger-import-confirm').click()
      await page.getByTestId('ledger-import-confirm').waitFor({ state: 'detached' })

      // Soonest deadline first; open totals per currency (the loss Amazon reimbursed is listed, not counted).
      await expect.poll(() => rows(app!).count()).toBe(6)
      const first = await rows(app).first().textContent()
      expect(first).toContain('Expired')
      expect(first).toContain('MUG-OLD')
      expect(await rows(app).nth(1).textContent()).toContain('Expires soon')
      expect(await page.getByTestId('claims-total-USD').textContent()).toBe('$37.34')
      expect(await page.getByTestId('claims-total-GBP').textContent()).toBe('£8.00')

      expect(await page.getByTestId('claims-rules-version').textContent()).toMatch(
        /^Claim rule pack of [A-Z][a-z]{2} \d{1,2}, \d{4} \([0-9a-f]{8}\)$/
      )

      // A loss Amazon reimbursed closes itself: status "Reimbursed", linked to the reimbursement;
      // the evidence in plain words (reason 5, Lost_Warehouse), the raw code in a tooltip.
      await page.getByTestId('claims-status').getByText('Reimbursed (1)').click()
      await expect.poll(() => rows(app!).count()).toBe(1)
      await rows(app).first().click()
      await page.getByTestId('claim-reimbursed-by').waitFor()
      expect(await page.getByTestId('claim-reimbursed-by').textContent()).toContain('5000000002')
      expect(await page.getByTestId('claim-reimbursed-by').locator('a').getAttribute('href')).toBe(
        '#/reimbursements?reimbursementId=5000000002'
      )
      const paidEvidence = await page.getByTestId('claim-evidence').textContent()
      expect(paidEvidence).toContain('(5 — unrecoverable)')
      expect(paidEvidence).toContain('(lost in the warehouse)')
      await page.getByTestId('evidence-detail').nth(1).hover()
      await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('Code in the report: Lost_Warehouse')
      await page.keyboard.press('Escape')
      await page
        .getByTestId('claim-drawer')
        .locator('.mantine-Drawer-content')
        .waitFor({ state: 'detached' })
        .catch(() => undefined)

      // Filters: SKU prefix (any case), event dates, type; the export writes the filtered findings.
      await page.getByTestId('claims-status').getByText(/^All/).click()
      await page.getByTestId('claims-filter-sku').fill('mug-l')
      await expect.poll(() => rows(app!).count()).toBe(1)
      expect(await rows(app).first().textContent()).toContain('MUG-LOST')
      await page.getByTestId('claims-filter-sku').fill('')
      await page.getByTestId('claims-filter-from').fill('2026-11-01')
      await page.getByTestId('claims-filter-to').fill('2026-11-30')
      await expect.poll(() => rows(app!).count()).toBe(3)
      const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('claims-export').click()])
      const csv = readFileSync((await csvFile.path())!, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
      expect(csv[0]).toMatch(/^finding-id,store,type,status,sku,/)
      expect(
        csv
          .slice(1)
          .map((l) => l.split(',')[4])
          .sort()
      ).toEqual(['MUG-LOST', 'MUG-PAID', 'MUG-UK'])
      expect(csv.find((l) => l.includes(',MUG-UK,'))).toContain(',8.00,GBP,')
      await page.getByTestId('claims-filter-clear').click()
      await page.getByTestId('claims-filter-type').click()
      await page.getByRole('option', { name: 'Damaged in a fulfillment center' }).click()
      await page.keyboard.press('Escape')
      await expect.poll(() => rows(app!).count()).toBe(1)
      expect(await rows(app).first().textContent()).toContain('MUG-DMG')
      await app.shot('claims-filtered')
      await page.getByTestId('claims-filter-clear').click()
      await expect.poll(() => rows(app!).count()).toBe(6)

      // Filter by status.
      await page.getByTestId('claims-status').getByText('Claim now (3)').click()
      await expect.poll(() => rows(app!).count()).toBe(3)

      // A finding's detail: its evidence lines, file and line, and the facts to copy.
      await rows(app).filter({ hasText: 'MUG-LOST' }).click()
      const drawer = page.getByTestId('claim-evidence')
      await drawer.waitFor()
      const evidence = await drawer.textContent()
      expect(evidence).toContain('ledger.tsv, line 2')
      expect(evidence).toContain('ledger.tsv, line 3')
      expect(evidence).toContain('reimbursements.tsv, line 2')
      const facts = await page.getByTestId('claim-facts').textContent()
      expect(facts).toContain('FNSKU: X00LOST001')
      expect(facts).toContain('Units: 1')
      expect(facts).toContain('Inventory ledger reference: 9000000001')
      expect(facts).toContain('Estimated value: $12.34')
      await app.shot('claims-drawer')
      await page.keyboard.press('Escape')
      await page.getByTestId('claims-status').getByText(/^All/).click()
      await app.shotSizes('claims')
      await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
      await page.reload()
      await page.getByTestId('claims-table').waitFor()
      await expect.poll(() => page.getByTestId('nav-claims').textContent()).toBe('索赔')
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('索赔')
      await app.shotSizes('claims-zh')
    }
  )

  it(
    'imports removal reports through the same drop zone: the preview names the report, its counts and bad lines',
    { timeout: 240_000 },
    async () => {
      app = await startApp({ now: NOW, setup: async (ctx) => void (await ctx.services.stores.create(validStore)) })
      const { page } = app
      await app.goto('/claims')
      await page.getByTestId('claims-dropzone').waitFor()
      await page.getByTestId('store-switcher').click()
      await page.getByRole('option', { name: 'Mugs US' }).click()

      // A removal order detail report: recognised by its columns, 3 new lines, 2 bad ones with their column.
      await dropFile(app, 'claims-dropzone', 'removal-orders.tsv')
      await page.getByTestId('ledger-import-confirm').waitFor()
      await expect.poll(() => page.getByTestId('claims-import-kind').textContent()).toBe('Recognised: Removal order detail')
      await expect.poll(() => stat(app!, 'ledger-preview-new')).toBe('3')
      expect(await stat(app, 'ledger-preview-bad')).toBe('2')
      expect(await page.getByTestId('ledger-preview-quantities').textContent()).toContain('Requested16')
      const bad = await page.getByTestId('ledger-preview-bad-rows').textContent()
      expect(bad).toContain('requested-quantity')
      expect(bad).toContain("requested-quantity 'many' is not a whole number")
      await app.shotSizes('claims-removal-preview')
      await page.getByTestId('ledger-import-confirm').click()
      await page.getByTestId('ledger-import-confirm').waitFor({ state: 'detached' })
      // Two completed return orders with units nowhere: two removal findings.
      await expect.poll(() => rows(app!).filter({ hasText: 'Removal order short or lost' }).count()).toBe(2)

      // The shipment detail, same drop zone: the findings change in place (still two).
      await dropFile(app, 'claims-dropzone', 'removal-shipments.tsv')
      await expect.poll(() => page.getByTestId('claims-import-kind').textContent()).toBe('Recognised: Removal shipment detail')
      await expect.poll(() => stat(app!, 'ledger-preview-new')).toBe('2')
      await page.getByTestId('ledger-import-confirm').click()
      await page.getByTestId('ledger-import-confirm').waitFor({ state: 'detached' })
      await expect.poll(() => rows(app!).filter({ hasText: 'Removal order short or lost' }).count()).toBe(2)

      // In Chinese: the preview names the report in Chinese.
      await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
      await page.reload()
      await page.getByTestId('claims-dropzone').waitFor()
      await dropFile(app, 'claims-dropzone', 'replacements.tsv')
      await expect.poll(() => page.getByTestId('claims-import-kind').textContent()).toBe('已识别：换货')
      await app.shotSizes('claims-removal-preview-zh')
    }
  )

  it('shows the empty state with the import when nothing is found', async () => {
    app = await startApp({ now: NOW, setup: async (ctx) => void (await ctx.services.stores.create(validStore)) })
    await app.goto('/claims')
    await app.page.getByTestId('claims-empty').waitFor()
    expect(await app.page.getByTestId('claims-empty').textContent()).toContain('No claims found')
    await app.page.getByTestId('claims-dropzone').waitFor()
    await app.shotSizes('claims-empty')
  })
})
