/**
 * The Backups screen against the real browser-mode host process (out/main/host.js, as `npm
 * start` runs it): empty state, "Back up now", the list, the folder setting, and a restore that
 * brings back deleted data (the host closes the database, swaps the files and starts again on the
 * same address; the page reloads). Screenshots in both languages at 1366×768 and 1024×700.
 */
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { writeBackup } from '../../src/main/db/backup-files'
import { CHROMIUM, e2eAvailable, ROOT, SCREENSHOTS } from './fixture'

const SHOTS = process.env.SBO_SHOTS_DIR ?? SCREENSHOTS

let host: ChildProcess | null = null
let browser: Browser | null = null
let dir = ''
afterEach(async () => {
  await browser?.close()
  browser = null
  if (host && host.exitCode === null) {
    const gone = new Promise((r) => host!.once('exit', r))
    host.kill('SIGTERM')
    await gone
  }
  host = null
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function startHost(db: string): Promise<string> {
  host = spawn(process.execPath, [join(ROOT, 'out', 'main', 'host.js'), '--db', db], {
    cwd: ROOT,
    env: { ...process.env, SBO_MODE: 'browser' }
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const on = (c: Buffer) => {
      out += c.toString()
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?t=\S+)/.exec(out)
      if (m) resolve(m[1]!)
    }
    host!.stdout!.on('data', on)
    host!.stderr!.on('data', on)
    host!.once('exit', (code) => reject(new Error(`host exited ${code}: ${out}`)))
  })
}

async function open(url: string, opts: { lang?: 'en' | 'zh-CN'; width?: number; height?: number } = {}): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  })
  const page = await browser.newPage({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
    locale: opts.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
    timezoneId: 'UTC'
  })
  page.setDefaultTimeout(15_000)
  await page.addInitScript((lng) => localStorage.setItem('sbo.language', lng), opts.lang ?? 'en')
  await page.goto(url)
  await page.waitForSelector('html[data-app-state="ready"]')
  return page
}

const shot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' })
}

const countStores = (db: string) => {
  const c = new Database(db, { readonly: true })
  try {
    return Number((c.prepare('SELECT COUNT(*) AS n FROM stores').get() as { n: number }).n)
  } finally {
    c.close()
  }
}

