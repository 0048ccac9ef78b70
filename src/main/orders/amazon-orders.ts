/**
 * Amazon's orders in the app's order model, through either Orders API: the one mapping layer.
 *
 * Orders API v0 (`getOrders` + `getOrderItems` per order, `getOrder`) is removed on 27 March 2027;
 * Orders API v2026-01-01 (`searchOrders`, `getOrder` with `includedData`) replaces it
 * (amazon/spapi/orders-version.ts). Order sync (desktop and team server), buyer-cancellation
 * detection and the queue's cancellation check read orders only through `amazonOrders(client)`,
 * which speaks the client's `ordersApiVersion` and answers `IncomingOrder` (orders/upsert.ts)
 * whichever version answered, so nothing above this file knows the version.
 *
 * How v2026-01-01 maps (models/orders-api-model/orders_2026-01-01.json, read against ordersV0.json):
 * - status: `fulfillment.fulfillmentStatus` (dataset FULFILLMENT) -> the app's statuses, which are
 *   v0's OrderStatus words (STATUS_FROM_2026; v0's `InvoiceUnconfirmed` has no counterpart). A
 *   value Amazon adds later is kept as it is, as an unknown v0 status always was.
 * - channel: `fulfillment.fulfilledBy` MERCHANT/AMAZON -> MFN/AFN.
 * - amounts (dataset PROCEEDS): an item's `proceeds.breakdowns` ITEM, SHIPPING and DISCOUNT
 *   subtotals are v0's ItemPrice, ShippingPrice and PromotionDiscount (line totals: the model's
 *   example has ITEM 99.98 for 2 × unitPrice 49.99); the TAX subtotal's detailedBreakdowns
 *   ITEM / SHIPPING are ItemTax / ShippingTax (a TAX without detail is the item's tax). The order
 *   total is `proceeds.grandTotal`. A category that is absent is 0 when the item has proceeds at
 *   all. DISCOUNT is taken as a positive amount, as v0's PromotionDiscount is (its sign in the new
 *   model is not stated).
 * - quantities (dataset FULFILLMENT): `fulfillment.quantityFulfilled` is QuantityShipped. v2026
 *   keeps `quantityOrdered` on a cancelled item and says so in `cancellation.cancellationExecution`
 *   (dataset CANCELLATION); v0 shows such an item with QuantityOrdered 0, which is what the app
 *   stores and what the queue's cancellation check reads, so an executed cancellation maps to 0.
 * - buyer cancellation (dataset CANCELLATION): `cancellationRequest.requester = BUYER` on an item
 *   that is not cancelled yet is v0's `BuyerRequestedCancel.IsBuyerRequestedCancel = "true"`, with
 *   its `cancelReason`.
 * - personal data: v2026 gives buyer and recipient data through the BUYER / RECIPIENT datasets
 *   (and the seller's roles) instead of a restricted data token; the app stores none of it and
 *   does not ask for them.
 */
import { parseMinor } from '../../shared/money'
import type { CallGuard } from '../amazon/spapi/client'
import type { OrdersApiVersion } from '../amazon/spapi/orders-version'
import type {
  FulfillmentStatus2026,
  IncludedData2026,
  Money2026,
  Order,
  Order2026,
  OrderItem,
  OrderItem2026,
  ProceedsBreakdown2026,
  SearchOrdersQuery
} from '../amazon/spapi/types'
import { AppError } from '../errors'
import { parseCancelFlag } from './buyer-cancel-rules'
import type { IncomingItem, IncomingOrder } from './upsert'

/** What this layer needs of the SP-API client (SpApiClient has all of it). */
export type OrdersApiClient = {
  readonly ordersApiVersion: OrdersApiVersion
  // v0
  listOrders(q: { MarketplaceIds: string[]; LastUpdatedAfter?: string; MaxResultsPerPage?: number }): AsyncGenerator<Order[], void>
  getOrderItems(orderId: string): Promise<OrderItem[]>
  getOrder(orderId: string, opts?: { guard?: CallGuard }): Promise<Order | null>
  // 2026-01-01
  searchAllOrders(q: SearchOrdersQuery): AsyncGenerator<Order2026[], void>
  getOrder2026(orderId: string, includedData: IncludedData2026[], opts?: { guard?: CallGuard }): Promise<Order2026>
}

/** The datasets the app asks v2026-01-01 for: amounts, cancellations, status and quantities. */
export const INCLUDED_DATA: IncludedData2026[] = ['PROCEEDS', 'CANCELLATION', 'FULFILLMENT']

/** v2026-01-01 fulfillment statuses -> the app's order statuses (v0's OrderStatus words). */
export const STATUS_FROM_2026: Record<FulfillmentStatus2026, string> = {
  PENDING_AVAILABILITY: 'PendingAvailability',
  PENDING: 'Pending',
  UNSHIPPED: 'Unshipped',
  PARTIALLY_SHIPPED: 'PartiallyShipped',
  SHIPPED: 'Shipped',
  CANCELLED: 'Canceled',
  UNFULFILLABLE: 'Unfulfillable'
}

