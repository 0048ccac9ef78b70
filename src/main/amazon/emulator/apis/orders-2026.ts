/**
 * Orders API v2026-01-01: searchOrders (paginated by `paginationToken`) and getOrder (served as
 * the operation `getOrder2026`), over the same live emulated orders as Orders v0 (apis/orders.ts),
 * in the shapes of models/orders_2026-01-01.json.
 *
 * What an answer holds follows `includedData`: proceeds (PROCEEDS), cancellation requests and
 * executions (CANCELLATION), fulfillment status and item quantities (FULFILLMENT), buyer (BUYER)
 * and delivery address (RECIPIENT); the order's ids, times, sales channel and items' products
 * always come. A cancellation the seller's order acknowledgement feed applied is executed by
 * MERCHANT with the feed's CancelReason; a buyer's request stays on the item after it.
 */
import { MARKETPLACES } from '../../../../shared/ids'
import { formatMinor } from '../../../../shared/money'
import type { FulfillmentStatus2026, Money2026, Order2026, OrderItem2026, ProceedsBreakdown2026 } from '../../spapi/types'
import type { Handled } from '../context'
import type { EmuItem, EmuOrder } from '../data'
import {
  badRequest,
  csv,
  DAY,
  decodeToken,
  encodeToken,
  iso,
  MARKETPLACE_NAMES,
  notFound,
  type ApiHandlers,
  type ApiRequest
} from './common'

const STATUS_2026: Record<EmuOrder['status'], FulfillmentStatus2026> = {
  Pending: 'PENDING',
  Unshipped: 'UNSHIPPED',
  Shipped: 'SHIPPED',
  Canceled: 'CANCELLED'
}

const money = (minor: number, currency: string): Money2026 => ({ amount: formatMinor(minor, currency), currencyCode: currency })
const countryOf = (mp: string) =>
  Object.values(MARKETPLACES)
    .flat()
    .find((m) => m.id === mp)?.country ?? 'US'

function itemProceeds(i: EmuItem, currency: string): OrderItem2026['proceeds'] {
  const breakdowns: ProceedsBreakdown2026[] = [
    { type: 'ITEM', subtotal: money(i.priceMinor, currency) },
    { type: 'SHIPPING', subtotal: money(i.shippingMinor, currency) },
    {
      type: 'TAX',
      subtotal: money(i.taxMinor + i.shippingTaxMinor, currency),
      detailedBreakdowns: [
        { subtype: 'ITEM', value: money(i.taxMinor, currency) },
        { subtype: 'SHIPPING', value: money(i.shippingTaxMinor, currency) }
      ]
    }
  ]
  return { proceedsTotal: money(i.priceMinor + i.shippingMinor + i.taxMinor + i.shippingTaxMinor, currency), breakdowns }
}

function itemView(o: EmuOrder, i: EmuItem, inc: Set<string>): OrderItem2026 {
  const cancellation: NonNullable<OrderItem2026['cancellation']> = {
    ...(i.buyerCancel ? { cancellationRequest: { requester: 'BUYER', cancelReason: i.buyerCancel.reason } } : {}),
    ...(i.canceled ? { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: i.cancelReason ?? '' } } : {})
  }
  return {
    orderItemId: i.orderItemId,
    quantityOrdered: i.quantity,
    product: {
      asin: i.asin,
      title: i.title,
      sellerSku: i.sku,
      condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
      price: { unitPrice: money(Math.round(i.priceMinor / Math.max(1, i.quantity)), o.currency) }
    },
    ...(inc.has('PROCEEDS') ? { proceeds: itemProceeds(i, o.currency) } : {}),
    ...(inc.has('CANCELLATION') && Object.keys(cancellation).length ? { cancellation } : {}),
    ...(inc.has('FULFILLMENT')
      ? { fulfillment: { quantityFulfilled: i.quantityShipped, quantityUnfulfilled: i.canceled ? 0 : i.quantity - i.quantityShipped } }
      : {})
  }
}

