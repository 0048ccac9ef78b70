/**
 * The demo's near-deadline items (emulator/data.ts `placeNearDeadlines`) are placed from the
 * emulator's clock when it starts, not from its anchor (midnight UTC of that day): started at
 * 18:00 UTC, the order bought "8½ days ago" still has half a day to confirm its shipment (by the
 * app's own rule, `shipConfirmWindow`, on the LatestShipDate the emulator's Orders API gives), and
 * the MFN return is delivered back 2 days before that clock (its refund clock well open). Nothing else of
 * the seed's data moves with the clock, for the demo seller or any other.
 */
import { describe, expect, it } from 'vitest'
import { ordersApi } from '../../../src/main/amazon/emulator/apis/orders'
import { createContext } from '../../../src/main/amazon/emulator/context'
import { generateSellerData, type EmuStoreConfig } from '../../../src/main/amazon/emulator/data'
import { DEMO_SELLER } from '../../../src/main/amazon/emulator/demo-stores'
import { shipConfirmWindow } from '../../../src/main/orders/deadlines'
import { RULES } from '../../../src/shared/rules'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MIDNIGHT = Date.parse('2026-12-03T00:00:00.000Z')
const EVENING = MIDNIGHT + 18 * HOUR
const OTHER: EmuStoreConfig = { ...DEMO_SELLER, sellerId: 'A2OTHERSELLER9', nearDeadlines: false }

describe('emulator: the demo near-deadline items follow the clock at start', () => {
  it('started at 18:00 UTC, the order has ½ day left to confirm shipment and the return was delivered 2 days before', () => {
    const ctx = createContext({ seed: 'demo', stores: [DEMO_SELLER], now: () => EVENING })
    const seller = ctx.sellers.get(DEMO_SELLER.sellerId)!
    const mp = DEMO_SELLER.marketplaceIds[0]!
    // The near-deadline order: the one unshipped order over a week old (the demo's fresh ones are hours old).
    const near = seller.data.orders.filter((o) => o.status === 'Unshipped' && Date.parse(o.purchaseDate) < EVENING - 7 * DAY)
    expect(near).toHaveLength(1)
    const got = ordersApi(ctx).getOrder({ params: [near[0]!.id], query: new URLSearchParams(), body: null, seller, now: EVENING })
    const order = (got.body as { payload: { PurchaseDate: string; LatestShipDate: string; MarketplaceId: string } }).payload
    const w = shipConfirmWindow({
      marketplaceId: order.MarketplaceId,
      purchaseDate: order.PurchaseDate,
      latestShipDate: order.LatestShipDate
    })
    expect(Date.parse(w!.closesAt) - EVENING).toBe(12 * HOUR)
    // Still past LatestShipDate and LatestDeliveryDate (late shipment / late delivery clocks run).
    expect(Date.parse(order.LatestShipDate)).toBeLessThan(EVENING)

    // The near-deadline return (not refunded, delivered back 2 days before the clock at start).
    const open = seller.data.mfnReturns.filter(
      (r) => r.refundedMinor === null && r.deliveryDate === new Date(EVENING - 2 * DAY).toISOString().replace('.000Z', 'Z')
    )
    expect(open).toHaveLength(1)
    const refund = RULES.place('return.refund', mp, open[0]!.deliveryDate!)
    // The refund window counts business days in the marketplace's time zone: more than a day is left.
    expect(Date.parse(refund!.closesAt) - EVENING).toBeGreaterThan(DAY)
  })

  it('moves only those two items: every other order, return, reimbursement and ledger row is the same at 00:00 and 18:00', () => {
    const anchor = new Date(MIDNIGHT)
    const atMidnight = generateSellerData('demo', DEMO_SELLER, anchor, MIDNIGHT)
    const atEvening = generateSellerData('demo', DEMO_SELLER, anchor, EVENING)
    const byId = new Map(atMidnight.orders.map((o) => [o.id, o]))
    const movedOrders = atEvening.orders.filter((o) => JSON.stringify(o) !== JSON.stringify(byId.get(o.id)))
    expect(movedOrders.map((o) => [o.id, Date.parse(o.purchaseDate) - Date.parse(byId.get(o.id)!.purchaseDate)])).toEqual([
      [movedOrders[0]?.id, 18 * HOUR]
    ])
    expect(atEvening.orders.map((o) => o.id).sort()).toEqual(atMidnight.orders.map((o) => o.id).sort())
    const movedReturns = atEvening.mfnReturns.filter((r, i) => JSON.stringify(r) !== JSON.stringify(atMidnight.mfnReturns[i]))
    expect(movedReturns).toHaveLength(1)
    expect(Date.parse(movedReturns[0]!.deliveryDate!) - EVENING).toBe(-2 * DAY)
    for (const k of ['reimbursements', 'fbaReturns', 'ledger', 'catalog', 'removalOrders', 'inboundShipments'] as const)
      expect(atEvening[k], k).toEqual(atMidnight[k])
    // A seller without near-deadline items: identical whatever the clock.
    expect(generateSellerData('demo', OTHER, anchor, EVENING)).toEqual(generateSellerData('demo', OTHER, anchor, MIDNIGHT))
  })
})
