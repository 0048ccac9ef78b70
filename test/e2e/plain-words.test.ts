/**
 * Plain words (issue 18): with the demo store's data, the visible text of every screen (and of the
 * RMA drawer, the batch drawer and an order page) holds no raw code — Amazon's reason and label
 * codes, feed type names, job names, ISO timestamps, snake_case statuses, "window 0 of 1" — in
 * English and in Chinese. Tooltips keep the raw values; they are not visible text until hovered.
 * Each screen is photographed at 1366×768 and 1024×700 (test/e2e/screenshots/words-*).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { emptyDemoSources } from '../helpers/demo'
import { MARKETPLACES } from '../../src/shared/ids'
import { e2eAvailable, startApp, type App } from './fixture'

/** What may never be read on a screen. Each pattern names what it catches. */
export const RAW_PATTERNS: [name: string, re: RegExp][] = [
  // Not inside an id made of dotted parts (Amazon's document numbers: amzn1.tortuga.4.na.…LOONX_EV-7).
  ['SCREAMING_SNAKE code (feed type, disposition, reason)', /(?<![.\w])[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/],
  ['Amazon return reason code', /\b(?:AMZ|CR)-[A-Z]+[-_A-Z]*\b/],
  ['Amazon label code', /\bAmazon(?:Pre|Un)PaidLabel\b/i],
  [
    'CamelCase code',
    /\b(?:StandardRefund|CustomerReturn|Lost_Warehouse|Damaged_Warehouse|GeneralAdjustment|FeeCorrection|CustomerServiceIssue)\b/
  ],
  ['ISO timestamp', /\d{4}-\d\d-\d\dT\d\d/],
  ['ISO date', /\b\d{4}-\d\d-\d\d\b/],
  ['job name', /\b(?:orders|rmas|reimbursements|queue|holds|backup|claims|settlements|deadlines)\.[a-z]+[A-Z]?[A-Za-z]*\b/],
  ['snake_case status', /\b[a-z]+_[a-z]+(?:_[a-z]+)*\b/],
  ['window n of m', /\bwindow \d+ of \d+\b/],
  [
    'marketplace id',
    new RegExp(
      `\\b(?:${Object.values(MARKETPLACES)
        .flatMap((l) => l.map((m) => m.id))
        .join('|')})\\b`
    )
  ],
  ['feed processing status', /\b(?:DONE|IN_PROGRESS|IN_QUEUE|CANCELLED|FATAL)\b/],
  ['fulfillment channel code', /^(?:MFN|AFN)$/],
  ['i18n key', /\b[a-z]+(?:\.[a-zA-Z]+){2,}\b/]
]

/** In Chinese, Amazon's English values must not show either (they have labels). */
const ZH_PATTERNS: [name: string, re: RegExp][] = [
  ['English Amazon value', /\b(?:Approved|Authorized|Standard refund|Customer|Seller|Sellable|Amazon returns report)\b/],
  ['English error title', /Something went wrong/]
]

/** The raw codes found in `text`: one line per hit with its pattern's name. */
export function rawCodes(text: string, lang: 'en' | 'zh-CN' = 'en'): string[] {
  const hits: string[] = []
  for (const line of text.split('\n'))
    for (const [name, re] of lang === 'zh-CN' ? [...RAW_PATTERNS, ...ZH_PATTERNS] : RAW_PATTERNS) {
      const m = re.exec(line)
      if (m) hits.push(`${name}: "${m[0]}" in "${line.trim().slice(0, 120)}"`)
    }
  return hits
}

/**
 * The text a user can see, as written (innerText would apply CSS text-transform: a badge's
 * "Cancelled" reads "CANCELLED"): every text node whose element is visible, one line per block.
 */
const visibleText = (page: Page) =>
  page.evaluate(() => {
    const lines: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      const text = n.textContent?.trim()
      if (!el || !text || el.closest('script,style') || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      lines.push(text)
    }
    return lines.join('\n')
  })

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const SCREENS = [
  ['/orders', 'orders', 'orders-table'],
  ['/reimbursements', 'reimbursements', null],
  ['/rmas', 'rmas', 'rma-table'],
  ['/receive', 'receive', null],
  ['/queue', 'queue', 'queue-table'],
  ['/holds', 'holds', null],
  ['/stores', 'stores', null],
  ['/settings', 'settings', null],
  ['/backups', 'backups', null],
  ['/team', 'team', null],
  // The newer screens (issue 18, second round); Settings above holds the Imports log.
  ['/deadlines', 'deadlines', null],
  ['/claims', 'claims', null],
  ['/cases', 'cases', null],
  ['/audits', 'audits', null],
  ['/costs', 'costs', null]
] as const

describe.skipIf(!e2eAvailable)('plain words on every screen', () => {
  it('shows no raw code, ISO date or job name with the demo data, in English and Chinese', async () => {
    app = await startApp({ demo: true })
    const { page, ctx } = app
    const demo = (await ctx.services.stores.list()).find((s) => s.isDemo)!
    await expect.poll(() => emptyDemoSources(ctx.dispatch, demo.id), { timeout: 120_000, interval: 1000 }).toEqual([])
    const found: Record<string, string[]> = {}
    let language: 'en' | 'zh-CN' = 'en'
    const scan = async (where: string) => {
      const hits = rawCodes(await visibleText(page), language)
      if (hits.length) found[where] = hits
    }
    const rows = (testId: string) => page.getByTestId(testId).locator('tbody tr:not(.mantine-datatable-empty-row)')

    for (const lang of ['en', 'zh-CN'] as const) {
      language = lang
      await page.evaluate((l) => localStorage.setItem('sbo.language', l), lang)
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]', { timeout: 60_000 })
      for (const [route, name, table] of SCREENS) {
        await app.goto(route)
        if (table) await rows(table).first().waitFor({ timeout: 30_000 })
        else await page.waitForTimeout(1500)
        await scan(`${lang} ${route}`)
        await app.shotSizes(`words-${name}-${lang}`)
      }

      // The RMA drawer of a return that Amazon's report updated (its history has changes).
      await app.goto('/rmas')
      await rows('rma-table').first().click()
      await page.getByTestId('rma-history').waitFor()
      await page.waitForTimeout(500)
      await scan(`${lang} RMA drawer`)
      await app.shotSizes(`words-rma-drawer-${lang}`)

      // The batch drawer of a finished batch.
      await app.goto('/queue')
      await page.getByTestId('queue-tab-batches').click()
      await rows('batches-table').first().click()
      await page.waitForTimeout(1500)
      await scan(`${lang} batch drawer`)
      await app.shotSizes(`words-batch-drawer-${lang}`)

      // An order with refunds in its history.
      await app.goto('/orders')
      await rows('orders-table').first().click()
      await page.getByTestId('order-history').waitFor({ timeout: 30_000 })
      await page.waitForTimeout(500)
      await scan(`${lang} order`)
      await app.shotSizes(`words-order-${lang}`)
    }
    expect(found).toEqual({})
  }, 400_000)

  it('shows no raw code on any screen of a fresh database without the demo, in English and Chinese', async () => {
    // EMPTY screenshots (test/e2e/screenshots/words-empty-*): every screen at both sizes.
    app = await startApp({ demo: false })
    const { page } = app
    const found: Record<string, string[]> = {}
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.evaluate((l) => localStorage.setItem('sbo.language', l), lang)
      await page.reload()
      await page.waitForSelector('html[data-app-state="ready"]', { timeout: 60_000 })
      for (const [route, name] of SCREENS) {
        await app.goto(route)
        await page.waitForTimeout(1500)
        const hits = rawCodes(await visibleText(page), lang)
        if (hits.length) found[`${lang} ${route}`] = hits
        await app.shotSizes(`words-empty-${name}-${lang}`)
      }
    }
    expect(found).toEqual({})
  }, 400_000)
})
