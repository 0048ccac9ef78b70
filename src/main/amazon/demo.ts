/**
 * The demo store: on the first start of the app (host or Electron) a store flagged isDemo is
 * created, backed by the in-process SP-API emulator, so a new user can try every screen without
 * Amazon credentials. `app_meta['demo.created']` remembers that it was created, so a user who
 * removes it does not get it back. The emulator starts lazily, the first time a demo store is
 * used (in any mode, the CLI included), with the demo seller's credentials handed straight to
 * the SP-API factory: they are not secrets and never touch the keychain.
 */
import { readMeta, writeMetaOnce } from '../db/app-meta'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import type { Logger } from '../log'
import { DEMO_SELLER } from './emulator/demo-stores'
import { startEmulator, type Emulator } from './emulator/server'
import type { DemoBackend } from './spapi/factory'

export const DEMO_META_KEY = 'demo.created'
/** Demo speed: reports finish in under a second and the published limits run 10x faster. */
export const DEMO_SPEED_UP = 10

/** What the demo needs from the store service (structural: amazon/ sits below the domains). */
export type DemoStores = {
  create(
    input: { name: string; region: 'NA' | 'EU' | 'FE'; sellerId: string; marketplaceIds: string[]; lwaClientId: string },
    opts: { isDemo: boolean }
  ): Promise<{ id: string }>
}

export function createDemo(services: { db: Db; stores: DemoStores; clock: Clock; log: Logger }) {
  let emulator: Emulator | null = null
  let starting: Promise<DemoBackend> | null = null

  async function backend(): Promise<DemoBackend> {
    if (!starting) {
      starting = startEmulator({ seed: 'demo', speedUp: DEMO_SPEED_UP, stores: [DEMO_SELLER] }).then((emu) => {
        emulator = emu
        services.log.info('demo SP-API emulator started', { baseUrl: emu.baseUrl })
        return {
          spApiBaseUrl: emu.baseUrl,
          lwaTokenUrl: emu.lwaTokenUrl,
          credentials: {
            lwaClientId: DEMO_SELLER.clientId,
            lwaClientSecret: DEMO_SELLER.clientSecret,
            refreshToken: DEMO_SELLER.refreshToken
          },
          rateScale: DEMO_SPEED_UP
        }
      })
      starting.catch(() => {
        starting = null
      })
    }
    return starting
  }

  /** Creates the demo store once per database; returns its id, or null if it was created before. */
  async function ensureDemoStore(): Promise<string | null> {
    if (readMeta(services.db, DEMO_META_KEY) !== null) return null
    const store = await services.stores.create(
      {
        name: 'Demo store',
        region: DEMO_SELLER.region,
        sellerId: DEMO_SELLER.sellerId,
        marketplaceIds: DEMO_SELLER.marketplaceIds,
        lwaClientId: DEMO_SELLER.clientId
      },
      { isDemo: true }
    )
    writeMetaOnce(services.db, DEMO_META_KEY, store.id, services.clock.now())
    return store.id
  }

  return {
    backend,
    ensureDemoStore,
    get emulator() {
      return emulator
    },
    async stop() {
      const e = emulator
      emulator = null
      starting = null
      if (e) await e.close()
    }
  }
}
