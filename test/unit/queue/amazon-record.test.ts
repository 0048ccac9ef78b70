import { describe, expect, it } from 'vitest'
import { AmazonClock } from '../../../src/main/amazon/spapi/amazon-clock'
import type { FinancesTransaction } from '../../../src/main/amazon/spapi/types'
import { matchCancel, matchRefunds, refundLinesOf } from '../../../src/main/queue/amazon-record'

const refundTx = (
  items: { sku: string; total: number; breakdowns?: [string, number][] }[],
  posted = '2026-12-01T10:00:00Z'
): FinancesTransaction => ({
  transactionType: 'Refund',
  transactionId: 'tx-1',
  postedDate: posted,
  relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-1111111-1111111' }],
  totalAmount: { currencyCode: 'USD', currencyAmount: items.reduce((a, i) => a + i.total, 0) },
  items: items.map((i) => ({
    totalAmount: { currencyCode: 'USD', currencyAmount: i.total },
    contexts: [{ contextType: 'ProductContext', sku: i.sku }],
    breakdowns: (i.breakdowns ?? []).map(([t, a]) => ({ breakdownType: t, breakdownAmount: { currencyCode: 'USD', currencyAmount: a } }))
  }))
})
const line = (sku: string, ...amounts: number[]) => ({
  orderItemId: `0000000000000${sku.length}`,
  sku,
  quantity: 1,
  components: amounts.map((a, i) => ({ type: i ? 'Tax' : 'Principal', amountMinor: a }))
})

describe("Amazon's refund record", () => {
  it('reads refund lines exactly (decimal, not float), without Amazon fees, ignoring other transaction types', () => {
    const lines = refundLinesOf([
      refundTx([
        {
          sku: 'A',
          total: -10.3,
          breakdowns: [
            ['ProductCharges', -9.99],
            ['Tax', -0.31],
            ['AmazonFees', 1.2]
          ]
        }
      ]),
      refundTx([{ sku: 'B', total: -0.07 }]),
      { ...refundTx([{ sku: 'C', total: 25 }]), transactionType: 'Shipment', description: 'Order Payment' }
    ])
    expect(lines).toEqual([
      expect.objectContaining({ sku: 'A', currency: 'USD', amountMinor: 1030, transactionId: 'tx-1' }),
      expect.objectContaining({ sku: 'B', amountMinor: 7 })
    ])
  })

  it('applied / absent / partial; an older identical refund of ours does not confirm a new one', () => {
    const amazon = refundLinesOf([
      refundTx([{ sku: 'A', total: -5 }]),
      refundTx([
        { sku: 'A', total: -5 },
        { sku: 'B', total: -2 }
      ])
    ])
    const v = matchRefunds(
      amazon,
      [{ lines: [line('A', 500)], currency: 'USD' }],
      [
        { id: 1, lines: [line('A', 500)], currency: 'USD' },
        { id: 2, lines: [line('A', 500)], currency: 'USD' },
        { id: 3, lines: [line('B', 150, 50), line('C', 100)], currency: 'USD' }
      ]
    )
    expect(v.map((x) => x.verdict)).toEqual(['applied', 'absent', 'partial'])
    expect(v[0]!.evidence).toMatch(/posted 2026-12-01T10:00:00Z, transaction tx-1/)
    // Another currency never matches.
    expect(matchRefunds(amazon, [], [{ id: 4, lines: [line('B', 200)], currency: 'EUR' }])[0]!.verdict).toBe('absent')
  })

  it("cancellations: Canceled order, items at quantity 0, or not applied (the app's order model, either Orders API)", () => {
    const order = (status: string, q1 = 1, q2 = 1) => ({
      status,
      items: [
        { orderItemId: '1', sku: 'A', quantityOrdered: q1 },
        { orderItemId: '2', sku: 'B', quantityOrdered: q2 }
      ]
    })
    const e = {
      id: 1,
      lines: [
        { orderItemId: '1', sku: 'A', quantity: 1 },
        { orderItemId: '2', sku: 'B', quantity: 1 }
      ]
    }
    expect(matchCancel({ status: 'Canceled', items: [] }, e).verdict).toBe('applied')
    expect(matchCancel(order('Unshipped', 0, 0), e).verdict).toBe('applied')
    expect(matchCancel(order('Unshipped', 0, 1), e).verdict).toBe('partial')
    expect(matchCancel(order('Unshipped', 1, 1), e)).toMatchObject({
      verdict: 'absent',
      evidence: 'Amazon shows the order as Unshipped'
    })
    expect(matchCancel(null, e).verdict).toBe('absent')
  })
})

describe("Amazon's clock", () => {
  it('offset from the Date header against the middle of the round trip (second resolution)', () => {
    let wall = Date.parse('2026-12-02T12:10:00.000Z')
    const c = new AmazonClock(() => wall)
    expect(c.offsetMs).toBeNull()
    expect(c.amazonNow()).toBe(wall)
    // Amazon says 12:00:00 (its clock 10 minutes behind); the request took 200 ms.
    c.observe('Wed, 02 Dec 2026 12:00:00 GMT', wall - 200, wall)
    expect(Math.abs(c.offsetMs! + 600_000)).toBeLessThanOrEqual(1000)
    wall += 5000
    expect(Math.abs(c.amazonNow() - Date.parse('2026-12-02T12:00:05.000Z'))).toBeLessThanOrEqual(1000)
    c.observe('not a date', 0, 0)
    expect(Math.abs(c.offsetMs! + 600_000)).toBeLessThanOrEqual(1000)
  })
})
