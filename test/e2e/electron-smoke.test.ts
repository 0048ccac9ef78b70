/**
 * Launches the real desktop app with Playwright's Electron driver when the Electron binary is
 * installed. On machines where Electron's binary can't be downloaded, it skips and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ROOT } from './fixture'

function electronBinary(): string | null {
  try {
    const req = createRequire(join(ROOT, 'package.json'))
    const dir = dirname(req.resolve('electron/package.json'))
    const pathTxt = join(dir, 'path.txt')
    if (!existsSync(pathTxt)) return null
    const bin = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim())
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

const bin = electronBinary()
if (!bin)
  console.warn(
    "[electron-smoke] skipped: Electron's binary is not installed (it downloads on first launch, which this machine's network does not allow)"
  )

describe.skipIf(!bin)('Electron desktop app', () => {
  it('opens a locked-down window that shows the app and blocks navigation away', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sbo-electron-'))
    const app = await electron.launch({
      executablePath: bin!,
      args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, SBO_DB: join(userData, 'db.sqlite') }
    })
    try {
      const win = await app.firstWindow()
      await win.waitForSelector('html[data-app-state="ready"]')
      expect(win.url()).toMatch(/^app:\/\/bundle\//)
      // No Node in the page (nodeIntegration off, contextIsolation on): only the preload's api.
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys(window.api ?? {}).sort())).toEqual(['invoke', 'on', 'upload'])
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      await win.evaluate(() => {
        window.location.href = 'https://example.com/'
      })
      await win.waitForTimeout(500)
      expect(win.url()).toMatch(/^app:\/\/bundle\//)
      const r = await win.evaluate(() => window.api!.invoke('stores.list', {}))
      expect(r).toMatchObject({ ok: true })
    } finally {
      await app.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })
})