/** The app's status for a v2026-01-01 fulfillment status (null: FULFILLMENT was not in the answer). */
export function statusFrom2026(s: string | undefined | null): string | null {
  if (!s) return null
  return (STATUS_FROM_2026 as Record<string, string>)[s] ?? s
}

const CHANNEL_FROM_2026: Record<string, string> = { MERCHANT: 'MFN', AMAZON: 'AFN' }

const iso = (t: string) => new Date(t).toISOString()

function amountOf(amount: string, currency: string): number {
  const v = parseMinor(amount, currency)
  if (v === null) throw new AppError('AMAZON_REJECTED', `Amazon sent an amount that is not a number: "${amount}" ${currency}`)
  return v
}

// ------------------------------------------------------------------------------------------ v0

const minorV0 = (m: { Amount?: string; CurrencyCode?: string } | undefined, fallback: string | null): number | undefined => {
  if (!m || m.Amount === undefined) return undefined
  const cur = m.CurrencyCode ?? fallback
  if (!cur) return undefined
  return amountOf(m.Amount, cur)
}

/** Pure: an Orders API v0 order + its items -> the app's order. */
export function fromV0(o: Order, items: OrderItem[]): IncomingOrder {
  const currency = o.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice?.CurrencyCode)?.ItemPrice?.CurrencyCode ?? null
  return {
    amazonOrderId: o.AmazonOrderId,
    marketplaceId: o.MarketplaceId ?? null,
    status: o.OrderStatus,
    fulfillmentChannel: o.FulfillmentChannel ?? null,
    purchaseDate: iso(o.PurchaseDate),
    lastUpdateDate: iso(o.LastUpdateDate),
    latestShipDate: o.LatestShipDate ? iso(o.LatestShipDate) : undefined,
    latestDeliveryDate: o.LatestDeliveryDate ? iso(o.LatestDeliveryDate) : undefined,
    currency,
    orderTotalMinor: minorV0(o.OrderTotal, currency) ?? null,
    source: 'api',
    // The request's own time is not in the model: LastUpdateDate is bumped when the buyer asks.
    requestedAt: iso(o.LastUpdateDate),
    items: items.map((i) => {
      const c = i.ItemPrice?.CurrencyCode ?? currency
      const flag = parseCancelFlag(i.BuyerRequestedCancel?.IsBuyerRequestedCancel)
      return {
        orderItemId: i.OrderItemId,
        sku: i.SellerSKU ?? i.ASIN,
        asin: i.ASIN,
        title: i.Title ?? null,
        quantityOrdered: i.QuantityOrdered,
        quantityShipped: i.QuantityShipped ?? 0,
        currency: c,
        itemPriceMinor: minorV0(i.ItemPrice, c) ?? null,
        itemTaxMinor: minorV0(i.ItemTax, c) ?? null,
        shippingPriceMinor: minorV0(i.ShippingPrice, c) ?? null,
        shippingTaxMinor: minorV0(i.ShippingTax, c) ?? null,
        promotionDiscountMinor: minorV0(i.PromotionDiscount, c) ?? null,
        buyerRequestedCancel: flag,
        buyerCancelReason: flag ? i.BuyerRequestedCancel?.BuyerCancelReason?.trim() || null : null
      }
    })
  }
}

// ---------------------------------------------------------------------------------- 2026-01-01

const moneyMinor = (m: Money2026 | undefined): number | null => (m ? amountOf(m.amount, m.currencyCode) : null)

function proceedsOf(i: OrderItem2026): Pick<
  IncomingItem,
  'itemPriceMinor' | 'itemTaxMinor' | 'shippingPriceMinor' | 'shippingTaxMinor' | 'promotionDiscountMinor'
> & {
  currency: string | null
} {
  const list = i.proceeds?.breakdowns
  if (!list) return { currency: i.product.price?.unitPrice?.currencyCode ?? null }
  const find = (type: string): ProceedsBreakdown2026 | undefined => list.find((b) => b.type === type)
  const sub = (type: string) => moneyMinor(find(type)?.subtotal) ?? 0
  const tax = find('TAX')
  const detail = (subtype: string) => moneyMinor(tax?.detailedBreakdowns?.find((d) => d.subtype === subtype)?.value)
  const hasDetail = Boolean(tax?.detailedBreakdowns?.length)
  return {
    currency: list[0]?.subtotal.currencyCode ?? i.proceeds?.proceedsTotal?.currencyCode ?? i.product.price?.unitPrice?.currencyCode ?? null,
    itemPriceMinor: sub('ITEM'),
    shippingPriceMinor: sub('SHIPPING'),
    itemTaxMinor: hasDetail ? (detail('ITEM') ?? 0) : sub('TAX'),
    shippingTaxMinor: hasDetail ? (detail('SHIPPING') ?? 0) : 0,
    promotionDiscountMinor: Math.abs(sub('DISCOUNT'))
  }
}

