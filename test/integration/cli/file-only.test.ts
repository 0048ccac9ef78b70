/**
 * The CLI for a store without an SP-API app, as a child process: `stores add` with a name and
 * marketplaces only, a refund queued and processed into Seller Central's Adjustments file, the
 * file written to a path, the batch closed from the upload's processing report.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { makeServices } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('CLI: a file-only store', () => {
  it('adds the store without LWA fields, writes the Adjustments file and imports its processing report', async () => {
    const t = makeServices()
    const dbFile = t.services.info().dbPath
    const dir = t.dir
    t.services.close()
    cleanups.push(t.close)
    const cli = (...args: string[]) => {
      const r = runCli(['--db', dbFile, ...args])
      expect(r.code, r.err).toBe(0)
      return JSON.parse(r.out) as Record<string, unknown>
    }
    const store = cli('stores', 'add', '--name', 'Mugs DE', '--marketplaces', 'A1PA6795UKMFR9')
    expect(store).toMatchObject({ region: 'EU', sellerId: null, lwaClientId: null, fileOnly: true })

    // An order as the order report import would leave it, and the queue on.
    const u = makeServices({ dbFile })
    u.services.stores.updateSettings(store.id as string, { queueRefundsAndCancellations: true })
    const id = randomUUID()
    const now = new Date().toISOString()
    u.services.sqlite
      .prepare(
        "INSERT INTO orders (id, store_id, amazon_order_id, status, local_status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, '302-1111111-1111111', 'Shipped', 'Completed', 'Shipped', 'EUR', 0, ?, ?)"
      )
      .run(id, store.id, now, now)
    u.services.sqlite
      .prepare(
        "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, '11111111111111', 'MUG', 1, 1, 'EUR', 2490, 473)"
      )
      .run(randomUUID(), id)
    u.services.close()

    cli(
      'orders',
      'refund',
      '--store',
      store.id as string,
      '--order',
      '302-1111111-1111111',
      '--reason',
      'CustomerReturn',
      '--item',
      '11111111111111:1:Principal=24.90,Tax=4.73'
    )
    const processed = cli('queue', 'process', '--kind', 'refund', '--all', '--store', store.id as string) as {
      batches: { id: number; state: string }[]
    }
    expect(processed.batches).toMatchObject([{ state: 'by_hand' }])
    const batchId = String(processed.batches[0]!.id)

    const out = join(dir, 'adjustments.txt')
    cli('queue', 'adjustments-file', batchId, '--out', out)
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toBe(
      '302-1111111-1111111\t11111111111111\tCustomerReturn\tEUR\t24.90\t4.73\t0.00\t0.00\t0.00\t0.00'
    )

    const report = join(dir, 'report.txt')
    writeFileSync(
      report,
      'Feed Processing Summary:\n\tNumber of records processed\t\t1\n\tNumber of records successful\t\t1\n\noriginal-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message\n'
    )
    expect(cli('queue', 'import-report', batchId, report)).toEqual({ done: 1, failed: 0, uncertain: 0 })
    expect(cli('queue', 'batch', batchId)).toMatchObject({ batch: { state: 'done' }, entries: [{ entryStatus: 'done' }] })
  })
})
