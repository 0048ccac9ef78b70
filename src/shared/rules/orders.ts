/**
 * Order-side windows (#17): what the seller must do on an order, a return or an A-to-z / SAFE-T
 * claim, by when. Facts: claim-rules.md §3.1 (SAFE-T) and §3.4, api-changes.md (26 Jan 2026).
 * Where a figure is not found verbatim in Amazon's own text, the note says so.
 */
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
  },
  {
    id: 'order.shipConfirm',
    anchor: 'orderDate',
    scope: '*',
    effectiveFrom: '2000-01-01T00:00:00Z',
    latest: { days: 30 },
    warnBefore: { days: 7 },
    urgentBefore: { days: 2 },
    sources: ['AZ15'],
    note:
      'Confirm shipment within 30 days of the order date or Amazon cancels the order and the seller is not paid (figure of issue #17; ' +
      'claim-rules.md has no verbatim source for 30 days — UNCONFIRMED). AZ15 says Amazon cancels unshipped orders 7 days after the expected ship date: see order.autoCancel.'
  },
  {
    id: 'order.autoCancel',
    anchor: 'latestShipDate',
    scope: '*',
    effectiveFrom: '2000-01-01T00:00:00Z',
    latest: { days: 7 },
    warnBefore: { days: 3 },
    urgentBefore: { days: 1 },
    sources: ['AZ15'],
    note: 'Amazon auto-cancels an unshipped order 7 days after its expected ship date (LatestShipDate).'
  },
  {
    id: 'order.lateShipment',
    anchor: 'latestShipDate',
    scope: '*',
    effectiveFrom: '2000-01-01T00:00:00Z',
    latest: { hours: 0 },
    warnBefore: { hours: 24 },
    urgentBefore: { hours: 6 },
    sources: ['AZ11'],
    note: 'Ship by LatestShipDate: later counts as a late shipment; an A-to-z claim filed on a late order is granted (issue #17; A-to-z Guarantee help AZ11).'
  },
  {
    id: 'order.lateDelivery',
    anchor: 'latestDeliveryDate',
    scope: '*',
    effectiveFrom: '2000-01-01T00:00:00Z',
    latest: { hours: 0 },
    warnBefore: { days: 2 },
    urgentBefore: { hours: 24 },
    sources: ['AZ11'],
    note: 'Deliver by LatestDeliveryDate (A-to-z Guarantee: item not received).'
  },
  {
    id: 'return.refund',
    anchor: 'returnDelivered',
    scope: '*',
    effectiveFrom: '2026-01-26T00:00:00Z',
    latest: { calendarDays: 4 },
    warnBefore: { hours: 48 },
    urgentBefore: { hours: 24 },
    sources: ['EB1'],
    note: 'Seller-fulfilled returns: refund within 4 calendar days after the return is delivered, else Amazon may refund for the seller and SAFE-T eligibility is lost (was 2 business days before 26 Jan 2026; EB1 reports the US announcement).'
  },
  {
    id: 'atoz.infoRequest',
    anchor: 'infoRequested',
    scope: '*',
    effectiveFrom: '2020-01-01T00:00:00Z',
    latest: { hours: 48 },
    urgentBefore: { hours: 12 },
    sources: ['AZ12', 'AZ13'],
    note: 'Answer Amazon’s information request on an A-to-z claim within 48 hours, or the claim is granted and the account debited (US, UK, AU pages).'
  },
  {
    id: 'atoz.appealInfoRequest',
    anchor: 'infoRequested',
    scope: '*',
    effectiveFrom: '2020-01-01T00:00:00Z',
    latest: { hours: 48 },
    urgentBefore: { hours: 12 },
    sources: ['AZ32'],
    note: 'Information requests during an appeal: 48 hours (FR page); other marketplaces are held to the shorter known window.'
  },
  {
    id: 'atoz.appealInfoRequest',
    anchor: 'infoRequested',
    scope: ['ATVPDKIKX0DER'],
    effectiveFrom: '2020-01-01T00:00:00Z',
    latest: { hours: 72 },
    urgentBefore: { hours: 12 },
    sources: ['AZ11'],
    note: 'Information requests during an appeal: 72 hours (US).'
  },
  {
    id: 'atoz.appeal',
    anchor: 'granted',
    scope: '*',
    effectiveFrom: '2020-01-01T00:00:00Z',
    latest: { calendarDays: 30 },
    warnBefore: { days: 7 },
    urgentBefore: { days: 2 },
    sources: ['AZ11', 'AZ32'],
    note: 'Appeal a granted A-to-z claim within 30 calendar days of the grant.'
  },
  {
    id: 'safet.file',
    anchor: 'amazonRefund',
    scope: '*',
    effectiveFrom: '2000-01-01T00:00:00Z',
    latest: { days: 60 },
    warnBefore: { days: 14 },
    urgentBefore: { days: 3 },
    sources: ['AZ25', 'AZ26'],
    note: 'SAFE-T claim (seller-fulfilled only) within 60 days of Amazon’s refund; one claim per order; not for orders with an A-to-z claim.'
  }
]
