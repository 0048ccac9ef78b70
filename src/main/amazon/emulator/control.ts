/**
 * What tests, benches and the demo store can do to a running emulator beyond HTTP: inject
 * failures, move Amazon's clock, read counters, and look at what Amazon received and applied.
 * `advance` moves reports and feeds along first, so every read sees the state at Amazon's now.
 */
import type { ProcessingStatus } from '../spapi/types'
import type { EmulatorContext, EmulatorFailure } from './context'
import type { SellerData } from './data'
import type { AppliedCancellation, AppliedRefund } from './feed-processing'
import { iso } from './apis/common'
import { feedView, injectFeed } from './apis/feeds'
import { reportView } from './apis/reports'

function failureControls(ctx: EmulatorContext) {
  return {
    inject(f: EmulatorFailure) {
      if (f.kind === 'expireTokens') ctx.tokensValidAfter = ctx.now() + 1
      else ctx.failures.push({ ...f })
    },
    pendingFailures: () => ctx.failures.map((f) => ({ ...f })),
    clearFailures: () => {
      ctx.failures.length = 0
    }
  }
}

function clockControls(ctx: EmulatorContext) {
  return {
    /** Amazon's clock minus the machine's, ms (see EmulatorOptions.clockOffsetMs). */
    setClockOffset(ms: number) {
      ctx.clockOffsetMs = ms
    },
    /** Finances posting delay, ms of emulator time (already divided by speedUp). */
    setRefundPostingDelay(ms: number) {
      ctx.refundPostingDelayMs = ms
    },
    /** Amazon's current time (the machine's plus the clock offset). */
    amazonNow: () => ctx.now()
  }
}

function statsControls(ctx: EmulatorContext) {
  const stats = ctx.stats
  return {
    stats: () => ({
      requests: { ...stats.requests },
      throttled: { ...stats.throttled },
      totalRequests: Object.values(stats.requests).reduce((a, b) => a + b, 0),
      totalThrottled: Object.values(stats.throttled).reduce((a, b) => a + b, 0),
      tokensIssued: stats.tokensIssued,
      rdtsIssued: stats.rdtsIssued
    }),
    resetStats() {
      stats.requests = {}
      stats.throttled = {}
    }
  }
}

function sellerControls(ctx: EmulatorContext, advance: () => void) {
  /** The seller's live data (orders change when feeds are applied). */
  const seller = (sellerId: string): SellerData => {
    advance()
    const s = ctx.sellers.get(sellerId)
    if (!s) throw new Error(`emulator has no seller ${sellerId}`)
    return s.data
  }
  const refunds = (filter: { orderId?: string; adjustmentId?: string } = {}): AppliedRefund[] => {
    advance()
    return ctx.refunds.filter(
      (r) => (!filter.orderId || r.orderId === filter.orderId) && (!filter.adjustmentId || r.adjustmentId === filter.adjustmentId)
    )
  }
  const cancellations = (filter: { orderId?: string } = {}): AppliedCancellation[] => {
    advance()
    return ctx.cancellations.filter((c) => !filter.orderId || c.orderId === filter.orderId)
  }
  return {
    seller,
    refunds,
    refundCount: (filter: { orderId?: string; adjustmentId?: string } = {}): number => refunds(filter).length,
    cancellations,
    cancellationCount: (filter: { orderId?: string } = {}): number => cancellations(filter).length,
    /** A buyer asks to cancel an unshipped order item (bumps LastUpdateDate like Amazon does). */
    requestBuyerCancel(sellerId: string, orderId: string, reason = 'Order Created By Mistake') {
      const o = seller(sellerId).orders.find((x) => x.id === orderId)
      if (!o) throw new Error(`no order ${orderId}`)
      for (const i of o.items) i.buyerCancel = { reason }
      o.lastUpdateDate = iso(ctx.now())
    }
  }
}

function reportAndFeedControls(ctx: EmulatorContext, advance: () => void) {
  return {
    /**
     * Another program's feed (another install, another tool): created as if by createFeed with
     * this content, processed and applied like any other. Returns its feedId.
     */
    injectFeed: (sellerId: string, spec: { feedType: string; content: string; marketplaceIds?: string[] }): string =>
      injectFeed(ctx, sellerId, spec),
    report: (id: string) => {
      advance()
      const r = ctx.reports.get(id)
      return r ? reportView(r) : null
    },
    /** Every feed created so far with the document it was created from (what Amazon received). */
    createdFeeds: () => {
      advance()
      return [...ctx.feeds.values()].map((f) => ({
        ...feedView(f),
        content: ctx.docs.get(f.inputFeedDocumentId)?.bytes?.toString('utf8') ?? null
      }))
    },
    feed: (id: string) => {
      advance()
      const f = ctx.feeds.get(id)
      return f ? { ...feedView(f), inputFeedDocumentId: f.inputFeedDocumentId } : null
    },
    /** Status a report has right now (for tests waiting on time-based processing). */
    reportStatus: (id: string): ProcessingStatus | null => {
      advance()
      return ctx.reports.get(id)?.processingStatus ?? null
    }
  }
}

/** The emulator's control handle (merged into what startEmulator returns). */
export function emulatorControls(ctx: EmulatorContext, advance: () => void) {
  return {
    ...failureControls(ctx),
    ...clockControls(ctx),
    ...statsControls(ctx),
    ...sellerControls(ctx, advance),
    ...reportAndFeedControls(ctx, advance)
  }
}
