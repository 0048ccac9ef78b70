/**
 * The order detail's RMA and reimbursement lists come from their owners (RmasService.forOrder,
 * ReimbursementsService.forOrder), merged by the orders.* handlers: orders.get, orders.addNote and
 * orders.split all return them, in the detail's field order, checked against the contract.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrderDetail } from '../../../src/shared/contract'
import type { RmaDetail } from '../../../src/shared/contract/rmas'
import { makeServices, validStore } from '../../helpers/services'

let t: ReturnType<typeof makeServices>
let storeId: string

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}

function reimbursement(id: string, amazonOrderId: string, at: string, minor: number) {
  t.services.sqlite
    .prepare(
      `INSERT INTO reimbursements (store_id, reimbursement_id, line_key, approved_at, reimbursed_at, time_from_approval, amazon_order_id, reason, reason_category, sku,
         currency, amount_total_minor, quantity_cash, quantity_inventory, quantity_total, source, created_at, updated_at)
       VALUES (?, ?, '1', ?, ?, 0, ?, 'CustomerReturn', 'returns', 'NECK-925-16', 'USD', ?, 1, 0, 1, 'report', ?, ?)`
    )
    .run(storeId, id, at, at, amazonOrderId, minor, at, at)
}

beforeEach(async () => {
  t = makeServices()
  storeId = (await t.services.stores.create(validStore)).id
})
afterEach(() => t.close())

describe('order detail lists from other domains', () => {
  it('orders.get, orders.addNote and orders.split carry the RMAs and reimbursements of the order', async () => {
    await call('rmas.import', { storeId, fileId: t.services.files.register(join(__dirname, '../../fixtures/rmas/mfn-returns.tsv')).id })
    const list = await call<{ rows: { id: number }[] }>('rmas.list', { storeId, rmaNumber: 'DfqRyqfBRRMA' })
    const rma = await call<RmaDetail>('rmas.get', { id: list.rows[0]!.id })
    t.services.sqlite
      .prepare(
        "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor) VALUES (?, ?, '11111111111111', 'NECK-925-16', 2, 0, 'USD', 2999)"
      )
      .run(`${rma.orderId}-1`, rma.orderId)
    reimbursement('R-2', rma.amazonOrderId, '2026-03-02T00:00:00.000Z', 700)
    reimbursement('R-1', rma.amazonOrderId, '2026-03-01T00:00:00.000Z', 1500)
    reimbursement('R-other', '111-0000000-0000000', '2026-03-01T00:00:00.000Z', 100)
    const ref = { storeId, amazonOrderId: rma.amazonOrderId }
    const expected = {
      rmas: [{ id: rma.id, orderSourceRmaId: 'DfqRyqfBRRMA', status: rma.status, createdAt: expect.any(String) }],
      reimbursements: [
        {
          reimbursementId: 'R-1',
          reason: 'CustomerReturn',
          reimbursedAt: '2026-03-01T00:00:00.000Z',
          currency: 'USD',
          amountTotalMinor: 1500,
          sku: 'NECK-925-16'
        },
        {
          reimbursementId: 'R-2',
          reason: 'CustomerReturn',
          reimbursedAt: '2026-03-02T00:00:00.000Z',
          currency: 'USD',
          amountTotalMinor: 700,
          sku: 'NECK-925-16'
        }
      ]
    }
    const keys = ['order', 'items', 'notes', 'history', 'splits', 'queueEntries', 'rmas', 'reimbursements', 'hold', 'settings']
    const got = await call<OrderDetail>('orders.get', ref)
    expect(got).toMatchObject(expected)
    expect(Object.keys(got)).toEqual(keys)
    const noted = await call<OrderDetail>('orders.addNote', { ...ref, text: 'checked' })
    expect(noted).toMatchObject(expected)
    const split = await call<OrderDetail>('orders.split', { ...ref, lines: [{ orderItemId: '11111111111111', quantity: 1 }] })
    expect(split).toMatchObject(expected)
    expect(Object.keys(split)).toEqual(keys)
  })
})
