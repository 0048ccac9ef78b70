/**
 * The import preview that the Costs screen and the Claims screen's report import share
 * (components/ImportPreview.tsx): the counts, then each bad row with its line (and column where
 * the report has one) and reason. Screenshots `import-preview-*` at 1366×768 and 1024×700.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'

const FIX = join(ROOT, 'test/fixtures/claims')
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
      d.items.add(new File([bytes], name, { type: 'text/plain' }))
      return d
    },
    { name: file, content }
  )
  const zone = a.page.getByTestId(testId).first()
  await zone.dispatchEvent('dragenter', { dataTransfer: dt })
  await zone.dispatchEvent('drop', { dataTransfer: dt })
}
const stat = async (a: App, testId: string) => (await a.page.getByTestId(testId).locator('p').first().textContent())?.trim() ?? ''
const badRows = (a: App, testId: string) => a.page.locator(`[data-testid=${testId}] tbody tr`)

describe.skipIf(!e2eAvailable)('import previews (Costs, Claims)', () => {
  it('counts and bad rows with line, column and reason on both screens', { timeout: 240_000 }, async () => {
    app = await startApp({ now: NOW, setup: async (ctx) => void (await ctx.services.stores.create(validStore)) })
    const { page } = app
    await app.goto('/costs')
    await page.getByTestId('store-switcher').click()
    await page.getByRole('option', { name: 'Mugs US' }).click()
    await dropFile(app, 'costs-dropzone', 'costs.csv')
    await page.getByTestId('costs-import-confirm').waitFor()
    await expect.poll(() => stat(app!, 'costs-preview-new')).toBe('3')
    expect(await stat(app, 'costs-preview-bad')).toBe('2')
    await expect.poll(() => badRows(app!, 'costs-preview-bad-rows').count()).toBe(2)
    expect(await badRows(app, 'costs-preview-bad-rows').first().textContent()).toMatch(/^5/)
    await app.shotSizes('import-preview-costs')
    await page.getByRole('button', { name: 'Cancel' }).click()

    await app.goto('/claims')
    await page.getByTestId('claims-dropzone').waitFor()
    await dropFile(app, 'claims-dropzone', 'removal-orders.tsv')
    await page.getByTestId('ledger-import-confirm').waitFor()
    await expect.poll(() => stat(app!, 'ledger-preview-new')).toBe('3')
    expect(await stat(app, 'ledger-preview-bad')).toBe('2')
    await expect.poll(() => badRows(app!, 'ledger-preview-bad-rows').count()).toBe(2)
    expect(await badRows(app, 'ledger-preview-bad-rows').first().textContent()).toContain('requested-quantity')
    await app.shotSizes('import-preview-claims')
  })
})
