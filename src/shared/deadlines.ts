/**
 * The Deadlines screen's provider interface (#17). Each domain that runs a clock against the
 * seller exports a `DeadlineSource` and the composition root (`src/main/services.ts`) registers it
 * with one line; the deadlines service merges them. The claims finder (#15) plugs its windows in
 * the same way: a source whose items carry its rule ids ("claim.fcLost", …).
 *
 * Pure and shared: the stage of an item is a function of the instant asked about.
 */
import type { DeadlineItem, DeadlineStage } from './contract/deadlines'

/** An item as a source gives it: the service adds the store's name and the stage. */
export type DeadlineDraft = Omit<DeadlineItem, 'storeName' | 'stage'>

export interface DeadlineSource {
  /** The domain, for logs and errors ("orders", "rmas", "claims"). */
  readonly domain: string
  /** The rule ids this source can produce (the screen's kind filter). */
  readonly ruleIds: readonly string[]
  /**
   * Open items only (done ones — shipped, refunded, answered — are not listed: they stay in the
   * order's or RMA's history). `storeId` absent: every store.
   */
  open(q: { storeId?: string; now: Date }): DeadlineDraft[]
  /**
   * Optional: computes off the main thread what open() will read (the claims finder), for callers
   * that can wait (the screens' requests, the notification job). open() works without it.
   */
  prepare?(q: { storeId?: string }): Promise<void>
}

export function stageOf(i: Pick<DeadlineItem, 'dueAt' | 'warnFrom' | 'urgentFrom'>, nowMs: number): DeadlineStage {
  if (nowMs >= Date.parse(i.dueAt)) return 'overdue'
  if (i.urgentFrom && nowMs >= Date.parse(i.urgentFrom)) return 'urgent'
  if (i.warnFrom && nowMs >= Date.parse(i.warnFrom)) return 'warn'
  return 'ok'
}

/** Soonest first; overdue items are the soonest (their due time is in the past). Ties by key, so the order is stable. */
export const byDue = (a: Pick<DeadlineItem, 'dueAt' | 'key'>, b: Pick<DeadlineItem, 'dueAt' | 'key'>): number =>
  a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0
