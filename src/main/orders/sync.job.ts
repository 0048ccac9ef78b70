/**
 * Order sync from the Orders API v0 (#6/#7), every 15 minutes per store through the shared
 * Scheduler (so it catches up after sleep/offline and retries after a failure).
 *
 * getOrders(LastUpdatedAfter = start of the last successful run minus an overlap; 30 days back on
 * the first run), then getOrderItems for every order whose LastUpdateDate is newer than what we
 * store (Amazon bumps LastUpdateDate when a buyer requests a cancellation, sp-api-notes §1.4).
 * Each order is upserted with its items in one transaction (orders/upsert.ts), which also applies
 * the buyer-cancellation hold rules. Rate limits and retries are the SP-API client's job.
 */
import type { Order, OrderItem } from '../amazon/spapi/types'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import { parseCancelFlag } from './buyer-cancel-rules'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import { parseMinor } from '../../shared/money'
import type { OrdersService } from './service'
import { upsertOrder, type IncomingOrder } from './upsert'

export const ORDER_SYNC_JOB = 'orders.sync'
export const ORDER_SYNC_INTERVAL_MS = 15 * 60_000
/** Re-read this much before the last successful run (late LastUpdateDate bumps, clock skew). */
export const ORDER_SYNC_OVERLAP_MS = 60 * 60_000
export const ORDER_SYNC_FIRST_DAYS = 30
/** Amazon wants LastUpdatedAfter at least a couple of minutes in the past. */
const MIN_AGE_MS = 2 * 60_000

export type OrdersClient = {
  listOrders(q: { MarketplaceIds: string[]; LastUpdatedAfter?: string; MaxResultsPerPage?: number }): AsyncGenerator<Order[], void>
  getOrderItems(orderId: string): Promise<OrderItem[]>
}

export type OrderSyncDeps = {
  db: Db
  clock: Clock
  events: EventBus
  orders: OrdersService
  jobs: JobRunsService
  stores: { get(id: string): Promise<{ id: string; marketplaceIds: string[]; hasCredentials: boolean }> }
  clientFor: (storeId: string) => Promise<OrdersClient>
  retryMs?: number
}

/** Pure: LastUpdatedAfter for this run. */
export function syncFrom(now: Date, lastSuccessStartedAt: string | null): string {
  const t = lastSuccessStartedAt
    ? Date.parse(lastSuccessStartedAt) - ORDER_SYNC_OVERLAP_MS
    : now.getTime() - ORDER_SYNC_FIRST_DAYS * 86_400_000
  return new Date(Math.min(t, now.getTime() - MIN_AGE_MS)).toISOString()
}

const minor = (m: { Amount?: string; CurrencyCode?: string } | undefined, fallback: string | null): number | null | undefined => {
  if (!m || m.Amount === undefined) return undefined
  const cur = m.CurrencyCode ?? fallback
  if (!cur) return undefined
  const v = parseMinor(m.Amount, cur)
  if (v === null) throw new AppError('AMAZON_REJECTED', `Amazon sent an amount that is not a number: "${m.Amount}" ${cur}`)
  return v
}

