/**
 * A case's evidence file comes back out of the Cases screen (browser mode): the drawer's
 * "Download" gives the file under the name it was added with, the same bytes
 * (GET /files/case-evidence/<case id>/<evidence id>). Screenshots `case-evidence-*` at 1366×768
 * and 1024×700, en and zh-CN.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, e2eAvailable, startApp, type App } from './fixture'
import { validStore } from '../helpers/services'
import type { ClaimFinding } from '../../src/shared/contract/claims'

const CLAIMS = join(ROOT, 'test/fixtures/claims')
const FIX = join(ROOT, 'test/fixtures/cases')
const NOW = '2026-12-03T12:00:00.000Z'
let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.skipIf(!e2eAvailable)('case evidence download', () => {
  it('downloads an evidence file from the case drawer: its name, the same bytes', { timeout: 180_000 }, async () => {
    let caseId = 0
    app = await startApp({
      now: NOW,
      setup: async (ctx) => {
        const store = await ctx.services.stores.create(validStore)
        const stage = (path: string) => ctx.services.files.register(path).id
        await ctx.dispatch('claims.importLedger', { storeId: store.id, fileId: stage(join(CLAIMS, 'ledger.tsv')) })
        const list = await ctx.dispatch('claims.list', { storeId: store.id })
        if (!list.ok) throw new Error(list.error.message)
        const lost = (list.data as { findings: ClaimFinding[] }).findings.find((f) => f.fnsku === 'X00LOST001')!
        const c = ctx.services.cases.create({ storeId: store.id, findingIds: [lost.id] })
        await ctx.services.cases.addEvidence({ id: c.id, fileId: stage(join(FIX, 'invoice.txt')) })
        caseId = c.id
      }
    })
    const { page } = app
    await app.goto(`/cases?case=${caseId}`)
    await expect.poll(() => page.getByTestId('case-evidence').textContent(), { timeout: 30_000 }).toContain('invoice.txt')
    await app.shotSizes('case-evidence')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-evidence-download').click()])
    expect(download.suggestedFilename()).toBe('invoice.txt')
    const saved = join(app.ctx.dir, 'downloaded-invoice.txt')
    await download.saveAs(saved)
    expect(readFileSync(saved).equals(readFileSync(join(FIX, 'invoice.txt')))).toBe(true)

    await page.evaluate(() => localStorage.setItem('sbo.language', 'zh-CN'))
    await app.goto(`/cases?case=${caseId}`)
    await page.reload()
    await expect.poll(() => page.getByTestId('case-evidence-download').textContent()).toBe('下载')
    await app.shotSizes('case-evidence-zh')
  })
})
