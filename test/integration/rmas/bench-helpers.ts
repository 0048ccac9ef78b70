/** The Receive screen's test data: four open RMAs (receive-bench.tsv), codes to scan, and helpers. */
import { join } from 'node:path'
import type { makeServices } from '../../helpers/services'

type Ctx = ReturnType<typeof makeServices>

export const BENCH_FILE = join(__dirname, '../../fixtures/rmas/receive-bench.tsv')

/** What the four RMAs in receive-bench.tsv carry (see the file). */
export const BENCH = {
  mugs: {
    rma: 'BenchRMA001',
    order: '111-0000001-0000001',
    tracking: '9400111899223344556677',
    sku: 'MUG-RED',
    asin: 'B0MUGRED01',
    qty: 2
  },
  spoons: {
    rma: 'BenchRMA002',
    order: '111-0000002-0000002',
    tracking: '1Z999AA10000000102',
    sku: 'SPOON-SET',
    asin: 'B0SPOON001',
    qty: 1
  },
  mug2: { rma: 'BenchRMA003', order: '111-0000003-0000003', tracking: '1Z999AA10000000103', sku: 'MUG-RED', qty: 1 },
  lamp: { rma: 'BenchRMA004', order: '111-0000004-0000004', tracking: '1Z999AA10000000104', sku: 'LAMP-1', qty: 1 },
  /** An FNSKU Amazon's FBA returns report gave for SPOON-SET (fba_customer_returns). */
  spoonFnsku: 'X00SPOON01',
  /** The catalog's (products table) ASIN for LAMP-1, which its return row does not carry. */
  lampCatalogAsin: 'B0LAMPCAT1'
} as const

/** Imports the four RMAs and the codes the catalog and FBA returns know; returns RMA ids by key. */
export async function seedBench(t: Ctx, storeId: string): Promise<Record<'mugs' | 'spoons' | 'mug2' | 'lamp', number>> {
  const fileId = t.services.files.register(BENCH_FILE).id
  const r = await t.dispatch('rmas.import', { storeId, fileId })
  if (!r.ok) throw new Error(r.error.message)
  const db = t.services.sqlite
  const now = '2026-11-01T00:00:00.000Z'
  db.prepare(
    `INSERT INTO fba_customer_returns (store_id, amazon_order_id, return_date, sku, asin, fnsku, quantity, created_at, updated_at)
     VALUES (?, '111-9999999-0000001', '2026-10-01T00:00:00Z', 'SPOON-SET', 'B0SPOON001', ?, 1, ?, ?)`
  ).run(storeId, BENCH.spoonFnsku, now, now)
  db.prepare(`INSERT INTO products (store_id, sku, asin, title, updated_at) VALUES (?, 'LAMP-1', ?, 'Desk lamp', ?)`).run(
    storeId,
    BENCH.lampCatalogAsin,
    now
  )
  const id = (rma: string) => db.prepare('SELECT id FROM rmas WHERE order_source_rma_id = ?').pluck().get(rma) as number
  return { mugs: id(BENCH.mugs.rma), spoons: id(BENCH.spoons.rma), mug2: id(BENCH.mug2.rma), lamp: id(BENCH.lamp.rma) }
}

/** The RMA's order as order sync leaves it (shipped, item ids, prices), so its refund can be issued. */
export function makeRefundable(t: Ctx, rmaId: number) {
  const d = t.services.rmas.get(rmaId)
  const db = t.services.sqlite
  db.prepare("UPDATE orders SET status = 'Shipped', shipping_status = 'Shipped', currency = 'USD', is_minimal = 0 WHERE id = ?").run(
    d.orderId
  )
  for (const [i, it] of d.items.entries()) {
    db.prepare(
      'INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    ).run(
      `bench-${rmaId}-${i}`,
      d.orderId,
      String(22_222_222_000_000 + rmaId * 10 + i),
      it.sourceSku,
      it.quantity,
      it.quantity,
      'USD',
      4000,
      300
    )
  }
}