/** Pure: an Orders API v2026-01-01 order (with INCLUDED_DATA) -> the app's order. */
export function fromV2026(o: Order2026): IncomingOrder {
  const items = o.orderItems.map((i): IncomingItem => {
    const p = proceedsOf(i)
    const executed = Boolean(i.cancellation?.cancellationExecution)
    const request = i.cancellation?.cancellationRequest
    const flag = !executed && request?.requester === 'BUYER'
    return {
      orderItemId: i.orderItemId,
      sku: i.product.sellerSku ?? i.product.asin ?? i.orderItemId,
      asin: i.product.asin ?? null,
      title: i.product.title ?? null,
      quantityOrdered: executed ? 0 : i.quantityOrdered,
      quantityShipped: i.fulfillment?.quantityFulfilled ?? 0,
      ...p,
      buyerRequestedCancel: flag,
      buyerCancelReason: flag ? request?.cancelReason?.trim() || null : null
    }
  })
  const currency = o.proceeds?.grandTotal?.currencyCode ?? items.find((i) => i.currency)?.currency ?? null
  return {
    amazonOrderId: o.orderId,
    marketplaceId: o.salesChannel.marketplaceId ?? null,
    status: statusFrom2026(o.fulfillment?.fulfillmentStatus),
    fulfillmentChannel: o.fulfillment?.fulfilledBy ? (CHANNEL_FROM_2026[o.fulfillment.fulfilledBy] ?? o.fulfillment.fulfilledBy) : null,
    purchaseDate: iso(o.createdTime),
    lastUpdateDate: iso(o.lastUpdatedTime),
    // The promised windows' ends are v0's LatestShipDate / LatestDeliveryDate (the deadlines' clocks).
    latestShipDate: o.fulfillment?.shipByWindow?.latestDateTime ? iso(o.fulfillment.shipByWindow.latestDateTime) : undefined,
    latestDeliveryDate: o.fulfillment?.deliverByWindow?.latestDateTime ? iso(o.fulfillment.deliverByWindow.latestDateTime) : undefined,
    currency,
    orderTotalMinor: moneyMinor(o.proceeds?.grandTotal),
    source: 'api',
    // As in v0: lastUpdatedTime is bumped when the buyer asks to cancel.
    requestedAt: iso(o.lastUpdatedTime),
    items
  }
}

// ------------------------------------------------------------------------------ either version

/** One order of a listing: what decides whether it changed, and how to read all of it. */
export type ListedOrder = {
  amazonOrderId: string
  /** ISO instant. */
  lastUpdateDate: string
  /** The app's status word. */
  status: string | null
  /** The whole order (v0: one getOrderItems call; v2026-01-01: already in the listing). */
  load(): Promise<IncomingOrder>
}

export type AmazonOrders = {
  readonly version: OrdersApiVersion
  /** The orders updated at or after `lastUpdatedAfter` in these marketplaces, page by page. */
  updatedSince(marketplaceIds: string[], lastUpdatedAfter: string): AsyncGenerator<ListedOrder[], void>
  /**
   * One order as Amazon has it now (null: Amazon has no such order in its answer). With v0 the
   * items of an order that is Canceled as a whole are not read (its status says it all).
   */
  get(amazonOrderId: string, opts?: { guard?: CallGuard }): Promise<IncomingOrder | null>
}

/** Amazon's orders through the client's Orders API version. */
export function amazonOrders(client: OrdersApiClient): AmazonOrders {
  if (client.ordersApiVersion === 'v0') {
    return {
      version: 'v0',
      async *updatedSince(marketplaceIds, lastUpdatedAfter) {
        for await (const page of client.listOrders({
          MarketplaceIds: marketplaceIds,
          LastUpdatedAfter: lastUpdatedAfter,
          MaxResultsPerPage: 100
        }))
          yield page.map((o) => ({
            amazonOrderId: o.AmazonOrderId,
            lastUpdateDate: iso(o.LastUpdateDate),
            status: o.OrderStatus,
            load: async () => fromV0(o, await client.getOrderItems(o.AmazonOrderId))
          }))
      },
      async get(amazonOrderId, opts = {}) {
        const o = await client.getOrder(amazonOrderId, { guard: opts.guard })
        if (!o) return null
        return fromV0(o, o.OrderStatus === 'Canceled' ? [] : await client.getOrderItems(amazonOrderId))
      }
    }
  }
  return {
    version: '2026-01-01',
    async *updatedSince(marketplaceIds, lastUpdatedAfter) {
      for await (const page of client.searchAllOrders({
        marketplaceIds,
        lastUpdatedAfter,
        maxResultsPerPage: 100,
        includedData: INCLUDED_DATA
      }))
        yield page.map((o) => ({
          amazonOrderId: o.orderId,
          lastUpdateDate: iso(o.lastUpdatedTime),
          status: statusFrom2026(o.fulfillment?.fulfillmentStatus),
          load: async () => fromV2026(o)
        }))
    },
    async get(amazonOrderId, opts = {}) {
      const o = await client.getOrder2026(amazonOrderId, INCLUDED_DATA, { guard: opts.guard })
      return o ? fromV2026(o) : null
    }
  }
}
