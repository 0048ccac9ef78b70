/**
 * Browser-mode e2e fixture: the real host (same services, dispatch and built renderer as
 * `npm start`) on 127.0.0.1 with a temp database, driven in Debian's Chromium by playwright-core.
 * Uses the real keychain when a session bus exists (npm test provides one).
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startHost, type RunningHost } from '../../src/main/host/server'
import { createKeytarVault } from '../../src/main/secrets/keytar-vault'
import { createMemoryVault } from '../../src/main/secrets/vault'
import { makeServices } from '../helpers/services'
import type { Emulator } from '../../src/main/amazon/emulator/server'
import { connectEmulatorStore, emulatorSpApi, envSpApi, SELLER } from '../integration/amazon/helpers'
import { startEmulator } from '../../src/main/amazon/emulator/server'
import { seedOrders } from '../integration/queue/helpers'

export const ROOT = resolve(__dirname, '../..')
export const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots')
const VIEWPORT = { width: 1366, height: 860 }
const RENDERER = join(ROOT, 'out/renderer')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const e2eAvailable = existsSync(CHROMIUM)
if (!e2eAvailable)
  console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM} (npm run setup installs Debian's chromium; or set CHROMIUM_PATH)`)

export type App = {
  page: Page
  browser: Browser
  host: RunningHost
  ctx: ReturnType<typeof makeServices>
  /** With `amazon: true`: the SP-API emulator, the store that talks to it, and the wired queue. */
  amazon: { emu: Emulator; storeId: string } | null
  shot(name: string): Promise<void>
  /** The same screen at a laptop's 1366×768 and a small 1024×700 window (`<name>-1366x768`, `<name>-1024x700`); then back to the default size. */
  shotSizes(name: string): Promise<void>
  goto(hashPath: string): Promise<void>
  close(): Promise<void>
}

/**
 * `amazon: true` starts the SP-API emulator (200x Amazon's pace), adds a store "Emu US" that talks
 * to it (secrets in the keychain), wires the SP-API client and the refund/cancel queue's
 * submission engine into the services (as the app's extensions do), and copies the emulator's
 * MFN orders (shipped and unshipped, with items and prices) into the database, as order sync would.
 */
export async function startApp(
  opts: {
    now?: string
    amazon?: boolean
    /** The app's own first start with the demo store (its built-in emulator): services started. */
    demo?: boolean
    setup?: (ctx: ReturnType<typeof makeServices>, amazon: App['amazon']) => Promise<void> | void
  } = {}
): Promise<App> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm test does)')
  const vault = process.env.DBUS_SESSION_BUS_ADDRESS ? createKeytarVault(`sbo-e2e-${process.pid}-${Date.now()}`) : createMemoryVault()
  const emu = opts.amazon ? await startEmulator({ seed: 11, speedUp: 200, stores: [SELLER] }) : null
  const ctx = makeServices({
    vault,
    ...(opts.now ? { now: opts.now } : { realClock: Boolean(opts.amazon || opts.demo) }),
    ...(emu ? { spApi: emulatorSpApi(emu, { speedUp: 200 }) } : {}),
    ...(opts.demo ? { spApi: envSpApi({ demoStore: true }) } : {})
  })
  if (opts.demo) await ctx.services.start()
  let amazon: App['amazon'] = null
  if (emu) {
    const { store } = await connectEmulatorStore(ctx, { emulator: emu, speedUp: 200 })
    const data = emu.seller(SELLER.sellerId)
    seedOrders(
      ctx.services,
      store.id,
      data.orders.filter((o) => o.channel === 'MFN' && (o.status === 'Shipped' || o.status === 'Unshipped'))
    )
    amazon = { emu, storeId: store.id }
  }
  await opts.setup?.(ctx, amazon)
  const host = await startHost({
    dispatch: ctx.dispatch,
    events: ctx.services.events,
    files: ctx.services.files,
    rendererDir: RENDERER,
    caseEvidence: (ref) => ctx.services.cases.evidenceFile(ref)
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' })
  page.setDefaultTimeout(10_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(host.url)
  // Generous: the first load parses the whole renderer bundle, slow on a loaded 2-core machine.
  await page.waitForSelector('html[data-app-state="ready"]', { timeout: 60_000 })
  mkdirSync(SCREENSHOTS, { recursive: true })
  return {
    page,
    browser,
    host,
    ctx,
    amazon,
    shot: async (name) => {
      await page.waitForTimeout(250) // let Mantine transitions settle before the picture
      // The viewport, as a user sees it (fullPage misplaces the AppShell's fixed header and footer).
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' })
    },
    shotSizes: async (name) => {
      for (const [width, height] of [
        [1366, 768],
        [1024, 700]
      ] as const) {
        await page.setViewportSize({ width, height })
        await page.waitForTimeout(250)
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`), animations: 'disabled' })
      }
      await page.setViewportSize(VIEWPORT)
    },
    goto: async (hashPath) => {
      await page.goto(`${host.origin}/#${hashPath}`)
      await page.waitForSelector('html[data-app-state="ready"]', { timeout: 60_000 })
    },
    close: async () => {
      await browser.close()
      await host.close()
      if (opts.demo) await ctx.services.stop()
      ctx.close()
      await amazon?.emu.close()
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('\n')}`)
    }
  }
}
