/** The reimbursements chart's series builder (issue 12 §4): reversals, empty months, even ticks. */
import { describe, expect, it } from 'vitest'
import { buildChartSeries, defaultChartCurrency, monthsBetween, niceTicks } from '../../../src/renderer/src/pages/reimbursements/series'

const CATS = ['WarehouseLost', 'CustomerReturn', 'ReimbursementCancellation', 'Other'] as const
const g = (month: string, category: string, amountMinor: number, count = 1, currency = 'USD') => ({
  month,
  category,
  currency,
  amountMinor,
  count
})

describe('buildChartSeries', () => {
  it('a month with a payment and its reversal: the payment stacks up, the reversal down, net in between', () => {
    const s = buildChartSeries(
      [g('2025-01', 'WarehouseLost', 1974), g('2025-01', 'ReimbursementCancellation', -1974), g('2025-01', 'CustomerReturn', 1240)],
      { currency: 'USD', categories: CATS }
    )
    expect(s.months).toEqual([
      {
        month: '2025-01',
        cells: {
          WarehouseLost: { amountMinor: 1974, count: 1 },
          ReimbursementCancellation: { amountMinor: -1974, count: 1 },
          CustomerReturn: { amountMinor: 1240, count: 1 }
        },
        positiveMinor: 3214,
        negativeMinor: -1974,
        netMinor: 1240,
        count: 3
      }
    ])
    // Heights: positive categories above zero, the reversal below; nothing hides anything.
    expect(s.rows).toEqual([{ month: '2025-01', WarehouseLost: 19.74, CustomerReturn: 12.4, ReimbursementCancellation: -19.74 }])
    expect(s.categories).toEqual(['WarehouseLost', 'CustomerReturn', 'ReimbursementCancellation'])
    // The axis reaches the tallest stack up (32.14) and the deepest down (-19.74), evenly spaced.
    expect(s.ticksMinor).toEqual([-2000, 0, 2000, 4000])
  })

  it('every month of the range appears, empty ones included, and only the chosen currency counts', () => {
    const s = buildChartSeries(
      [g('2025-01', 'WarehouseLost', 500), g('2025-04', 'Other', -250), g('2025-02', 'WarehouseLost', 9999, 1, 'EUR')],
      {
        currency: 'USD',
        categories: CATS,
        from: '2024-12-15',
        to: '2025-05-02'
      }
    )
    expect(s.months.map((m) => m.month)).toEqual(['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05'])
    expect(s.rows[2]).toEqual({ month: '2025-02', WarehouseLost: 0, Other: 0 })
    expect(s.months[3]).toMatchObject({ count: 0, netMinor: 0, cells: {} })
    expect(s.months[4]).toMatchObject({ negativeMinor: -250, positiveMinor: 0, netMinor: -250 })
  })

  it('within one reason, a month nets payment and reversal exactly (the table total for that month and reason)', () => {
    const s = buildChartSeries([g('2025-03', 'WarehouseLost', 123456, 2), g('2025-03', 'WarehouseLost', -500, 1)], {
      currency: 'USD',
      categories: CATS
    })
    expect(s.months[0]!.cells.WarehouseLost).toEqual({ amountMinor: 122956, count: 3 })
  })

  it('without a date filter the range runs from the first to the last month with data', () => {
    const s = buildChartSeries([g('2024-11', 'Other', 100), g('2025-02', 'Other', 100)], { currency: 'USD', categories: CATS })
    expect(s.months.map((m) => m.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02'])
  })
})

describe('niceTicks', () => {
  it('are evenly spaced steps of 1, 2 or 5 × 10^n and include zero', () => {
    for (const [lo, hi] of [
      [0, 123456],
      [-98765, 4321],
      [-1, 1],
      [0, 7],
      [-250000000, 999999999]
    ]) {
      const t = niceTicks(lo!, hi!, 2)
      const steps = new Set(t.slice(1).map((v, i) => v - t[i]!))
      expect(steps.size).toBe(1)
      const step = [...steps][0]!
      expect(String(step)).toMatch(/^[125]0*$/)
      expect(t).toContain(0)
      expect(t[0]!).toBeLessThanOrEqual(lo!)
      expect(t.at(-1)!).toBeGreaterThanOrEqual(hi!)
      expect(t.length).toBeLessThanOrEqual(6)
    }
  })
  it('yen (no minor unit) steps in whole yen', () => {
    expect(niceTicks(0, 2400, 0)).toEqual([0, 500, 1000, 1500, 2000, 2500])
  })
})

describe('months and currency', () => {
  it('monthsBetween crosses years', () => expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']))
  it("defaults to the selected store's main currency when it has data", () => {
    expect(defaultChartCurrency(['EUR', 'GBP', 'USD'], 'USD')).toBe('USD')
    expect(defaultChartCurrency(['EUR', 'GBP'], 'USD')).toBe('EUR')
    expect(defaultChartCurrency([], 'USD')).toBeUndefined()
  })
})
