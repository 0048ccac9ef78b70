/**
 * `orders refund|cancel|split` and `queue list|reject` as a child process on a database with the
 * queue on (everything stays local: no network needed, as in a warehouse without it).
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { makeServices, validStore } from '../../helpers/services'
import { parseRefundItem } from '../../../src/main/orders/cli'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const cli = (args: string[]) => runCli(args)

async function prepare() {
  const t = makeServices()
  const dbFile = t.services.info().dbPath
  const store = await t.services.stores.create(validStore)
  t.services.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
  const now = new Date().toISOString()
  const add = (amazonOrderId: string, shipped: boolean, itemId: string, qty: number) => {
    const id = randomUUID()
    t.services.sqlite
      .prepare(
        'INSERT INTO orders (id, store_id, amazon_order_id, status, local_status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)'
      )
      .run(
        id,
        store.id,
        amazonOrderId,
        shipped ? 'Shipped' : 'Unshipped',
        shipped ? 'Completed' : 'In Process',
        shipped ? 'Shipped' : 'Unshipped',
        'EUR',
        now,
        now
      )
    t.services.sqlite
      .prepare(
        'INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(randomUUID(), id, itemId, 'MUG', qty, shipped ? qty : 0, 'EUR', 2490, 473)
  }
  add('302-1111111-1111111', true, '11111111111111', 1)
  add('302-2222222-2222222', false, '22222222222222', 2)
  t.services.close()
  cleanups.push(t.close)
  return { dbFile, storeId: store.id }
}

describe('CLI: orders and the queue', () => {
  it('parses refund items as exact decimal amounts', () => {
    expect(parseRefundItem('11111111111111:1:Principal=24.90,Tax=4.73', 'EUR')).toEqual({
      orderItemId: '11111111111111',
      quantity: 1,
      components: [
        { type: 'Principal', amountMinor: 2490 },
        { type: 'Tax', amountMinor: 473 }
      ]
    })
    expect(parseRefundItem('1:1:Principal=1500', 'JPY').components[0]!.amountMinor).toBe(1500)
    expect(() => parseRefundItem('1:1:Principal=12.345', 'EUR')).toThrow(/amount like 12.34/)
    expect(() => parseRefundItem('11111111111111:x', 'EUR')).toThrow(/ORDER_ITEM_ID:QTY/)
  })

  it('queues a refund and a cancellation, refuses an over-refund, lists and rejects', async () => {
    const p = await prepare()
    const refund = cli([
      '--db',
      p.dbFile,
      'orders',
      'refund',
      '--store',
      p.storeId,
      '--order',
      '302-1111111-1111111',
      '--reason',
      'CustomerReturn',
      '--item',
      '11111111111111:1:Principal=24.90,Tax=4.73'
    ])
    expect(refund.code, refund.err).toBe(0)
    expect(JSON.parse(refund.out)).toMatchObject({ entry: { status: 'queued', totalMinor: 2963, currency: 'EUR' }, batch: null })
    const over = cli([
      '--db',
      p.dbFile,
      'orders',
      'refund',
      '--store',
      p.storeId,
      '--order',
      '302-1111111-1111111',
      '--reason',
      'CustomerReturn',
      '--item',
      '11111111111111:1:Principal=0.01'
    ])
    expect(over.code).toBe(1)
    expect(over.err).toMatch(/More than was paid/)
    const cancel = cli([
      '--db',
      p.dbFile,
      'orders',
      'cancel',
      '--store',
      p.storeId,
      '--order',
      '302-2222222-2222222',
      '--reason',
      'NoInventory'
    ])
    expect(cancel.code, cancel.err).toBe(0)
    const entryId = (JSON.parse(cancel.out) as { entry: { id: number } }).entry.id
    const list = cli(['--db', p.dbFile, 'queue', 'list', '--kind', 'cancel', '--json'])
    expect((JSON.parse(list.out) as { total: number }).total).toBe(1)
    const rej = cli(['--db', p.dbFile, 'queue', 'reject', '--kind', 'cancel', '--ids', String(entryId), '--reason', 'wrong order'])
    expect(JSON.parse(rej.out)).toEqual({ rejected: 1 })
    const show = cli(['--db', p.dbFile, 'orders', 'show', '--store', p.storeId, '--order', '302-2222222-2222222'])
    expect(JSON.parse(show.out)).toMatchObject({ order: { canShip: true } })
  })
})