describe.skipIf(!e2eAvailable)('Backups screen (browser mode, real host process)', () => {
  it('backs up, lists, and restores deleted data with one action after a preview', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbo-e2e-backups-'))
    const db = join(dir, 'data', 'seller-back-office.sqlite')
    const url = await startHost(db)
    const page = await open(url)
    await page.getByTestId('nav-backups').click()
    // The daily backup is due at the first start: the scheduler has taken one already.
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1)
    expect(await page.getByTestId('backup-row').textContent()).toMatch(/Daily.*Verified/)
    await expect.poll(() => page.getByTestId('status-backup').textContent()).toMatch(/^Last backup: /)
    expect(await page.getByTestId('backups-stale').count()).toBe(0)

    await page.getByTestId('backups-now').click()
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(2)
    expect(await page.getByTestId('backup-row').first().textContent()).toMatch(/By hand.*Verified/)
    expect(countStores(db)).toBe(1) // the demo store

    // The data is lost after the backup (here: every store deleted behind the app's back).
    const raw = new Database(db)
    raw.pragma('foreign_keys = ON')
    raw.prepare('DELETE FROM stores').run()
    raw.close()
    expect(countStores(db)).toBe(0)

    await page.getByTestId('backup-restore').first().click()
    await page.getByTestId('restore-contents').waitFor()
    expect(await page.getByTestId('restore-contents').textContent()).toContain('Stores1')
    expect(await page.getByTestId('restore-go').isDisabled()).toBe(true)
    await page.getByTestId('restore-confirm').check()
    await page.getByTestId('restore-go').click()
    await page.getByTestId('restore-restarting').waitFor()
    // The host restarts on the restored file at the same address; the page reloads by itself.
    await page.waitForEvent('load', { timeout: 60_000 })
    await page.waitForSelector('html[data-app-state="ready"]')
    await expect.poll(() => countStores(db), { timeout: 30_000 }).toBe(1)
    await page.getByTestId('nav-stores').click()
    await expect.poll(() => page.getByTestId('store-row').count()).toBe(1)
  })

  it('screenshots: empty and full, en and zh-CN, 1366×768 and 1024×700', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbo-e2e-backups-'))
    const db = join(dir, 'data', 'seller-back-office.sqlite')
    const url = await startHost(db)
    // Empty: the backup folder was just changed to a new, empty one (the daily backup of the
    // first start went to the default folder).
    const first = await open(url)
    await first.goto(url.replace(/\/\?t=.*/, '/#/backups'))
    await expect.poll(() => first.getByTestId('backup-row').count()).toBe(1)
    await first.getByTestId('backups-folder').fill(join(dir, 'synced', 'SBO backups'))
    await first.getByTestId('backups-folder-save').click()
    await first.getByTestId('backups-empty').waitFor()
    await first.close()
    const sizes = [
      [1366, 768],
      [1024, 700]
    ] as const
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [w, h] of sizes) {
        // Each page is its own browser context: it signs in through the token address first.
        const page = await open(url, { lang, width: w, height: h })
        await page.goto(url.replace(/\/\?t=.*/, '/#/backups'))
        await page.waitForSelector('html[data-app-state="ready"]')
        await page.getByTestId('backups-empty').waitFor()
        await shot(page, `backups-empty-${lang}-${w}x${h}`)
        await page.close()
      }
    }
    // Full: a year of the app's backups (retention kept these), one foreign file, work in flight.
    const folder = join(dir, 'synced', 'SBO backups')
    const raw = new Database(db)
    const at = '2026-11-20T10:00:00.000Z'
    const store = (raw.prepare('SELECT id FROM stores').get() as { id: string }).id
    raw
      .prepare(
        "INSERT INTO orders (id, store_id, amazon_order_id, created_at, updated_at) VALUES ('o-e2e', ?, '111-0000000-0000001', ?, ?)"
      )
      .run(store, at, at)
    const batch = Number(
      raw
        .prepare(
          "INSERT INTO queue_batches (store_id, kind, feed_type, state, content, content_bytes, message_count, created_at, updated_at) VALUES (?, 'refund', 'POST_PAYMENT_ADJUSTMENT_DATA', 'submitted', '<x/>', 4, 1, ?, ?)"
        )
        .run(store, at, at).lastInsertRowid
    )
    raw
      .prepare(
        "INSERT INTO queue_entries (store_id, order_id, kind, status, reason, lines, source, queued, batch_id, created_at, updated_at) VALUES (?, 'o-e2e', 'refund', 'batched', 'CustomerReturn', '[]', 'order', 1, ?, ?, ?)"
      )
      .run(store, batch, at, at)
    raw.close()
    const reasons = ['daily', 'pre-import', 'daily', 'pre-migration', 'daily', 'manual', 'daily'] as const
    reasons.forEach((reason, i) =>
      writeBackup({ dbFile: db, folder, reason, now: new Date(Date.parse('2026-11-25T02:00:00Z') - i * 5 * 86_400_000) })
    )
    const foreign = new Database(join(folder, 'copied-by-hand.sqlite'))
    foreign.exec('CREATE TABLE t (x)')
    foreign.close()
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [w, h] of sizes) {
        const page = await open(url, { lang, width: w, height: h })
        await page.goto(url.replace(/\/\?t=.*/, '/#/backups'))
        await page.waitForSelector('html[data-app-state="ready"]')
        await expect.poll(() => page.getByTestId('backup-row').count()).toBe(8)
        await shot(page, `backups-full-${lang}-${w}x${h}`)
        await page.getByTestId('backup-restore').nth(1).click() // the newest of the app's (the foreign file is newer)
        await page.getByTestId('restore-inflight').waitFor()
        await shot(page, `backups-restore-${lang}-${w}x${h}`)
        await page.close()
      }
    }
  })
})
