/**
 * Deadlines (#17): every clock Amazon runs against the seller, from every domain, in one list.
 * Domains give their open items through a `DeadlineSource` (src/shared/deadlines.ts), registered
 * in the composition root (services.ts); this service merges them, adds the store's name and the
 * stage (warn / urgent / overdue from the rule pack's thresholds), and sorts soonest first.
 *
 * It also keeps the notification ledger (`deadline_notices`: one notification per item and stage)
 * and records the A-to-z claims the returns report flags (a port, answered by the RMAs domain).
 */
import { sql } from 'drizzle-orm'
import type { DeadlineItem } from '../../shared/contract/deadlines'
import { byDue, stageOf, type DeadlineSource } from '../../shared/deadlines'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { deadlineNotices } from '../db/schema'
import type { Logger } from '../log'

export type DeadlineQuery = { storeId?: string; ruleIds?: string[]; orderId?: string; withinMs?: number }

/** The claims an outside report flags, and where to record them (the orders domain's claims). */
export type InferredClaimsPort = {
  flagged(storeId?: string): { storeId: string; orderId: string; requestDate: string | null }[]
  record(flags: { storeId: string; orderId: string; requestDate: string | null }[]): number
}

/** Rules whose notifications another job already shows (holds.notify: 12 h left of a buyer-cancel answer). */
const NOTIFIED_ELSEWHERE = new Set(['order.buyerCancelAnswer'])

export class DeadlinesService {
  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      log: Logger
      storeNames: () => Map<string, string>
      sources: readonly DeadlineSource[]
      inferredClaims?: InferredClaimsPort
    }
  ) {}

  /** Lets the sources compute off the main thread what list(), counts() and takeNotifications() read next (DeadlineSource.prepare). */
  async prepare(storeId?: string): Promise<void> {
    for (const s of this.deps.sources) if (s.prepare) await s.prepare(storeId ? { storeId } : {})
  }

  /** Every rule id the registered sources can produce (the screen's kind filter). */
  ruleIds(): string[] {
    return [...new Set(this.deps.sources.flatMap((s) => s.ruleIds))]
  }

  list(q: DeadlineQuery = {}): { now: string; items: DeadlineItem[]; ruleIds: string[] } {
    const now = this.deps.clock.now()
    const nowMs = now.getTime()
    const names = this.deps.storeNames()
    const kinds = q.ruleIds && q.ruleIds.length > 0 ? new Set(q.ruleIds) : null
    const items: DeadlineItem[] = []
    for (const src of this.deps.sources) {
      if (kinds && !src.ruleIds.some((id) => kinds.has(id))) continue
      let drafts
      try {
        drafts = src.open({ ...(q.storeId ? { storeId: q.storeId } : {}), now })
      } catch (e) {
        // One domain failing must not hide the others' deadlines; the log says which.
        this.deps.log.error('a deadline source failed', { domain: src.domain, error: e })
        continue
      }
      for (const d of drafts) {
        if (kinds && !kinds.has(d.ruleId)) continue
        if (q.orderId && d.orderId !== q.orderId) continue
        if (q.withinMs !== undefined && Date.parse(d.dueAt) - nowMs > q.withinMs) continue
        items.push({ ...d, storeName: names.get(d.storeId) ?? d.storeId, stage: stageOf(d, nowMs) })
      }
    }
    items.sort(byDue)
    return { now: now.toISOString(), items, ruleIds: this.ruleIds() }
  }

  /** Overdue items, and items due before `until` (default: 24 h from now), overdue included. */
  counts(q: { storeId?: string; until?: string } = {}): { overdue: number; dueToday: number } {
    const nowMs = this.deps.clock.now().getTime()
    const until = q.until ? Date.parse(q.until) : nowMs + 86_400_000
    const { items } = this.list(q.storeId ? { storeId: q.storeId } : {})
    let overdue = 0
    let dueToday = 0
    for (const i of items) {
      const t = Date.parse(i.dueAt)
      if (t <= nowMs) overdue++
      if (t <= until) dueToday++
    }
    return { overdue, dueToday }
  }

  /** Records the A-to-z claims the returns report flags (once each); returns how many were new. */
  inferClaims(storeId?: string): number {
    const port = this.deps.inferredClaims
    if (!port) return 0
    return port.record(port.flagged(storeId))
  }

  /**
   * The items that reached a stage (warn, urgent, overdue) not notified yet, marked notified in
   * the same step: each item notifies once per stage, also across restarts. An item first seen
   * already past several stages notifies only its current one.
   */
  takeNotifications(storeId: string): DeadlineItem[] {
    const due = this.list({ storeId }).items.filter((i) => i.stage !== 'ok' && !NOTIFIED_ELSEWHERE.has(i.ruleId))
    if (due.length === 0) return []
    const at = this.deps.clock.now().toISOString()
    const fresh: DeadlineItem[] = []
    this.deps.db.transaction((tx) => {
      for (const i of due) {
        const r = tx.insert(deadlineNotices).values({ itemKey: i.key, stage: i.stage, at }).onConflictDoNothing().run()
        if (r.changes > 0) fresh.push(i)
      }
    })
    return fresh
  }

  /** Forgets notices of items that are no longer open (so the ledger does not grow forever). */
  pruneNotices(openKeys: Set<string>): number {
    const keys = this.deps.db.select({ k: deadlineNotices.itemKey }).from(deadlineNotices).all()
    const gone = [...new Set(keys.map((r) => r.k))].filter((k) => !openKeys.has(k))
    for (const k of gone) this.deps.db.run(sql`DELETE FROM deadline_notices WHERE item_key = ${k}`)
    return gone.length
  }
}
