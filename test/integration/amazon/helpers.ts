/** Client + emulator over real HTTP on 127.0.0.1 for the SP-API tests. */
import { fixedClock, systemClock, type Clock } from '../../../src/main/clock'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/main/amazon/emulator/server'
import type { Services } from '../../../src/main/services'
import type { EmuStoreConfig } from '../../../src/main/amazon/emulator/data'
import { createSpApiFactory, realSleep, resolveEndpoints, type OrdersApiVersion } from '../../../src/main/amazon/spapi'
import { createLogger } from '../../../src/main/log'
import type { SpApiSettings } from '../../../src/main/services'
import { endpointsFromEnv } from '../../../src/main/amazon/spapi/endpoints'

export const SELLER: EmuStoreConfig = {
  sellerId: 'A2TESTSELLER01',
  clientId: 'amzn1.application-oa2-client.test0001',
  clientSecret: 'amzn1.oa2-cs.v1.testsecretvalue0123456789',
  refreshToken: 'Atzr|IwEBItestrefreshtoken-0123456789',
  region: 'NA',
  marketplaceIds: ['ATVPDKIKX0DER'],
  reportCharset: 'Cp1252'
}

export async function setup(
  o: { speedUp?: number; emu?: Partial<EmulatorOptions>; clock?: Clock; maxRetries?: number; refreshToken?: string } = {}
) {
  const speedUp = o.speedUp ?? 20
  const emu = await startEmulator({ seed: 42, speedUp, stores: [SELLER], ...o.emu })
  const lines: string[] = []
  const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) })
  const factory = createSpApiFactory({
    stores: {
      get: async (id) => ({ id, region: 'NA', sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds, isDemo: false }),
      credentials: async () => ({
        lwaClientId: SELLER.clientId,
        lwaClientSecret: SELLER.clientSecret,
        refreshToken: o.refreshToken ?? SELLER.refreshToken
      })
    },
    endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
    log,
    clock: o.clock ?? systemClock,
    rateScale: speedUp,
    retry: { maxRetries: o.maxRetries ?? 3, baseMs: 5, capMs: 40 },
    sleep: realSleep
  })
  const client = await factory.forStore('s1')
  return { emu, factory, client, lines, close: () => emu.close() }
}

/** The services' SP-API settings for an emulator: its endpoints, paced like it, short retries. */
export function emulatorSpApi(
  emu: Emulator,
  o: { speedUp?: number; maxRetries?: number; queue?: SpApiSettings['queue']; demoStore?: boolean } = {}
): SpApiSettings {
  return {
    endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
    rateScale: o.speedUp ?? 200,
    retry: { maxRetries: o.maxRetries ?? 2, baseMs: 5, capMs: 20 },
    sleep: realSleep,
    queue: o.queue,
    demoStore: o.demoStore
  }
}

/** The services' SP-API settings as the app reads them from the environment (SBO_SPAPI_BASE_URL…). */
export function envSpApi(o: { demoStore?: boolean } = {}): SpApiSettings {
  return { endpoints: endpointsFromEnv(), demoStore: o.demoStore }
}

export { fixedClock }
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()

/**
 * A store of real services connected to the SP-API emulator over HTTP: the emulator (started
 * here unless one is given), a store "Emu US" with the emulator seller's secrets (or an existing
 * store), and an SP-API client factory paced like the emulator.
 */
export async function connectEmulatorStore(
  t: { services: Services; clock: Clock },
  o: {
    emulator?: Emulator
    emu?: Partial<EmulatorOptions>
    speedUp?: number
    maxRetries?: number
    storeId?: string
    ordersApiVersion?: OrdersApiVersion
  } = {}
) {
  const speedUp = o.speedUp ?? 200
  const emu = o.emulator ?? (await startEmulator({ seed: 11, speedUp, stores: [SELLER], ...o.emu }))
  const store = o.storeId
    ? await t.services.stores.get(o.storeId)
    : await t.services.stores.create({
        name: 'Emu US',
        region: 'NA',
        sellerId: SELLER.sellerId,
        marketplaceIds: SELLER.marketplaceIds,
        lwaClientId: SELLER.clientId,
        secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
      })
  const factory = createSpApiFactory({
    stores: t.services.stores,
    endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
    log: t.services.log,
    clock: t.clock,
    rateScale: speedUp,
    retry: { maxRetries: o.maxRetries ?? 2, baseMs: 5, capMs: 20 },
    sleep: realSleep,
    ordersApiVersion: o.ordersApiVersion
  })
  return { emu, store, factory, close: () => (o.emulator ? undefined : emu.close()) }
}
