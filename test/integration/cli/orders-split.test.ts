/**
 * `orders list --json`, `orders split`, `orders cancel --split` as a child process (queue on, no
 * network), and the error exits: a partial split refused, zero-out refused by the store settings.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { makeServices, validStore } from '../../helpers/services'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const cli = (args: string[]) => runCli(args)

describe('CLI: orders list, split and cancel a split', () => {
  it('splits one item off and cancels the split; a partial split and a refused zero-out exit non-zero', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const dbFile = t.services.info().dbPath
    const store = await t.services.stores.create(validStore)
    t.services.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
    const id = randomUUID()
    const now = new Date().toISOString()
    t.services.sqlite
      .prepare(
        "INSERT INTO orders (id, store_id, amazon_order_id, status, local_status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, '303-3333333-3333333', 'Unshipped', 'In Process', 'Unshipped', 'EUR', 0, ?, ?)"
      )
      .run(id, store.id, now, now)
    const ins = t.services.sqlite.prepare(
      "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor) VALUES (?, ?, ?, ?, ?, 0, 'EUR', ?)"
    )
    ins.run(randomUUID(), id, '31111111111111', 'MUG', 2, 4980)
    ins.run(randomUUID(), id, '32222222222222', 'SPOON', 1, 990)
    t.services.close()
    const base = ['--db', dbFile, 'orders']
    const order = ['--store', store.id, '--order', '303-3333333-3333333']

    const list = cli([...base, 'list', '--search', 'SPOON', '--json'])
    expect(list.code, list.err).toBe(0)
    expect(JSON.parse(list.out)).toMatchObject({
      total: 1,
      rows: [{ amazonOrderId: '303-3333333-3333333', storeName: validStore.name, onHold: false, itemCount: 2 }]
    })

    const split = cli([...base, 'split', ...order, '--item', '32222222222222:1'])
    expect(split.code, split.err).toBe(0)
    const [whole] = (JSON.parse(split.out) as { splits: { id: number; seq: number; status: string }[] }).splits
    expect(whole).toMatchObject({ seq: 1, status: 'open' })
    const cancel = cli([...base, 'cancel', ...order, '--reason', 'NoInventory', '--split', String(whole!.id)])
    expect(cancel.code, cancel.err).toBe(0)
    expect(JSON.parse(cancel.out)).toMatchObject({
      entry: { kind: 'cancel', status: 'queued', source: 'split', lines: [{ orderItemId: '32222222222222', sku: 'SPOON', quantity: 1 }] },
      batch: null
    })

    const split2 = cli([...base, 'split', ...order, '--item', '31111111111111:1'])
    expect(split2.code, split2.err).toBe(0)
    const partialSplit = (JSON.parse(split2.out) as { splits: { id: number; seq: number }[] }).splits.find((x) => x.seq === 2)!
    // 1 of the 2 MUG units: Amazon cancels whole order items, so this split can't be cancelled.
    const partial = cli([...base, 'cancel', ...order, '--reason', 'NoInventory', '--split', String(partialSplit.id)])
    expect(partial.code).not.toBe(0)
    expect(partial.err).toMatch(/Amazon cancels whole order items: MUG still has 2 unshipped unit/)
    const bad = cli([...base, 'split', ...order, '--item', '32222222222222:1'])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/SPOON: 1 requested, 0 can be split off/)

    const zero = cli([...base, 'cancel', ...order, '--reason', 'NoInventory', '--zero-out'])
    expect(zero.code).not.toBe(0)
    expect(zero.err).toMatch(/does not allow zeroing out inventory/)

    const show = cli([...base, 'show', ...order])
    // The SPOON split waits in the queue: the order is held back (not Cancelled) until Amazon answers.
    expect(JSON.parse(show.out)).toMatchObject({
      order: { canShip: false, localStatus: 'In Process' },
      splits: [
        { seq: 1, status: 'cancel-pending' },
        { seq: 2, status: 'open' }
      ],
      queueEntries: [{ kind: 'cancel', status: 'queued' }]
    })
  })
})
