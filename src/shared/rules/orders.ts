/** Order-side windows (#17 adds the ship-confirm, late-shipment, return-refund, A-to-z and SAFE-T clocks here). */
import type { WindowRule } from './types'

export const ORDER_RULES: WindowRule[] = [
  {
    id: 'order.buyerCancelAnswer',
    anchor: 'cancelRequested',
    scope: '*',
    effectiveFrom: '2022-05-23T00:00:00Z',
    latest: { hours: 48 },
    urgentBefore: { hours: 12 },
    sources: ['SC5', 'AZ15'],
    note: 'Answer a buyer cancellation request within 2 days (Sellercloud; not verbatim in Amazon help).'
  }
]
