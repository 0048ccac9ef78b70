/**
 * Order sync (#6/#7), every 15 minutes per store through the shared Scheduler (so it catches up
 * after sleep/offline and retries after a failure).
 *
 * The orders updated since the start of the last successful run minus an overlap (30 days back on
 * the first run), through the client's Orders API (amazon-orders.ts: v2026-01-01 `searchOrders`
 * with its items and cancellations, or v0 `getOrders` + `getOrderItems` for every order whose
 * LastUpdateDate or status moved; Amazon bumps the update time when a buyer requests a
 * cancellation, sp-api-notes §1.4). Each order is upserted with its items in one transaction
 * (orders/upsert.ts), which also applies the buyer-cancellation hold rules. Rate limits and
 * retries are the SP-API client's job.
 */
import { apiSkipReason } from '../stores/api-access'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import { amazonOrders, fromV0, type ListedOrder, type OrdersApiClient } from './amazon-orders'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import type { OrdersService } from './service'
import { upsertOrder } from './upsert'

export const ORDER_SYNC_JOB = 'orders.sync'
export const ORDER_SYNC_INTERVAL_MS = 15 * 60_000
/** Re-read this much before the last successful run (late LastUpdateDate bumps, clock skew). */
export const ORDER_SYNC_OVERLAP_MS = 60 * 60_000
export const ORDER_SYNC_FIRST_DAYS = 30
/** Amazon wants LastUpdatedAfter at least a couple of minutes in the past. */
const MIN_AGE_MS = 2 * 60_000

/** The SP-API client as order sync uses it (either Orders API version). */
export type OrdersClient = OrdersApiClient

export type OrderSyncDeps = {
  db: Db
  clock: Clock
  events: EventBus
  orders: OrdersService
  jobs: JobRunsService
  stores: { get(id: string): Promise<{ id: string; marketplaceIds: string[]; fileOnly: boolean; hasCredentials: boolean }> }
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

/** The v0 mapping, under its old name (amazon-orders.ts has both versions' mappings). */
export const fromApi = fromV0

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
      const skip = apiSkipReason(store, 'synced')
      if (skip) return skip
      const from = syncFrom(d.clock.now(), d.jobs.lastSuccess(ORDER_SYNC_JOB, ctx.storeId)?.startedAt ?? null)
      const client = await d.clientFor(ctx.storeId)
      ctx.progress(0, null, `orders updated since ${from}`)
      const list: ListedOrder[] = []
      for await (const page of amazonOrders(client).updatedSince(store.marketplaceIds, from)) {
        if (ctx.signal.aborted) break
        list.push(...page)
        ctx.progress(0, null, `${list.length} orders listed`)
      }
      const r: OrderSyncResult = { orders: list.length, inserted: 0, updated: 0, unchanged: 0, skipped: 0, held: 0, flagged: 0 }
      let done = 0
      for (const o of list) {
        if (ctx.signal.aborted) break
        const known = d.orders.find(ctx.storeId, o.amazonOrderId)
        if (known && !known.isMinimal && known.source === 'api' && known.lastUpdateDate === o.lastUpdateDate && known.status === o.status) {
          r.skipped++
        } else {
          const incoming = await o.load()
          const now = d.clock.now().toISOString()
          const out = d.db.transaction((tx) => upsertOrder(tx, d.orders, ctx.storeId, now, incoming))
          r[out.change]++
          if (out.hold === 'held') r.held++
          if (out.hold === 'flagged') r.flagged++
        }
        done++
        ctx.progress(done, list.length, `order ${o.amazonOrderId}`)
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
