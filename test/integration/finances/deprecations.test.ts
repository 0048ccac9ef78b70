/**
 * The start-up deprecation check end to end: the SP-API client records the operations a store
 * calls (over real HTTP to the emulator), and the services warn in the log and through
 * app.deprecations (the status line) once Amazon's removal is within 90 days.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/services'
import { createLogger } from '../../../src/main/log'
import { fixedClock } from '../../../src/main/clock'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { createDispatch } from '../../../src/main/dispatch'
import { createHandlers } from '../../../src/main/handlers'
import { startEmulator } from '../../../src/main/amazon/emulator/server'
import { emulatorSpApi, SELLER } from '../amazon/helpers'
import { MIGRATIONS, tempDir } from '../../helpers/services'
import { join } from 'node:path'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const DAY = 86_400_000
const REMOVAL = Date.parse('2027-03-27T00:00:00Z')

async function open(dir: string, nowMs: number, emu: Awaited<ReturnType<typeof startEmulator>>) {
  const lines: string[] = []
  const services = createServices({
    dbFile: join(dir, 'app.sqlite'),
    migrationsFolder: MIGRATIONS,
    vault: vault,
    mode: 'cli',
    clock: fixedClock(new Date(nowMs).toISOString()),
    log: createLogger({ level: 'info', sink: (l) => lines.push(l) }),
    stagingDir: join(dir, 'staging'),
    spApi: emulatorSpApi(emu)
  })
  const dispatch = createDispatch(createHandlers(services), services.log, { checkOutput: true })
  return { services, dispatch, lines }
}
const vault = createMemoryVault()

describe('deprecation warning at start-up', () => {
  it('warns in the log and the status line for a store that called Orders v0 getOrders, 89 days before removal — not at 91', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const emu = await startEmulator({ seed: 3, speedUp: 200, stores: [SELLER] })
    cleanups.push(() => emu.close())

    // 91 days before: the store's client calls getOrders (order sync); nothing is due yet.
    const first = await open(tmp.dir, REMOVAL - 91 * DAY, emu)
    const store = await first.services.stores.create({
      name: 'Emu US',
      region: 'NA',
      sellerId: SELLER.sellerId,
      marketplaceIds: SELLER.marketplaceIds,
      lwaClientId: SELLER.clientId,
      secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
    })
    const client = await first.services.spApi!.forStore(store.id)
    for await (const page of client.listOrders({ MarketplaceIds: SELLER.marketplaceIds, CreatedAfter: '2026-11-01T00:00:00Z' })) void page
    await first.services.start()
    await first.services.stop()
    expect(first.lines.join('\n')).not.toContain('getOrders')
    const none = await first.dispatch('app.deprecations', {})
    expect(none).toEqual({ ok: true, data: [] })
    first.services.close()

    // Two days later (89 days before): the next start warns, with the store, the operation and the date.
    const second = await open(tmp.dir, REMOVAL - 89 * DAY, emu)
    await second.services.start()
    await second.services.stop()
    const warning = second.lines.find((l) => l.includes('getOrders'))
    expect(warning).toContain('Store \\"Emu US\\" still uses Orders API v0 getOrders, which Amazon removes on 2027-03-27 (in 89 days)')
    const r = await second.dispatch('app.deprecations', {})
    if (!r.ok) throw new Error(r.error.message)
    expect(r.data).toEqual([expect.objectContaining({ storeName: 'Emu US', operation: 'getOrders', apiVersion: 'v0', daysLeft: 89 })])
    second.services.close()
  })
})
