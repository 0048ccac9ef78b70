/** Client + emulator over real HTTP on 127.0.0.1 for the SP-API tests. */
import { fixedClock, systemClock, type Clock } from '../../../src/main/clock'
import { startEmulator, type EmulatorOptions } from '../../../src/main/amazon/emulator/server'
import type { EmuStoreConfig } from '../../../src/main/amazon/emulator/data'
import { createSpApiFactory, realSleep, resolveEndpoints } from '../../../src/main/amazon/spapi'
import { createLogger } from '../../../src/main/log'

export const SELLER: EmuStoreConfig = {
  sellerId: 'A2TESTSELLER01',
  clientId: 'amzn1.application-oa2-client.test0001',
  clientSecret: 'amzn1.oa2-cs.v1.testsecretvalue0123456789',
  refreshToken: 'Atzr|IwEBItestrefreshtoken-0123456789',
  region: 'NA',
  marketplaceIds: ['ATVPDKIKX0DER'],
  reportCharset: 'Cp1252'
}

export async function setup(o: { speedUp?: number; emu?: Partial<EmulatorOptions>; clock?: Clock; maxRetries?: number; refreshToken?: string } = {}) {
  const speedUp = o.speedUp ?? 20
  const emu = await startEmulator({ seed: 42, speedUp, stores: [SELLER], ...o.emu })
  const lines: string[] = []
  const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) })
  const factory = createSpApiFactory({
    stores: {
      get: async (id) => ({ id, region: 'NA', sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds, isDemo: false }),
      credentials: async () => ({ lwaClientId: SELLER.clientId, lwaClientSecret: SELLER.clientSecret, refreshToken: o.refreshToken ?? SELLER.refreshToken })
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

export { fixedClock }
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()