function orderView(o: EmuOrder, inc: Set<string>): Order2026 {
  const live = o.items.filter((i) => !i.canceled)
  const sum = (f: (i: EmuItem) => number) => live.reduce((a, i) => a + f(i), 0)
  const purchase = Date.parse(o.purchaseDate)
  const country = countryOf(o.marketplaceId)
  return {
    orderId: o.id,
    createdTime: o.purchaseDate,
    lastUpdatedTime: o.lastUpdateDate,
    programs: [...(o.isPrime ? ['PRIME'] : []), ...(o.isBusiness ? ['AMAZON_BUSINESS'] : [])],
    salesChannel: {
      channelName: 'AMAZON',
      marketplaceId: o.marketplaceId,
      marketplaceName: MARKETPLACE_NAMES[country]?.name ?? 'Amazon.com'
    },
    ...(inc.has('BUYER') ? { buyer: { buyerName: o.buyer.name, buyerEmail: o.buyer.email } } : {}),
    ...(inc.has('RECIPIENT')
      ? {
          recipient: {
            deliveryAddress: {
              name: o.address.name,
              addressLine1: o.address.line1,
              city: o.address.city,
              stateOrRegion: o.address.state,
              postalCode: o.address.postal,
              countryCode: o.address.country,
              phone: o.buyer.phone
            }
          }
        }
      : {}),
    ...(inc.has('PROCEEDS')
      ? {
          proceeds: {
            // Like v0's OrderTotal: none once the whole order is cancelled.
            ...(o.status === 'Canceled'
              ? {}
              : {
                  grandTotal: money(
                    sum((i) => i.priceMinor + i.shippingMinor + i.taxMinor + i.shippingTaxMinor),
                    o.currency
                  )
                }),
            breakdowns: [
              {
                type: 'ITEM',
                subtotal: money(
                  sum((i) => i.priceMinor),
                  o.currency
                )
              },
              {
                type: 'SHIPPING',
                subtotal: money(
                  sum((i) => i.shippingMinor),
                  o.currency
                )
              },
              {
                type: 'TAX',
                subtotal: money(
                  sum((i) => i.taxMinor + i.shippingTaxMinor),
                  o.currency
                )
              }
            ]
          }
        }
      : {}),
    ...(inc.has('FULFILLMENT')
      ? {
          fulfillment: {
            fulfillmentStatus: STATUS_2026[o.status],
            fulfilledBy: o.channel === 'AFN' ? 'AMAZON' : 'MERCHANT',
            fulfillmentServiceLevel: o.shipServiceLevel.startsWith('Exp') ? 'EXPEDITED' : 'STANDARD',
            shipByWindow: { earliestDateTime: iso(purchase + 3_600_000), latestDateTime: iso(purchase + 2 * DAY) },
            // Ends where v0's LatestDeliveryDate does (apis/orders.ts).
            deliverByWindow: { earliestDateTime: iso(purchase + 3 * DAY), latestDateTime: iso(purchase + 7 * DAY) }
          }
        }
      : {}),
    orderItems: o.items.map((i) => itemView(o, i, inc))
  }
}

/** The query parameters a paginationToken is bound to ("must be provided with the same values"). */
const PAGE_BOUND = [
  'createdAfter',
  'createdBefore',
  'lastUpdatedAfter',
  'lastUpdatedBefore',
  'fulfillmentStatuses',
  'marketplaceIds',
  'fulfilledBy'
] as const

function searchOrders({ query: q, seller, now }: ApiRequest): Handled {
  const bound = Object.fromEntries(PAGE_BOUND.map((k) => [k, q.get(k) ?? '']))
  let offset = 0
  const token = q.get('paginationToken')
  if (token) {
    const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
    if (!d || typeof d.o !== 'number') return badRequest('Invalid paginationToken')
    // "All other parameters must be provided with the same values that were provided with the
    // request that generated this token, with the exception of maxResultsPerPage and includedData".
    const changed = PAGE_BOUND.filter((k) => (d.f[k] ?? '') !== bound[k])
    if (changed.length) return badRequest(`paginationToken was issued for other values of ${changed.join(', ')}`)
    offset = d.o
  }
  const mps = csv(q, 'marketplaceIds')
  const markets = mps.length ? mps : seller.data.config.marketplaceIds
  const time = (k: string) => (q.get(k) ? Date.parse(q.get(k)!) : null)
  const [ca, cb, la, lb] = [time('createdAfter'), time('createdBefore'), time('lastUpdatedAfter'), time('lastUpdatedBefore')]
  const statuses = csv(q, 'fulfillmentStatuses')
  const by = csv(q, 'fulfilledBy')
  const list = seller.data.orders
    .filter((o) => markets.includes(o.marketplaceId))
    .filter((o) => {
      const p = Date.parse(o.purchaseDate)
      const u = Date.parse(o.lastUpdateDate)
      return (ca === null || p >= ca) && (cb === null || p <= cb) && (la === null || u >= la) && (lb === null || u <= lb)
    })
    .filter((o) => !statuses.length || statuses.includes(STATUS_2026[o.status]))
    .filter((o) => !by.length || by.includes(o.channel === 'AFN' ? 'AMAZON' : 'MERCHANT'))
    .sort((a, b) => (la !== null ? a.lastUpdateDate.localeCompare(b.lastUpdateDate) : a.purchaseDate.localeCompare(b.purchaseDate)))
  const size = Number(q.get('maxResultsPerPage') ?? 100)
  const inc = new Set(csv(q, 'includedData'))
  const page = list.slice(offset, offset + size)
  const more = offset + size < list.length
  return {
    status: 200,
    body: {
      orders: page.map((o) => orderView(o, inc)),
      ...(more ? { pagination: { nextToken: encodeToken({ f: bound, o: offset + size }) } } : {}),
      ...(la !== null ? { lastUpdatedBefore: iso(lb ?? now) } : { createdBefore: iso(cb ?? now) })
    }
  }
}

function getOrder({ params, query: q, seller }: ApiRequest): Handled {
  const o = seller.data.orders.find((x) => x.id === params[0])
  if (!o) return notFound(`Order ${params[0]} not found`)
  return { status: 200, body: { order: orderView(o, new Set(csv(q, 'includedData'))) } }
}

export const orders2026Api = (): ApiHandlers<'searchOrders' | 'getOrder2026'> => ({
  searchOrders,
  getOrder2026: getOrder
})
