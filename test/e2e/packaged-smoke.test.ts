/**
 * Smoke test of the PACKAGED app (the release workflow runs it on Linux, macOS and Windows after
 * `electron-builder --dir`; by hand: README, "Releases"). Set SBO_PACKAGED_APP to the packaged
 * executable; without it this file skips (our build machines cannot download Electron, so they
 * never have a packaged app).
 *
 * Why not Playwright's `_electron.launch`: it drives the main process through Node's `--inspect`,
 * which the packaged app's fuses switch off (EnableNodeCliInspectArguments, electron-builder.yml).
 * So the app is started as a user would, with Chromium's `--remote-debugging-port`, and Playwright
 * attaches to its window over CDP — the binary under test is the one we ship, fuses and all.
 *
 * It starts on a temp profile (a fresh user-data folder: the first start), sees the window, adds a
 * store with no Amazon credentials (the app has no separate "file-only" store kind yet: a store
 * without credentials is how files are imported without SP-API), imports a sample order report
 * through the app's own upload + import channels, sees the orders on screen, and quits.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

// Not ./fixture: that pulls in the browser-mode host and the keychain, which this test never uses.
const ROOT = resolve(__dirname, '../..')

const EXE = process.env.SBO_PACKAGED_APP
if (!EXE) console.warn('[packaged-smoke] skipped: set SBO_PACKAGED_APP to a packaged app (electron-builder --dir), see README "Releases"')

/** Starts the app with a DevTools port of its choosing; resolves the browser endpoint it prints. */
function launch(exe: string, userData: string): { child: ChildProcess; endpoint: Promise<string>; exited: Promise<number | null> } {
  const args = [`--user-data-dir=${userData}`, '--remote-debugging-port=0']
  // CI's Linux runners refuse Chromium's setuid sandbox helper in an unpacked build.
  if (process.platform === 'linux') args.push('--no-sandbox')
  const env = { ...process.env }
  delete env.SBO_DB
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(exe, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const endpoint = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      log += b.toString()
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(log)
      if (m) resolve(m[1]!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the app exited (${code}) before opening DevTools:\n${log}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, endpoint, exited }
}

/** The app's window (app://bundle/…), once it exists. */
async function appWindow(browser: Browser): Promise<Page> {
  let page: Page | undefined
  await expect
    .poll(
      () =>
        (page = browser
          .contexts()
          .flatMap((c) => c.pages())
          .find((p) => p.url().startsWith('app://'))),
      { timeout: 120_000 }
    )
    .toBeTruthy()
  return page!
}

describe.skipIf(!EXE)('packaged desktop app (smoke)', () => {
  it('starts on a fresh profile, shows the window, adds a store, imports a report, quits', async () => {
    expect(existsSync(EXE!), `SBO_PACKAGED_APP=${EXE} exists`).toBe(true)
    const userData = mkdtempSync(join(tmpdir(), 'sbo-packaged-'))
    const app = launch(EXE!, userData)
    let browser: Browser | undefined
    try {
      browser = await chromium.connectOverCDP(await app.endpoint)
      const win = await appWindow(browser)
      await win.waitForSelector('html[data-app-state="ready"]', { timeout: 120_000 })
      // The window shows the app, locked down: no Node in the page, only the preload's api.
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys(window.api ?? {}).sort())).toEqual(['invoke', 'on', 'upload'])
      const info = (await win.evaluate(() => window.api!.invoke('app.info', {}))) as { ok: boolean; data: { mode: string; dbPath: string } }
      expect(info).toMatchObject({ ok: true, data: { mode: 'desktop' } })
      // The temp profile is the one in use (--user-data-dir), not the runner's own.
      expect(realpathSync(dirname(info.data.dbPath)), 'the database lives in the temp profile').toBe(realpathSync(userData))

      // A store without Amazon credentials: reports are imported from files.
      const created = (await win.evaluate(() =>
        window.api!.invoke('stores.create', {
          name: 'Smoke Files',
          region: 'NA',
          sellerId: 'A2C4E6G8I0K2M4',
          marketplaceIds: ['ATVPDKIKX0DER'],
          lwaClientId: 'amzn1.application-oa2-client.smoke'
        })
      )) as { ok: boolean; data: { id: string; hasCredentials: boolean } }
      expect(created).toMatchObject({ ok: true, data: { hasCredentials: false } })

      // The sample order report, through the same upload + import the Orders screen uses.
      const bytes = [...readFileSync(join(ROOT, 'test/fixtures/orders/all-orders.tsv'))]
      const imported = await win.evaluate(
        async ({ storeId, bytes }) => {
          const up = (await window.api!.upload('all-orders.tsv', new Uint8Array(bytes))) as { ok: boolean; data: { fileId: string } }
          if (!up.ok) return up
          return window.api!.invoke('orders.import', { storeId, fileId: up.data.fileId })
        },
        { storeId: created.data.id, bytes }
      )
      expect(imported).toMatchObject({ ok: true })
      expect((imported as { data: { inserted: number } }).data.inserted).toBeGreaterThan(0)
      await win.evaluate(() => {
        window.location.hash = '#/orders'
      })
      await win.getByText('111-0687106-4490606').first().waitFor({ timeout: 60_000 })

      // The first start made the database and the local crash-dump folder in the profile.
      expect(existsSync(join(userData, 'seller-back-office.sqlite'))).toBe(true)
      expect(existsSync(join(userData, 'Crashpad'))).toBe(true)

      // Quit as a user does (closing the last window quits) and expect a clean exit.
      await win.evaluate(() => window.close())
      expect(await app.exited).toBe(0)
    } finally {
      await browser?.close().catch(() => undefined)
      if (app.child.exitCode === null) app.child.kill()
      rmSync(userData, { recursive: true, force: true, maxRetries: 5 })
    }
  })
})
