/**
 * The team server's orders / queue / holds on a real PostgreSQL, against the SP-API emulator over
 * real HTTP (in-process), as test/integration/queue/ does for single-seat.
 */
import { v7 as uuidv7 } from 'uuid'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../../src/main/amazon/emulator/data'
import { createSpApiFactory, realSleep, resolveEndpoints } from '../../../src/main/amazon/spapi'
import { silentLogger, type Logger } from '../../../src/main/log'
import { scaledTimings } from '../../../src/main/queue/submission'
import type { TeamDb } from '../../../src/main/team/pg/db'
import { teamOrders, teamStores, teamUsers } from '../../../src/main/team/pg/schema'
import { applyCommand, type Actor } from '../../../src/main/team/server/ledger'
import { syncTeamOrders } from '../../../src/main/team/server/orders'
import { ordersQueueDomain, TeamSubmitter } from '../../../src/main/team/server/submitter'
import type { CommandEnvelope } from '../../../src/shared/team'
import { migratedTeamDb } from '../../helpers/pg'
import { SELLER } from '../amazon/helpers'

export const SPEED_UP = 200
export const STORE = 'emu-us'

/** The SP-API client factory for a team store (until tserver's `serverSpApi` lands: a small StoresPort). */
export function emulatorFactory(baseUrl: string, lwaTokenUrl: string) {
  return createSpApiFactory({
    stores: {
      get: async (id) => ({ id, region: 'NA', sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds, isDemo: false }),
      credentials: async () => ({ lwaClientId: SELLER.clientId, lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken })
    },
    endpoints: resolveEndpoints({ spApiBaseUrl: baseUrl, lwaTokenUrl }),
    log: silentLogger,
    rateScale: SPEED_UP,
    retry: { maxRetries: 1, baseMs: 5, capMs: 20 },
    sleep: realSleep
  })
}

/** A submitter on its own pool, paced like the emulator (no feed spacing between tests). */
export function submitterFor(
  db: TeamDb,
  factory: ReturnType<typeof emulatorFactory>,
  o: { leaseMs?: number; holder?: string; onStep?: (batchId: number, state: string) => void; log?: Logger } = {}
) {
  return new TeamSubmitter({
    db,
    log: o.log ?? silentLogger,
    leaseMs: o.leaseMs ?? 30_000,
    holder: o.holder,
    onStep: o.onStep,
    clientFor: async (storeId) => {
      const client = await factory.forStore(storeId)
      return { client, marketplaceIds: client.marketplaceIds, timings: { ...scaledTimings(SPEED_UP), spacingMs: 0 } }
    }
  })
}

export async function setupTeamQueue(o: { emulator?: Emulator } = {}) {
  const emu = o.emulator ?? (await startEmulator({ seed: 11, speedUp: SPEED_UP, stores: [SELLER] }))
  const team = await migratedTeamDb()
  const db = team.db
  await db
    .insert(teamStores)
    .values({ id: STORE, name: 'Emu US', region: 'NA', sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds })
  const [a] = await db.insert(teamUsers).values({ name: 'alice', role: 'warehouse', passwordHash: 'x' }).returning()
  const [b] = await db.insert(teamUsers).values({ name: 'bob', role: 'warehouse', passwordHash: 'x' }).returning()
  const alice: Actor = { userId: a!.id, name: 'alice', role: 'warehouse' }
  const bob: Actor = { userId: b!.id, name: 'bob', role: 'warehouse' }
  const factory = emulatorFactory(emu.baseUrl, emu.lwaTokenUrl)
  const data = emu.seller(SELLER.sellerId)
  const shipped: EmuOrder[] = []
  const unshipped: EmuOrder[] = []
  /** Order sync from the emulator; then the test orders are the synced ones (the first sync reads 30 days back). */
  const sync = async () => {
    const r = await syncTeamOrders(db, STORE, await factory.forStore(STORE), { now: () => new Date(), log: silentLogger })
    const known = new Set((await db.select({ id: teamOrders.amazonOrderId }).from(teamOrders)).map((x) => x.id))
    const mine = data.orders.filter((x) => known.has(x.id) && x.channel === 'MFN')
    shipped.splice(
      0,
      shipped.length,
      ...mine.filter((x) => x.status === 'Shipped' && x.items.every((i) => i.refundedMinor === 0 && i.quantityShipped > 0))
    )
    unshipped.splice(0, unshipped.length, ...mine.filter((x) => x.status === 'Unshipped' && x.items.every((i) => i.quantityShipped === 0)))
    return r
  }
  const send = (actor: Actor, channel: CommandEnvelope['channel'], input: unknown, id = uuidv7()) =>
    applyCommand(db, actor, { id, channel, input, issuedAt: new Date().toISOString() }, ordersQueueDomain.commands)
  /** A refund of each item's whole principal. */
  const refundInput = (order: EmuOrder) => ({
    storeId: STORE,
    amazonOrderId: order.id,
    reason: 'CustomerReturn',
    lines: order.items.map((i) => ({
      orderItemId: i.orderItemId,
      quantity: i.quantityShipped,
      components: [{ type: 'Principal', amountMinor: i.priceMinor }]
    }))
  })
  /** How many times Amazon received a message for this order, over every feed created. */
  const received = (amazonOrderId: string) =>
    emu.createdFeeds().reduce((acc, f) => acc + (f.content?.split(`<AmazonOrderID>${amazonOrderId}</AmazonOrderID>`).length ?? 1) - 1, 0)
  return {
    emu,
    db,
    url: team.url,
    alice,
    bob,
    factory,
    sync,
    shipped,
    unshipped,
    send,
    refundInput,
    received,
    close: async () => {
      await team.close()
      if (!o.emulator) await emu.close()
    }
  }
}