/** Pure: an Orders API order + its items -> what upsertOrder takes. */
export function fromApi(o: Order, items: OrderItem[]): IncomingOrder {
  const currency = o.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice?.CurrencyCode)?.ItemPrice?.CurrencyCode ?? null
  return {
    amazonOrderId: o.AmazonOrderId,
    marketplaceId: o.MarketplaceId ?? null,
    status: o.OrderStatus,
    fulfillmentChannel: o.FulfillmentChannel ?? null,
    purchaseDate: new Date(o.PurchaseDate).toISOString(),
    lastUpdateDate: new Date(o.LastUpdateDate).toISOString(),
    latestShipDate: o.LatestShipDate ? new Date(o.LatestShipDate).toISOString() : undefined,
    latestDeliveryDate: o.LatestDeliveryDate ? new Date(o.LatestDeliveryDate).toISOString() : undefined,
    currency,
    orderTotalMinor: minor(o.OrderTotal, currency) ?? null,
    source: 'api',
    // The request's own time is not in the model: LastUpdateDate is bumped when the buyer asks.
    requestedAt: new Date(o.LastUpdateDate).toISOString(),
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
        itemPriceMinor: minor(i.ItemPrice, c) ?? null,
        itemTaxMinor: minor(i.ItemTax, c) ?? null,
        shippingPriceMinor: minor(i.ShippingPrice, c) ?? null,
        shippingTaxMinor: minor(i.ShippingTax, c) ?? null,
        promotionDiscountMinor: minor(i.PromotionDiscount, c) ?? null,
        buyerRequestedCancel: flag,
        buyerCancelReason: flag ? i.BuyerRequestedCancel?.BuyerCancelReason?.trim() || null : null
      }
    })
  }
}

export type OrderSyncResult = {
  orders: number
  inserted: number
  updated: number
  unchanged: number
  skipped: number
  held: number
  flagged: number
}

export function orderSyncJob(d: OrderSyncDeps): JobDefinition {
  return {
    name: ORDER_SYNC_JOB,
    intervalMs: ORDER_SYNC_INTERVAL_MS,
    retryMs: d.retryMs ?? 5 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const store = await d.stores.get(ctx.storeId)
      if (!store.hasCredentials) return 'not synced: the store has no SP-API credentials yet'
      const from = syncFrom(d.clock.now(), d.jobs.lastSuccess(ORDER_SYNC_JOB, ctx.storeId)?.startedAt ?? null)
      const client = await d.clientFor(ctx.storeId)
      ctx.progress(0, null, `orders updated since ${from}`)
      const list: Order[] = []
      for await (const page of client.listOrders({
        MarketplaceIds: store.marketplaceIds,
        LastUpdatedAfter: from,
        MaxResultsPerPage: 100
      })) {
        if (ctx.signal.aborted) break
        list.push(...page)
        ctx.progress(0, null, `${list.length} orders listed`)
      }
      const r: OrderSyncResult = { orders: list.length, inserted: 0, updated: 0, unchanged: 0, skipped: 0, held: 0, flagged: 0 }
      let done = 0
      for (const o of list) {
        if (ctx.signal.aborted) break
        const known = d.orders.find(ctx.storeId, o.AmazonOrderId)
        const lastUpdate = new Date(o.LastUpdateDate).toISOString()
        if (known && !known.isMinimal && known.source === 'api' && known.lastUpdateDate === lastUpdate && known.status === o.OrderStatus) {
          r.skipped++
        } else {
          const items = await client.getOrderItems(o.AmazonOrderId)
          const incoming = fromApi(o, items)
          const now = d.clock.now().toISOString()
          const out = d.db.transaction((tx) => upsertOrder(tx, d.orders, ctx.storeId, now, incoming))
          r[out.change]++
          if (out.hold === 'held') r.held++
          if (out.hold === 'flagged') r.flagged++
        }
        done++
        ctx.progress(done, list.length, `order ${o.AmazonOrderId}`)
      }
      if (r.inserted + r.updated > 0) d.events.emit('data.changed', { domains: r.held + r.flagged > 0 ? ['orders', 'holds'] : ['orders'] })
      const msg = `${r.orders} orders since ${from.slice(0, 16)}Z: ${r.inserted} new, ${r.updated} updated, ${r.unchanged + r.skipped} unchanged; ${r.held} put On Hold, ${r.flagged} flagged for follow-up`
      if (ctx.signal.aborted) throw new AppError('UNAVAILABLE', `${msg}; interrupted`)
      return msg
    }
  }
}

export function registerOrderSyncJob(scheduler: { register(job: JobDefinition): void }, deps: OrderSyncDeps): void {
  scheduler.register(orderSyncJob(deps))
}
