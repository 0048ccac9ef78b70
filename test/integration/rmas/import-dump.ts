/**
 * Helper for import-paths.test.ts, run with tsx (so the parser worker can start):
 * `tsx import-dump.ts <report> <dir> [kits]` imports the report into a fresh database with a fixed
 * clock and prints the summary and every RMA-related row (ids included) as JSON.
 * SBO_RMA_PARALLEL_BYTES decides whether the worker thread parses it.
 */
import { join } from 'node:path'
import { fixedClock } from '../../../src/main/clock'
import { silentLogger } from '../../../src/main/log'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { createServices } from '../../../src/main/services'

async function main() {
  const [file, dir] = process.argv.slice(2) as [string, string]
  const services = createServices({
    dbFile: join(dir, `dump-${process.pid}.sqlite`),
    migrationsFolder: join(__dirname, '../../../drizzle'),
    vault: createMemoryVault(),
    mode: 'cli',
    clock: fixedClock('2026-11-22T10:00:00.000Z'),
    log: silentLogger,
    stagingDir: join(dir, 'staging')
  })
  const store = await services.stores.create({
    name: 'Dump',
    region: 'NA',
    sellerId: 'A2C4E6G8I0K2M4',
    marketplaceIds: ['ATVPDKIKX0DER'],
    lwaClientId: 'amzn1.application-oa2-client.dump'
  })
  services.kits.save(store.id, 'KIT-PARENT', 'KIT-PART-A', 1)
  services.kits.save(store.id, 'KIT-PARENT', 'KIT-PART-B', 2)
  let summary: unknown
  try {
    summary = await services.rmas.importReport({ storeId: store.id, source: file, fileName: 'report', commit: true, detailLimit: 50 })
  } catch (e) {
    const x = e as { code?: string; message: string; details?: unknown }
    summary = { error: { name: (x as Error).name, code: x.code, message: x.message, details: x.details } }
  }
  const q = (sql: string) => services.sqlite.prepare(sql).all()
  const out = {
    summary,
    rmas: q(
      'SELECT id, amazon_order_id, order_source_rma_id, merchant_rma_id, status, return_request_status, return_request_date, order_date, tracking_id, carrier, currency, label_cost_minor, order_amount_minor, refunded_amount_minor, returnless, source, source_line FROM rmas ORDER BY id'
    ),
    items: q(
      'SELECT id, rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor, source_line, raw FROM rma_items ORDER BY id'
    ),
    notes: q('SELECT rma_id, kind, body FROM rma_notes ORDER BY id'),
    history: q('SELECT rma_id, event, to_status, detail FROM rma_history ORDER BY id'),
    orders: q('SELECT amazon_order_id, purchase_date, is_minimal FROM orders ORDER BY amazon_order_id')
  }
  services.close()
  process.stdout.write(JSON.stringify(out))
}
void main()
