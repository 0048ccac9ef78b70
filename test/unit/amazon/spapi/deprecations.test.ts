/** Amazon's removal dates per operation: a store that uses one is warned from 90 days before. */
import { describe, expect, it } from 'vitest'
import { DEPRECATIONS, deprecationWarnings, describeWarning } from '../../../../src/main/amazon/spapi/deprecations'

const DAY = 86_400_000
const ORDERS_V0_REMOVAL = Date.parse('2027-03-27T00:00:00Z')
const store = (called: string[], at: Date, configured: string[] = []) => ({
  storeId: 's1',
  storeName: 'Mugs US',
  called: called.map((operation) => ({ operation, lastCalledAt: new Date(at.getTime() - 3600_000).toISOString() })),
  configured
})

describe('SP-API deprecation table', () => {
  it('names operation, API version, replacement, removal date and source for every row', () => {
    for (const d of DEPRECATIONS) {
      expect(d.removalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(d.replacement.length).toBeGreaterThan(0)
      expect(d.source).toMatch(/developer-docs\.amazon\.com/)
    }
    expect(DEPRECATIONS.filter((d) => d.apiVersion === 'v0' && d.api === 'Orders API').map((d) => [d.operation, d.removalDate])).toEqual([
      ['getOrders', '2027-03-27'],
      ['getOrder', '2027-03-27'],
      ['getOrderItems', '2027-03-27']
    ])
  })

  it('warns 89 days before the removal, not 91', () => {
    const at89 = new Date(ORDERS_V0_REMOVAL - 89 * DAY)
    const at91 = new Date(ORDERS_V0_REMOVAL - 91 * DAY)
    expect(deprecationWarnings([store(['getOrders', 'getOrderItems', 'getReports'], at91)], at91)).toEqual([])
    const w = deprecationWarnings([store(['getOrders', 'getOrderItems', 'getReports'], at89)], at89)
    expect(w.map((x) => [x.operation, x.daysLeft])).toEqual([
      ['getOrderItems', 89],
      ['getOrders', 89]
    ])
    expect(w[0]).toMatchObject({
      storeName: 'Mugs US',
      apiVersion: 'v0',
      replacement: expect.stringContaining('2026-01-01'),
      removalDate: '2027-03-27'
    })
    expect(describeWarning(w[1]!)).toContain('Amazon removes on 2027-03-27 (in 89 days)')
  })

  it('counts what a store is configured to use, and forgets calls older than two weeks', () => {
    const at = new Date(ORDERS_V0_REMOVAL - 30 * DAY)
    expect(deprecationWarnings([store([], at, ['getOrder'])], at).map((x) => x.operation)).toEqual(['getOrder'])
    const old = { ...store([], at), called: [{ operation: 'getOrders', lastCalledAt: new Date(at.getTime() - 15 * DAY).toISOString() }] }
    expect(deprecationWarnings([old], at)).toEqual([])
  })

  it('keeps warning after the removal date', () => {
    const after = new Date(ORDERS_V0_REMOVAL + 2 * DAY)
    const w = deprecationWarnings([store(['getOrders'], after)], after)
    expect(w[0]!.daysLeft).toBe(-2)
    expect(describeWarning(w[0]!)).toContain('Amazon removed on 2027-03-27')
  })
})
