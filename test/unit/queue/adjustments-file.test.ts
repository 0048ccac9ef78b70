import { describe, expect, it } from 'vitest'
import { buildAdjustmentsFile, fileAmount, outcomesFromReport, parseProcessingReport } from '../../../src/main/queue/adjustments-file'

const report = (processed: number, successful: number, rows: string[]) =>
  [
    'Feed Processing Summary:',
    `\tNumber of records processed\t\t${processed}`,
    `\tNumber of records successful\t\t${successful}`,
    '',
    'original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message',
    ...rows
  ].join('\n')

describe('Seller Central Adjustments file', () => {
  it('writes amounts exactly with the two decimals the file requires, also for JPY', () => {
    expect(fileAmount(1240, 'USD')).toBe('12.40')
    expect(fileAmount(150, 'JPY')).toBe('150.00')
    expect(fileAmount(-4200, 'EUR')).toBe('-42.00')
  })

  it('one row per refunded item, components summed into their columns', () => {
    const f = buildAdjustmentsFile([
      {
        id: 7,
        amazonOrderId: '111-1234567-1234567',
        reason: 'CustomerReturn',
        currency: 'EUR',
        lines: [
          {
            orderItemId: '11111111111111',
            sku: 'A',
            quantity: 2,
            components: [
              { type: 'Principal', amountMinor: 1999 },
              { type: 'Tax', amountMinor: 380 }
            ]
          },
          { orderItemId: '22222222222222', sku: 'B', quantity: 1, components: [{ type: 'ShippingTax', amountMinor: 95 }] }
        ]
      }
    ])
    expect(f.content.split('\r\n').slice(1, 3)).toEqual([
      '111-1234567-1234567\t11111111111111\tCustomerReturn\tEUR\t19.99\t3.80\t0.00\t0.00\t0.00\t0.00',
      '111-1234567-1234567\t22222222222222\tCustomerReturn\tEUR\t0.00\t0.00\t0.00\t0.95\t0.00\t0.00'
    ])
    expect(f.rows).toEqual([
      { entryId: 7, orderId: '111-1234567-1234567', orderItemId: '11111111111111' },
      { entryId: 7, orderId: '111-1234567-1234567', orderItemId: '22222222222222' }
    ])
  })

  it('refuses a component without a column (Goodwill) and a reason the file does not accept', () => {
    const base = { id: 1, amazonOrderId: '111-1234567-1234567', currency: 'USD', lines: [] }
    expect(() =>
      buildAdjustmentsFile([
        {
          ...base,
          reason: 'CustomerReturn',
          lines: [{ orderItemId: '1', sku: 'A', quantity: 1, components: [{ type: 'Goodwill', amountMinor: 100 }] }]
        }
      ])
    ).toThrow(/Goodwill.*no column/)
    expect(() => buildAdjustmentsFile([{ ...base, reason: 'PriceError' }])).toThrow(/PriceError.*accepts/)
  })

  it('reads the processing report; an entry with some rows applied and some refused is uncertain, never failed', () => {
    const rows = [
      { entryId: 1, orderId: '111-1111111-1111111', orderItemId: 'A1' },
      { entryId: 1, orderId: '111-1111111-1111111', orderItemId: 'A2' },
      { entryId: 2, orderId: '222-2222222-2222222', orderItemId: 'B1' }
    ]
    const r = parseProcessingReport(report(3, 2, ['2\t111-1111111-1111111\tA2\t18016\tFehler\ttoo much']))
    expect(outcomesFromReport(rows, r)).toEqual([
      { entryId: 1, outcome: 'uncertain', message: expect.stringMatching(/applied 1 row.*refused 1/) },
      { entryId: 2, outcome: 'done', message: null }
    ])
  })

  it('refuses a file that is not a processing report, and a report that does not add up, with line and column', () => {
    expect(() => parseProcessingReport('order-id\tsku\n1\t2')).toThrow(/line 1, column 1: expected the "Feed Processing Summary"/)
    expect(() => parseProcessingReport(report(1, 0, ['1\t111-1111111-1111111\tA1\t1\tOops\tx']))).toThrow(
      /line 6, column 5: error-type "Oops"/
    )
    const rows = [{ entryId: 1, orderId: '111-1111111-1111111', orderItemId: 'A1' }]
    expect(() => outcomesFromReport(rows, parseProcessingReport(report(1, 0, [])))).toThrow(/does not add up/)
    expect(() => outcomesFromReport(rows, parseProcessingReport(report(1, 0, ['1\t999-1111111-1111111\tZ\t1\tError\tx'])))).toThrow(
      /line 6.*not in this batch's file/
    )
  })
})
