/**
 * Settings › Application updates in browser mode: the card is there, "Check for updates" is off,
 * and it says that updates come with the installed desktop app (no updater here), en and zh-CN.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { e2eAvailable, startApp, type App } from './fixture'

let app: App | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

describe.skipIf(!e2eAvailable)('application updates card', () => {
  it('shows the setting off and says browser mode has no updater (en, zh-CN)', async () => {
    app = await startApp()
    const { page } = app
    await app.goto('/settings')
    const card = page.getByTestId('updates-card')
    await card.waitFor()
    const sw = page.getByTestId('setting-checkForUpdates')
    expect(await sw.isChecked()).toBe(false)
    expect(await sw.isDisabled()).toBe(true)
    expect(await page.getByTestId('updates-unsupported').textContent()).toContain('installed desktop app')
    expect(await page.getByTestId('updates-check').count()).toBe(0)
    await app.shotSizes('settings-updates')

    await page.getByTestId('language-switcher').click()
    await page.getByRole('option', { name: '简体中文' }).click()
    await expect.poll(() => card.textContent()).toContain('应用更新')
    expect(await page.getByTestId('updates-unsupported').textContent()).toContain('已安装的桌面应用')
    await app.shotSizes('settings-updates-zh')
  })
})
