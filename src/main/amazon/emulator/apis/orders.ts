/**
 * Orders API v0: getOrders (paginated, by creation or last-update window), getOrder and
 * getOrderItems (paginated by `orderItemsPageSize`), over the seller's live emulated orders.
 * Amazon removes them on 27 March 2027 (spapi/orders-version.ts): from that instant by the
 * emulator's clock they are refused (`v0Removed`), so a test can show the app no longer needs them.
 */
import { MARKETPLACES } from '../../../../shared/ids'
import { formatMinor } from '../../../../shared/money'
import type { OperationName } from '../../spapi/operations'
import { ORDERS_V0_REMOVAL } from '../../spapi/orders-version'
import type { Order, OrderItem } from '../../spapi/types'
import type { EmulatorContext, Handled } from '../context'
import type { EmuOrder } from '../data'
import {
  apiError,
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

const money = (minor: number, currency: string) => ({ CurrencyCode: currency, Amount: formatMinor(minor, currency) })
const countryOf = (mp: string) =>
  Object.values(MARKETPLACES)
    .flat()
    .find((m) => m.id === mp)?.country ?? 'US'

function orderView(o: EmuOrder): Order {
  const live = o.items.filter((i) => !i.canceled)
  const total = live.reduce((a, i) => a + i.priceMinor + i.taxMinor + i.shippingMinor + i.shippingTaxMinor, 0)
  const purchase = new Date(o.purchaseDate).getTime()
  return {
    AmazonOrderId: o.id,
    PurchaseDate: o.purchaseDate,
    LastUpdateDate: o.lastUpdateDate,
    OrderStatus: o.status,
    FulfillmentChannel: o.channel,
    SalesChannel: MARKETPLACE_NAMES[countryOf(o.marketplaceId)]?.name ?? 'Amazon.com',
    ShipServiceLevel: o.shipServiceLevel,
    ...(o.status === 'Canceled' ? {} : { OrderTotal: money(total, o.currency) }),
    NumberOfItemsShipped: o.items.reduce((a, i) => a + i.quantityShipped, 0),
    NumberOfItemsUnshipped: live.reduce((a, i) => a + i.quantity - i.quantityShipped, 0),
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: o.marketplaceId,
    ShipmentServiceLevelCategory: o.shipServiceLevel.startsWith('Exp') ? 'Expedited' : 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: iso(purchase + 3_600_000),
    LatestShipDate: iso(purchase + 2 * DAY),
    LatestDeliveryDate: iso(purchase + 7 * DAY),
    IsBusinessOrder: o.isBusiness,
    IsPrime: o.isPrime,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false
  }
}

function itemView(o: EmuOrder, i: EmuOrder['items'][number]): OrderItem {
  return {
    ASIN: i.asin,
    SellerSKU: i.sku,
    OrderItemId: i.orderItemId,
    Title: i.title,
    QuantityOrdered: i.canceled ? 0 : i.quantity,
    QuantityShipped: i.quantityShipped,
    ProductInfo: { NumberOfItems: '1' },
    ItemPrice: money(i.priceMinor, o.currency),
    ShippingPrice: money(i.shippingMinor, o.currency),
    ItemTax: money(i.taxMinor, o.currency),
    ShippingTax: money(i.shippingTaxMinor, o.currency),
    ShippingDiscount: money(0, o.currency),
    ShippingDiscountTax: money(0, o.currency),
    PromotionDiscount: money(0, o.currency),
    PromotionDiscountTax: money(0, o.currency),
    PromotionIds: [],
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
    BuyerRequestedCancel: {
      IsBuyerRequestedCancel: i.buyerCancel && !i.canceled ? 'true' : 'false',
      BuyerCancelReason: i.buyerCancel && !i.canceled ? i.buyerCancel.reason : ''
    }
  }
}

/** The orders a getOrders query selects (all pages), sorted as Amazon pages them. */
function selectOrders(orders: EmuOrder[], mps: string[], f: URLSearchParams): EmuOrder[] {
  const time = (k: string) => (f.get(k) ? Date.parse(f.get(k)!) : null)
  const [ca, cb, la, lb] = [time('CreatedAfter'), time('CreatedBefore'), time('LastUpdatedAfter'), time('LastUpdatedBefore')]
  const statuses = csv(f, 'OrderStatuses')
  const channels = csv(f, 'FulfillmentChannels')
  const ids = csv(f, 'AmazonOrderIds')
  return orders
    .filter((o) => mps.includes(o.marketplaceId))
    .filter((o) => {
      const p = Date.parse(o.purchaseDate)
      const u = Date.parse(o.lastUpdateDate)
      return (ca === null || p >= ca) && (cb === null || p <= cb) && (la === null || u >= la) && (lb === null || u <= lb)
    })
    .filter(
      (o) =>
        (!statuses.length || statuses.includes(o.status)) &&
        (!channels.length || channels.includes(o.channel)) &&
        (!ids.length || ids.includes(o.id))
    )
    .sort((a, b) => (la !== null ? a.lastUpdateDate.localeCompare(b.lastUpdateDate) : a.purchaseDate.localeCompare(b.purchaseDate)))
}

function getOrders({ query: q, seller, now }: ApiRequest): Handled {
  const token = q.get('NextToken')
  const mps = csv(q, 'MarketplaceIds')
  if (mps.length === 0) return badRequest('MarketplaceIds is required')
  let filters: Record<string, string> = Object.fromEntries(q)
  let offset = 0
  if (token) {
    const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
    if (!d) return badRequest('Invalid NextToken')
    filters = d.f
    offset = d.o
  } else {
    if (!q.get('CreatedAfter') && !q.get('LastUpdatedAfter')) return badRequest('Either CreatedAfter or LastUpdatedAfter must be specified')
    if (q.get('CreatedAfter') && q.get('LastUpdatedAfter')) return badRequest('CreatedAfter and LastUpdatedAfter cannot both be specified')
  }
  const f = new URLSearchParams(filters)
  const size = Math.min(100, Math.max(1, Number(f.get('MaxResultsPerPage') ?? 100)))
  const byUpdate = Boolean(f.get('LastUpdatedAfter'))
  const list = selectOrders(seller.data.orders, mps, f)
  const page = list.slice(offset, offset + size)
  const more = offset + size < list.length
  return {
    status: 200,
    body: {
      payload: {
        Orders: page.map(orderView),
        ...(more ? { NextToken: encodeToken({ f: filters, o: offset + size }) } : {}),
        ...(byUpdate ? { LastUpdatedBefore: iso(now) } : { CreatedBefore: iso(now) })
      }
    }
  }
}

function getOrder({ params, seller }: ApiRequest): Handled {
  const o = seller.data.orders.find((x) => x.id === params[0])
  if (!o) return notFound(`Order ${params[0]} not found`)
  return { status: 200, body: { payload: orderView(o) } }
}

function getOrderItems(ctx: EmulatorContext, { params, query: q, seller }: ApiRequest): Handled {
  const o = seller.data.orders.find((x) => x.id === params[0])
  if (!o) return notFound(`Order ${params[0]} not found`)
  const size = ctx.opts.orderItemsPageSize ?? 100
  const offset = q.get('NextToken') ? (decodeToken<{ o: number }>(q.get('NextToken')!)?.o ?? 0) : 0
  const page = o.items.slice(offset, offset + size)
  const more = offset + size < o.items.length
  return {
    status: 200,
    body: {
      payload: {
        AmazonOrderId: o.id,
        OrderItems: page.map((i) => itemView(o, i)),
        ...(more ? { NextToken: encodeToken({ o: offset + size }) } : {})
      }
    }
  }
}

export const ordersApi = (ctx: EmulatorContext): ApiHandlers<'getOrders' | 'getOrder' | 'getOrderItems'> => ({
  getOrders,
  getOrder,
  getOrderItems: (req) => getOrderItems(ctx, req)
})

const V0_REMOVED_MS = Date.parse(ORDERS_V0_REMOVAL.removedAt)

/**
 * The answer to a removed Orders v0 operation at `now` (Amazon's time), or null while it is served.
 * What Amazon answers for a removed operation is not documented; the emulator says 410 Gone with
 * the removal date and the replacement, which the client reports as Amazon refusing the call.
 */
export function v0Removed(op: OperationName, now: number): Handled | null {
  if (!(ORDERS_V0_REMOVAL.operations as readonly string[]).includes(op) || now < V0_REMOVED_MS) return null
  return {
    status: 410,
    body: apiError(
      'Gone',
      `Orders API v0 ${op} was removed on ${ORDERS_V0_REMOVAL.removedAt.slice(0, 10)}; use ${ORDERS_V0_REMOVAL.replacement}.`
    )
  }
}
