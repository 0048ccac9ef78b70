/** Order report parser: formats, cancel columns (both spellings), encodings/CRLF/quotes, bad rows. */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openOrderReport, type OrderReportParsed } from '../../../src/main/amazon/reports/orders'

const F = (n: string) => resolve(__dirname, '../../fixtures/orders', n)

async function all(source: string | Buffer, hint = {}) {
  const r = await openOrderReport(source, hint)
  const out: OrderReportParsed[] = []
  for await (const x of r.rows) out.push(x)
  return { r, out, rows: out.flatMap((x) => (x.kind === 'row' ? [x.row] : [])), rejected: out.filter((x) => x.kind === 'rejected') }
}

describe('order report parser', () => {
  it('reads the unshipped-orders report with the buyer-cancellation columns', async () => {
    const { r, rows, rejected } = await all(F('unshipped-with-cancel.tsv'))
    expect(r.format).toBe('unshipped-orders')
    expect(r.hasCancelColumns).toBe(true)
    expect(rejected).toEqual([])
    expect(rows.map((x) => [x.amazonOrderId, x.orderItemId, x.buyerRequestedCancel, x.buyerCancelReason])).toEqual([
      ['111-0687106-4490606', '14027389077212', false, null],
      ['112-2222222-2222222', '24027839536456', true, 'Order Created By Mistake'],
      ['113-3333333-3333333', '34027839536457', true, 'Need to change shipping address']
    ])
    expect(rows[0]).toMatchObject({
      line: 2,
      status: 'Unshipped',
      fulfillmentChannel: 'MFN',
      sku: 'MUG-11OZ-WHT',
      quantityOrdered: 1,
      quantityShipped: 0,
      purchaseDate: '2025-09-24T12:02:50.000Z',
      itemPriceMinor: undefined
    })
  })

  it('accepts the one-"l" spelling, TRUE, CRLF, windows-1252 and quoted cells', async () => {
    const { r, rows, rejected } = await all(F('unshipped-one-l-cp1252.tsv'))
    expect(r.hasCancelColumns).toBe(true)
    expect(r.encoding).toBe('windows-1252')
    expect(rejected).toEqual([])
    expect(rows[0]).toMatchObject({
      buyerRequestedCancel: true,
      buyerCancelReason: 'Commandé par erreur',
      title: 'Ceramic Mug 11 oz "White"'
    })
    expect(rows.map((x) => x.buyerRequestedCancel)).toEqual([true, true, true])
  })

  it('says when the cancel columns are missing', async () => {
    const { r, rows } = await all(F('unshipped-no-cancel-columns.tsv'))
    expect(r.hasCancelColumns).toBe(false)
    expect(rows.length).toBe(3)
    expect(rows.every((x) => x.buyerRequestedCancel === undefined)).toBe(true)
  })

  it('rejects bad rows with line, column and what was expected', async () => {
    const { rejected, rows } = await all(F('unshipped-bad-rows.tsv'))
    expect(rows).toEqual([])
    expect(rejected).toEqual([
      { kind: 'rejected', line: 2, column: 'quantity-purchased', reason: '"one" is not a quantity (expected a whole number of units)' },
      {
        kind: 'rejected',
        line: 3,
        column: 'order-id',
        reason: expect.stringMatching(/"112-222" is not an Amazon order id \(expected 3-7-7/)
      },
      { kind: 'rejected', line: 4, column: 'is-buyer-requested-cancellation', reason: '"maybe" is not true or false' }
    ])
  })

  it('reads the all-orders flat file with prices in minor units and Amazon statuses', async () => {
    const { r, rows, rejected } = await all(F('all-orders.tsv'))
    expect(r.format).toBe('all-orders')
    expect(r.hasCancelColumns).toBe(false)
    expect(rejected).toEqual([])
    expect(rows[0]).toMatchObject({
      amazonOrderId: '111-0687106-4490606',
      orderItemId: null,
      status: 'Shipped',
      fulfillmentChannel: 'MFN',
      quantityShipped: 1,
      currency: 'USD',
      itemPriceMinor: 1299,
      itemTaxMinor: 107,
      shippingPriceMinor: 499,
      shippingTaxMinor: 41,
      lastUpdateDate: '2025-09-25T18:00:00.000Z'
    })
    expect(rows[1]).toMatchObject({ status: 'Pending', quantityOrdered: 2, quantityShipped: 0, itemPriceMinor: 2598 })
    expect(rows[3]).toMatchObject({ status: 'Canceled', fulfillmentChannel: 'AFN', itemPriceMinor: null })
  })

  it('refuses a file that is not an order report, naming the missing columns', async () => {
    await expect(openOrderReport(Buffer.from('approval-date\treimbursement-id\n2025-01-01\t1\n'), { file: 'x.tsv' })).rejects.toThrow(
      /x\.tsv: line 1: this is not an Amazon order report: the header lacks the required columns order-id \(or amazon-order-id\), sku, quantity-purchased \(or quantity\)\./
    )
  })

  it('rejects an amount that does not fit the currency', async () => {
    const text =
      'amazon-order-id\tsku\tquantity\tcurrency\titem-price\torder-status\n111-1111111-1111111\tA\t1\tJPY\t12.5\tShipped\n111-1111111-1111112\tA\t1\t\t3.00\tShipped\n'
    const { rejected } = await all(Buffer.from(text))
    expect(rejected).toEqual([
      {
        kind: 'rejected',
        line: 2,
        column: 'item-price',
        reason: '"12.5" is not an amount in JPY (expected a decimal number with at most 0 decimals, e.g. 19.99)'
      },
      {
        kind: 'rejected',
        line: 3,
        column: 'item-price',
        reason: '"3.00" has no currency (expected the currency column to be filled, e.g. USD)'
      }
    ])
  })
})
