/** The queue against the SP-API emulator over real HTTP, on a real SQLite file. */
import { randomUUID } from 'node:crypto'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../../src/main/amazon/emulator/data'
import type { RefundLine } from '../../../src/main/db/schema/queue'
import type { EngineTimings } from '../../../src/main/queue/submission'
import type { Services } from '../../../src/main/services'
import { makeServices } from '../../helpers/services'
import { createMemoryVault, type Vault } from '../../../src/main/secrets/vault'
import { connectEmulatorStore, emulatorSpApi, SELLER } from '../amazon/helpers'

export const SPEED_UP = 200

/** Copies emulator orders into the local store (what order sync does). */
export function seedOrders(s: Services, storeId: string, list: EmuOrder[]): void {
  const now = new Date().toISOString()
  const insO = s.sqlite.prepare(
    `INSERT INTO orders (id, store_id, amazon_order_id, marketplace_id, status, local_status, shipping_status, purchase_date, currency, is_minimal, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'api', ?, ?)`
  )
  const insI = s.sqlite.prepare(
    `INSERT INTO order_items (id, order_id, order_item_id, sku, asin, title, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor, shipping_price_minor, shipping_tax_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  for (const o of list) {
    const id = randomUUID()
    const shipped = o.status === 'Shipped'
    insO.run(
      id,
      storeId,
      o.id,
      o.marketplaceId,
      o.status,
      shipped ? 'Completed' : 'In Process',
      shipped ? 'Shipped' : 'Unshipped',
      o.purchaseDate,
      o.currency,
      now,
      now
    )
    for (const i of o.items)
      insI.run(
        randomUUID(),
        id,
        i.orderItemId,
        i.sku,
        i.asin,
        i.title,
        i.quantity,
        i.quantityShipped,
        o.currency,
        i.priceMinor,
        i.taxMinor,
        i.shippingMinor,
        i.shippingTaxMinor
      )
  }
}

export async function setupQueue(
  o: { timings?: Partial<EngineTimings>; dbFile?: string; emulator?: Emulator; vault?: Vault; storeId?: string } = {}
) {
  const vault = o.vault ?? createMemoryVault()
  const emu = o.emulator ?? (await startEmulator({ seed: 11, speedUp: SPEED_UP, stores: [SELLER] }))
  const t = makeServices({
    realClock: true,
    dbFile: o.dbFile,
    vault,
    spApi: emulatorSpApi(emu, { speedUp: SPEED_UP, maxRetries: 1, queue: { timings: { spacingMs: 0, ...o.timings } } })
  })
  const { store } = await connectEmulatorStore(t, { emulator: emu, speedUp: SPEED_UP, storeId: o.storeId })
  const engine = t.services.queue.submission!
  const data = emu.seller(SELLER.sellerId)
  const shipped = data.orders.filter((x) => x.status === 'Shipped' && x.channel === 'MFN' && x.items.every((i) => i.refundedMinor === 0))
  const unshipped = data.orders.filter((x) => x.status === 'Unshipped' && x.channel === 'MFN')
  if (!o.storeId) seedOrders(t.services, store.id, [...shipped, ...unshipped])
  const orderId = (amazonOrderId: string) =>
    (t.services.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(amazonOrderId) as { id: string }).id

  /** A refund of each item's principal (minus `overMinor` more than paid when given). */
  const addRefund = (order: EmuOrder, opts: { extraMinor?: number } = {}) => {
    const lines: RefundLine[] = order.items.map((i) => ({
      orderItemId: i.orderItemId,
      sku: i.sku,
      quantity: i.quantityShipped,
      components: [{ type: 'Principal', amountMinor: i.priceMinor + (opts.extraMinor ?? 0) }]
    }))
    const total = lines.reduce((a, l) => a + l.components.reduce((b, c) => b + c.amountMinor, 0), 0)
    const r = t.services.queue.add({
      storeId: store.id,
      orderId: orderId(order.id),
      kind: 'refund',
      reason: 'CustomerReturn',
      lines,
      currency: order.currency,
      totalMinor: total,
      source: 'order'
    })
    return { id: r.id, batch: t.services.queue.afterAdd(r.id) }
  }
  const addCancel = (order: EmuOrder) => {
    const r = t.services.queue.add({
      storeId: store.id,
      orderId: orderId(order.id),
      kind: 'cancel',
      reason: 'NoInventory',
      lines: order.items.map((i) => ({ orderItemId: i.orderItemId, sku: i.sku, quantity: i.quantity })),
      currency: order.currency,
      totalMinor: null,
      source: 'order'
    })
    return { id: r.id, batch: t.services.queue.afterAdd(r.id) }
  }
  /** How many times Amazon received a message for this order, over every feed created. */
  const received = (amazonOrderId: string) =>
    emu.createdFeeds().reduce((a, f) => a + (f.content?.split(`<AmazonOrderID>${amazonOrderId}</AmazonOrderID>`).length ?? 1) - 1, 0)
  return {
    t,
    vault,
    s: t.services,
    emu,
    store,
    engine,
    shipped,
    unshipped,
    addRefund,
    addCancel,
    received,
    settle: (ids: number[]) => engine.settle(ids, { deadlineMs: 60_000 }),
    close: async () => {
      engine.stop()
      t.close()
      if (!o.emulator) await emu.close()
    }
  }
}
