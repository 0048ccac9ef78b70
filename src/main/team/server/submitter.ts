/**
 * Batch submission on the team server — the only place a team's refunds and cancellations are
 * sent to Amazon. Never twice, across machines:
 *
 * - **One submitter per (store, feed type)**, under a lease in `team_leases` with a fencing token
 *   (Kleppmann 2016). Taking the lease increments the token; the lease expires by PostgreSQL's
 *   clock (`now()`), so the servers' own clocks never decide who holds it.
 * - **Every batch state change is fenced**: in one transaction, the lease row is read `FOR SHARE`
 *   (a taker's increment waits for this transaction) and must still carry this holder's token, and
 *   the batch is updated `WHERE lease_token = $token` (the token it was claimed with). A paused
 *   former holder's write changes nothing; it gets `LeaseLost` and stops driving.
 * - **Each step is committed before the next network call** (the state machine of
 *   queue/submission.ts: open → document_created → uploaded → submitting → submitted → done |
 *   failed | uncertain), the Amazon-time `submit_mark` just before createFeed, and the lease is
 *   renewed immediately before createFeed (the SP-API client never waits longer than it covers).
 * - **After a crash, Amazon's record decides before anything is resent**: a batch left in
 *   `submitting` lists the feeds of its type since the mark and asks Amazon's record of every
 *   entry (queue/amazon-record.ts: Finances transactions for refunds, the order's status for
 *   cancellations) — all applied → adopt/finish, none applied and no feed → submit again,
 *   anything else → uncertain (a person decides).
 */
import { hostname } from 'node:os'
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm'
import type { CallGuard } from '../../amazon/spapi/client'
import { parseProcessingReport, XML_FEED_CONTENT_TYPE, type ProcessingReport } from '../../amazon/feeds/xml'
import type { CancelLine, RefundLine } from '../../db/schema/queue'
import { AppError, isAppError } from '../../errors'
import type { Logger } from '../../log'
import {
  alreadyAtAmazon,
  checkAmazonRecord,
  preflightDue,
  preflightEmptied,
  preflightReason,
  type RecordEntry,
  type Verdict
} from '../../queue/amazon-record'
import { buildFeedDocuments } from '../../queue/feed-builder'
import { FINAL_STATES, WAIT, type EngineTimings, type FeedClient } from '../../queue/submission'
import type { TeamDb, TeamTx } from '../pg/db'
import { teamLeases, teamOrders, teamQueueBatchEntries, teamQueueBatches, teamQueueEntries } from '../pg/schema'
import type { CancelInput, RefundInput } from '../../../shared/contract'
import { ORDER_SYNC_INTERVAL_MS, type OrdersClient } from '../../orders/sync.job'
import { queueLeaseFromEnv, scaledTimings } from '../../queue/submission'
import { teamStores } from '../pg/schema'
import { recordChanges } from './changes'
import { acceptHold, declineHold, listHolds } from './holds'
import type { CommandHandlers } from './ledger'
import { historyEnglish } from '../../../shared/order-history'
import { addHistory, getOrder, listOrders, syncTeamOrders } from './orders'
import {
  batchChanges,
  cancelCommand,
  entriesForOrder,
  entryChanges,
  listBatches,
  listQueue,
  processCommand,
  refundCommand,
  rejectCommand,
  releaseCancel
} from './queue'

type BatchRow = typeof teamQueueBatches.$inferSelect
export type Lease = {
  storeId: string
  feedType: string
  token: number
  holder: string
  /** Local ms until which the lease is known to hold (measured from before the last renewal was sent). */
  until: number
  /** Set when a renewal was refused: every further step stops. */
  lost?: boolean
}
export type DriveResult = { state: string; wakeAt: number | null; waitReason: string | null }

/** This holder's lease was taken over (or expired): its writes are refused and it stops. */
export class LeaseLost extends AppError {
  constructor(what: string) {
    super('CONFLICT', `The submission lease was lost (${what}): another server holds it now.`)
  }
}

export type TeamSubmitterDeps = {
  db: TeamDb
  log: Logger
  clientFor(storeId: string): Promise<{ client: FeedClient; marketplaceIds: string[]; timings: EngineTimings }>
  /** Unique per process (host:pid:random by default). */
  holder?: string
  leaseMs?: number
  /** Test hook: called after each committed state change. */
  onStep?: (batchId: number, state: string) => void
}

const SEARCH_MARGIN_MS = 60_000
const isFinal = (s: string) => (FINAL_STATES as readonly string[]).includes(s)

export class TeamSubmitter {
  readonly holder: string
  readonly leaseMs: number
  private stopped = false

  constructor(private readonly d: TeamSubmitterDeps) {
    this.holder = d.holder ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
    this.leaseMs = d.leaseMs ?? 120_000
  }

  stop(): void {
    this.stopped = true
  }

  // -------------------------------------------------------------------------- the lease

  /** Takes the (store, feed type) lease when it is free or expired: the token goes up by one. */
  async takeLease(storeId: string, feedType: string): Promise<Lease | null> {
    const db = this.d.db
    await db.insert(teamLeases).values({ storeId, feedType }).onConflictDoNothing()
    const before = Date.now()
    const rows = await db
      .update(teamLeases)
      .set({
        holder: this.holder,
        token: sql`${teamLeases.token} + 1`,
        expiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`
      })
      .where(
        and(
          eq(teamLeases.storeId, storeId),
          eq(teamLeases.feedType, feedType),
          sql`(${teamLeases.holder} IS NULL OR ${teamLeases.expiresAt} IS NULL OR ${teamLeases.expiresAt} < now())`
        )
      )
      .returning({ token: teamLeases.token })
    if (rows.length !== 1) return null
    return { storeId, feedType, token: rows[0]!.token, holder: this.holder, until: before + this.leaseMs }
  }

  /** Extends the lease (only while it still carries our token); throws LeaseLost otherwise. */
  async renew(lease: Lease): Promise<void> {
    const before = Date.now()
    const rows = await this.d.db
      .update(teamLeases)
      .set({ expiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval` })
      .where(
        and(
          eq(teamLeases.storeId, lease.storeId),
          eq(teamLeases.feedType, lease.feedType),
          eq(teamLeases.token, lease.token),
          eq(teamLeases.holder, lease.holder),
          sql`${teamLeases.expiresAt} >= now()`
        )
      )
      .returning({ token: teamLeases.token })
    if (rows.length !== 1) {
      lease.lost = true
      throw new LeaseLost('renewal refused')
    }
    lease.until = before + this.leaseMs
  }

  async release(lease: Lease): Promise<void> {
    await this.d.db
      .update(teamLeases)
      .set({ holder: null, expiresAt: null })
      .where(and(eq(teamLeases.storeId, lease.storeId), eq(teamLeases.feedType, lease.feedType), eq(teamLeases.token, lease.token)))
  }

  /** For the SP-API client: how long the lease (as last renewed) still lasts; refuses once it is over. */
  private guard(lease: Lease): CallGuard {
    return {
      check: () => {
        const left = lease.until - Date.now()
        if (lease.lost) throw new LeaseLost('a renewal was refused')
        if (left <= 0) throw new LeaseLost('expired while waiting')
        return left
      }
    }
  }

  /**
   * Runs `fn` in a transaction fenced by the lease: the lease row is read FOR SHARE and must still
   * carry our token (a taker's increment waits until we commit, and we see it if it committed).
   */
  async fenced<T>(lease: Lease, fn: (tx: TeamTx) => Promise<T>): Promise<T> {
    return this.d.db.transaction(async (tx) => {
      const [l] = await tx
        .select({ token: teamLeases.token, holder: teamLeases.holder })
        .from(teamLeases)
        .where(and(eq(teamLeases.storeId, lease.storeId), eq(teamLeases.feedType, lease.feedType)))
        .for('share')
      if (!l || l.token !== lease.token || l.holder !== lease.holder) throw new LeaseLost(`token ${lease.token} is no longer current`)
      return fn(tx)
    })
  }

  /** A fenced batch update: `WHERE id = $id AND lease_token = $token`; nothing changed = the lease was lost. */
  async setBatch(lease: Lease, id: number, patch: Partial<BatchRow>, tx?: TeamTx): Promise<void> {
    const write = async (t: TeamTx) => {
      const rows = await t
        .update(teamQueueBatches)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(and(eq(teamQueueBatches.id, id), eq(teamQueueBatches.leaseToken, lease.token)))
        .returning({ id: teamQueueBatches.id })
      if (rows.length !== 1) throw new LeaseLost(`batch ${id} carries another token`)
      await recordChanges(t, await batchChanges(t, [id]))
    }
    if (tx) await write(tx)
    else await this.fenced(lease, write)
    if (patch.state) this.d.onStep?.(id, patch.state)
  }

  /** Claims a batch for this lease: it now carries our token (a former holder's token no longer matches). */
  async claim(lease: Lease, id: number): Promise<boolean> {
    return this.fenced(lease, async (tx) => {
      const rows = await tx
        .update(teamQueueBatches)
        .set({ leaseToken: lease.token })
        .where(
          and(
            eq(teamQueueBatches.id, id),
            eq(teamQueueBatches.storeId, lease.storeId),
            eq(teamQueueBatches.feedType, lease.feedType),
            notInArray(teamQueueBatches.state, [...FINAL_STATES]),
            sql`${teamQueueBatches.leaseToken} <= ${lease.token}`
          )
        )
        .returning({ id: teamQueueBatches.id })
      return rows.length === 1
    })
  }

  private async row(id: number): Promise<BatchRow> {
    const [r] = await this.d.db.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, id))
    if (!r) throw new AppError('NOT_FOUND', `No batch ${id}`)
    return r
  }

  // -------------------------------------------------------------------------- driving

  /** Drives every unfinished batch once (each (store, feed type) under its lease). Returns the earliest wake. */
  async runOnce(): Promise<{ wakeAt: number | null; results: Map<number, DriveResult> }> {
    const open = await this.d.db
      .select({ id: teamQueueBatches.id, storeId: teamQueueBatches.storeId, feedType: teamQueueBatches.feedType })
      .from(teamQueueBatches)
      .where(notInArray(teamQueueBatches.state, [...FINAL_STATES]))
      .orderBy(asc(teamQueueBatches.id))
    const groups = new Map<string, { storeId: string; feedType: string; ids: number[] }>()
    for (const b of open) {
      const k = `${b.storeId}\u0000${b.feedType}`
      const g = groups.get(k) ?? { storeId: b.storeId, feedType: b.feedType, ids: [] }
      g.ids.push(b.id)
      groups.set(k, g)
    }
    let wake: number | null = null
    const results = new Map<number, DriveResult>()
    for (const g of groups.values()) {
      if (this.stopped) break
      const lease = await this.takeLease(g.storeId, g.feedType)
      if (!lease) {
        // Another server holds it: look again when it may have expired.
        wake = Math.min(wake ?? Infinity, Date.now() + Math.max(50, this.leaseMs / 4))
        continue
      }
      // Heartbeat: the lease is renewed (compare-and-set on the token) a few times per lease while
      // this holder works, so the SP-API client's synchronous guard can rely on `lease.until`.
      const beat = setInterval(() => void this.renew(lease).catch(() => undefined), Math.max(50, this.leaseMs / 3))
      try {
        for (const id of g.ids) {
          if (this.stopped) break
          if (!(await this.claim(lease, id))) continue
          const r = await this.drive(lease, id)
          results.set(id, r)
          if (r.wakeAt !== null) wake = Math.min(wake ?? Infinity, r.wakeAt)
        }
      } catch (e) {
        if (!(e instanceof LeaseLost)) throw e
        this.d.log.warn('submission lease lost; stopped driving', { storeId: g.storeId, feedType: g.feedType, token: lease.token })
        continue
      } finally {
        clearInterval(beat)
      }
      await this.release(lease).catch(() => undefined)
    }
    return { wakeAt: wake, results }
  }

  /** Drives until every batch is final or the deadline passes (tests, the CLI). */
  async settle(opts: { deadlineMs?: number } = {}): Promise<void> {
    const end = Date.now() + (opts.deadlineMs ?? 10 * 60_000)
    while (!this.stopped && Date.now() < end) {
      const { wakeAt } = await this.runOnce()
      const [left] = await this.d.db
        .select({ n: sql<number>`count(*)::int` })
        .from(teamQueueBatches)
        .where(notInArray(teamQueueBatches.state, [...FINAL_STATES]))
      if ((left?.n ?? 0) === 0) return
      const ms = Math.max(20, Math.min((wakeAt ?? Date.now() + 200) - Date.now(), end - Date.now()))
      await new Promise((r) => setTimeout(r, ms))
    }
  }

  private async wait(lease: Lease, id: number, state: string, ms: number, reason: string): Promise<DriveResult> {
    await this.setBatch(lease, id, { waitReason: reason })
    return { state, wakeAt: Date.now() + ms, waitReason: reason }
  }

  private async recordEntries(id: number): Promise<RecordEntry[]> {
    const rows = await this.d.db
      .select({
        id: teamQueueEntries.id,
        kind: teamQueueEntries.kind,
        currency: teamQueueEntries.currency,
        lines: teamQueueEntries.lines,
        amazonOrderId: teamOrders.amazonOrderId
      })
      .from(teamQueueBatchEntries)
      .innerJoin(teamQueueEntries, eq(teamQueueEntries.id, teamQueueBatchEntries.entryId))
      .innerJoin(teamOrders, eq(teamOrders.id, teamQueueEntries.orderId))
      .where(eq(teamQueueBatchEntries.batchId, id))
      .orderBy(asc(teamQueueBatchEntries.messageId))
    return rows.map((r) => ({ ...r, lines: r.lines }) as RecordEntry)
  }

  /** Our own finished refunds of each order outside this batch (they account for Amazon's older refunds). */
  private async knownRefunds(
    batchId: number,
    storeId: string
  ): Promise<(amazonOrderId: string) => { lines: RefundLine[]; currency: string | null }[]> {
    const rows = await this.d.db
      .select({
        amazonOrderId: teamOrders.amazonOrderId,
        lines: teamQueueEntries.lines,
        currency: teamQueueEntries.currency,
        batchId: teamQueueEntries.batchId
      })
      .from(teamQueueEntries)
      .innerJoin(teamOrders, eq(teamOrders.id, teamQueueEntries.orderId))
      .where(and(eq(teamQueueEntries.storeId, storeId), eq(teamQueueEntries.kind, 'refund'), eq(teamQueueEntries.status, 'done')))
      .orderBy(asc(teamQueueEntries.id))
    return (amazonOrderId) =>
      rows
        .filter((r) => r.amazonOrderId === amazonOrderId && r.batchId !== batchId)
        .map((r) => ({ lines: r.lines as RefundLine[], currency: r.currency }))
  }

  /**
   * Takes the refunds Amazon already shows out of a batch before its first submission (fenced by
   * the lease): they become `rejected` with the evidence, the order's history says why, and the
   * feed document is rebuilt from the rest (MessageIDs renumbered). True when nothing was left
   * (the batch is then failed).
   */
  private async dropDuplicates(lease: Lease, id: number, dup: Verdict[]): Promise<boolean> {
    const drop = dup.map((v) => v.entryId)
    const emptied = await this.fenced(lease, async (tx) => {
      const now = new Date()
      for (const v of dup) {
        const why = preflightReason(v)
        const [e] = await tx
          .update(teamQueueEntries)
          .set({ status: 'rejected', batchId: null, rejectReason: why, updatedAt: now })
          .where(and(eq(teamQueueEntries.id, v.entryId), eq(teamQueueEntries.status, 'batched'), eq(teamQueueEntries.batchId, id)))
          .returning({ orderId: teamQueueEntries.orderId })
        if (e)
          await addHistory(
            tx,
            e.orderId,
            'refund-duplicate',
            {
              code: 'refund-duplicate',
              params: { entryId: v.entryId, postedAt: v.postedAt ?? null, transactionId: v.transactionId ?? null }
            },
            null,
            now
          )
      }
      await tx.delete(teamQueueBatchEntries).where(and(eq(teamQueueBatchEntries.batchId, id), inArray(teamQueueBatchEntries.entryId, drop)))
      const rest = await tx
        .select({
          id: teamQueueEntries.id,
          kind: teamQueueEntries.kind,
          reason: teamQueueEntries.reason,
          currency: teamQueueEntries.currency,
          lines: teamQueueEntries.lines,
          amazonOrderId: teamOrders.amazonOrderId,
          storeId: teamQueueEntries.storeId
        })
        .from(teamQueueBatchEntries)
        .innerJoin(teamQueueEntries, eq(teamQueueEntries.id, teamQueueBatchEntries.entryId))
        .innerJoin(teamOrders, eq(teamOrders.id, teamQueueEntries.orderId))
        .where(eq(teamQueueBatchEntries.batchId, id))
        .orderBy(asc(teamQueueBatchEntries.messageId))
      await recordChanges(tx, await entryChanges(tx, drop))
      this.d.log.info('refunds Amazon already shows taken out of a batch before sending', { batchId: id, dropped: drop, left: rest.length })
      if (rest.length === 0) {
        await this.setBatch(
          lease,
          id,
          { state: 'failed', error: preflightEmptied(dup), waitReason: null, messageCount: 0, finishedAt: now },
          tx
        )
        return true
      }
      const [store] = await tx.select({ sellerId: teamStores.sellerId }).from(teamStores).where(eq(teamStores.id, rest[0]!.storeId))
      const [doc] = buildFeedDocuments(
        'refund',
        store!.sellerId!,
        rest.map((e) => ({ ...e, kind: 'refund' as const, lines: e.lines as RefundLine[] })),
        Number.MAX_SAFE_INTEGER
      )
      // Two passes so the (batch, message) unique index never sees a clash while renumbering.
      for (const sign of [-1, 1])
        for (const x of doc!.entries)
          await tx
            .update(teamQueueBatchEntries)
            .set({ messageId: sign * x.messageId })
            .where(and(eq(teamQueueBatchEntries.batchId, id), eq(teamQueueBatchEntries.entryId, x.entryId)))
      await this.setBatch(
        lease,
        id,
        { content: doc!.content, contentBytes: doc!.bytes, messageCount: doc!.entries.length, uploadUrl: null, uploadUrlAt: null },
        tx
      )
      return false
    })
    return emptied
  }

  /** Moves one claimed batch as far as it can go now. */
  async drive(lease: Lease, id: number): Promise<DriveResult> {
    const first = await this.row(id)
    const { client, marketplaceIds, timings } = await this.d.clientFor(first.storeId)
    for (;;) {
      if (this.stopped) return { state: (await this.row(id)).state, wakeAt: null, waitReason: null }
      const r = await this.row(id)
      if (isFinal(r.state)) return { state: r.state, wakeAt: null, waitReason: null }
      if (r.leaseToken !== lease.token) throw new LeaseLost(`batch ${id} was claimed with token ${r.leaseToken}`)
      await this.renew(lease)
      try {
        switch (r.state) {
          case 'open':
          case 'document_created': {
            // The duplicate-refund pre-flight (single-seat's rule, queue/amazon-record.ts): a refund
            // Amazon already shows is taken out before the first send.
            if (preflightDue(r)) {
              const dup = await alreadyAtAmazon(
                client,
                await this.recordEntries(id),
                await this.knownRefunds(id, r.storeId),
                this.guard(lease)
              )
              if (dup.length) {
                if (await this.dropDuplicates(lease, id, dup)) return { state: 'failed', wakeAt: null, waitReason: null }
                continue
              }
            }
            const fresh = r.uploadUrl && r.uploadUrlAt && Date.now() - r.uploadUrlAt.getTime() < timings.uploadUrlTtlMs
            let url = r.uploadUrl
            if (!fresh) {
              const doc = await client.createFeedDocument(XML_FEED_CONTENT_TYPE)
              await this.setBatch(lease, id, {
                state: 'document_created',
                feedDocumentId: doc.feedDocumentId,
                uploadUrl: doc.url,
                uploadUrlAt: new Date(),
                waitReason: null
              })
              url = doc.url
            }
            await client.uploadFeedDocument(url!, r.content, XML_FEED_CONTENT_TYPE)
            await this.setBatch(lease, id, { state: 'uploaded', waitReason: null })
            continue
          }
          case 'uploaded': {
            if (client.clockOffsetMs === null) await client.listFeeds({ feedTypes: [r.feedType], pageSize: 1 })
            const [last] = await this.d.db
              .select({ m: sql<Date | null>`max(${teamQueueBatches.submitMark})` })
              .from(teamQueueBatches)
              .where(
                and(
                  eq(teamQueueBatches.storeId, r.storeId),
                  eq(teamQueueBatches.feedType, r.feedType),
                  sql`${teamQueueBatches.id} <> ${id}`
                )
              )
            const lastMs = last?.m ? new Date(last.m).getTime() : null
            const amazonNow = client.amazonNow()
            if (lastMs !== null && amazonNow - lastMs < timings.spacingMs) {
              const ms = lastMs + timings.spacingMs - amazonNow
              return this.wait(lease, id, r.state, ms, `next ${r.feedType} slot at ${new Date(Date.now() + ms).toISOString()}`)
            }
            // The mark (Amazon's time) is committed BEFORE createFeed: after a crash it bounds the recovery search.
            await this.setBatch(lease, id, {
              state: 'submitting',
              submitMark: new Date(amazonNow),
              attempts: r.attempts + 1,
              waitReason: null
            })
            // Renewed immediately before the request; the client never waits past the lease.
            await this.renew(lease)
            let feedId: string
            try {
              feedId = (
                await client.createFeed(
                  { feedType: r.feedType, marketplaceIds, inputFeedDocumentId: r.feedDocumentId! },
                  { guard: this.guard(lease) }
                )
              ).feedId
            } catch (e) {
              if (e instanceof LeaseLost) throw e
              const details = isAppError(e)
                ? (e.details as { mayHaveBeenProcessed?: boolean; retryAfterMs?: number } | undefined)
                : undefined
              // Maybe submitted: stay in 'submitting'; recovery decides with getFeeds and Amazon's record.
              if (details?.mayHaveBeenProcessed) return this.wait(lease, id, 'submitting', timings.recoveryGraceMs, WAIT.recovery)
              if (isAppError(e) && (e.code === 'OFFLINE' || e.code === 'THROTTLED' || e.code === 'UNAVAILABLE' || e.code === 'CONFLICT')) {
                // Never reached Amazon: submit again later.
                this.d.log.warn('createFeed was not sent; trying again later', { batchId: id, error: e })
                await this.setBatch(lease, id, { state: 'uploaded', submitMark: null })
                return this.wait(lease, id, 'uploaded', Math.max(timings.pollMs, details?.retryAfterMs ?? 0), WAIT.throttled)
              }
              if (isAppError(e)) {
                await this.finish(lease, id, 'failed', `Amazon refused the feed: ${e.message}`, null)
                return { state: 'failed', wakeAt: null, waitReason: null }
              }
              throw e
            }
            await this.setBatch(lease, id, { state: 'submitted', feedId, submittedAt: new Date(), waitReason: null })
            continue
          }
          case 'submitting': {
            const markMs = r.submitMark!.getTime()
            const since = markMs - timings.spacingMs - SEARCH_MARGIN_MS
            const feeds = (
              await client.listFeeds({ feedTypes: [r.feedType], createdSince: new Date(since).toISOString(), pageSize: 100 })
            ).filter((f) => f.feedType === r.feedType)
            const claimedRows = await this.d.db
              .select({ feedId: teamQueueBatches.feedId })
              .from(teamQueueBatches)
              .where(
                and(
                  eq(teamQueueBatches.storeId, r.storeId),
                  sql`${teamQueueBatches.feedId} IS NOT NULL`,
                  sql`${teamQueueBatches.id} <> ${id}`
                )
              )
            const claimed = new Set(claimedRows.map((x) => x.feedId))
            const candidates = feeds.filter((f) => !claimed.has(f.feedId))
            const amazonNow = client.amazonNow()
            if (candidates.length === 0 && amazonNow - markMs < timings.recoveryGraceMs)
              return this.wait(lease, id, r.state, timings.recoveryGraceMs - (amazonNow - markMs), WAIT.recovery)
            if (candidates.some((f) => f.processingStatus === 'IN_QUEUE' || f.processingStatus === 'IN_PROGRESS'))
              return this.wait(lease, id, r.state, timings.pollMs, WAIT.candidateProcessing)
            // Never resend on a guess, never adopt on a guess: Amazon's record of every entry decides.
            const verdicts = await checkAmazonRecord(
              client,
              await this.recordEntries(id),
              await this.knownRefunds(id, r.storeId),
              this.guard(lease)
            )
            const all = (v: Verdict['verdict']) => verdicts.every((x) => x.verdict === v)
            const evidence = new Map(verdicts.map((v) => [v.entryId, v.evidence]))
            if (all('applied')) {
              if (candidates.length === 1) {
                this.d.log.info('feed adopted after an interrupted createFeed: Amazon shows every entry applied', {
                  batchId: id,
                  feedId: candidates[0]!.feedId
                })
                await this.setBatch(lease, id, {
                  state: 'submitted',
                  feedId: candidates[0]!.feedId,
                  submittedAt: new Date(candidates[0]!.createdTime ?? Date.now()),
                  waitReason: null
                })
                continue
              }
              await this.finish(lease, id, 'done', null, null, evidence)
              return { state: 'done', wakeAt: null, waitReason: null }
            }
            if (candidates.length === 0 && all('absent')) {
              this.d.log.info('no feed arrived and Amazon shows none of the entries: submitting again', { batchId: id })
              await this.setBatch(lease, id, { state: 'uploaded', waitReason: null })
              continue
            }
            const ends = candidates.map((f) => Date.parse(f.processingEndTime ?? f.createdTime)).filter((x) => !Number.isNaN(x))
            const latest = Math.max(markMs, ...ends)
            if (r.kind === 'refund' && candidates.length > 0 && amazonNow < latest + timings.financesLagMs) {
              const left = latest + timings.financesLagMs - amazonNow
              const again = Math.min(left, Math.max(timings.pollMs, Math.min(timings.financesLagMs / 96, (amazonNow - latest) / 2)))
              return this.wait(lease, id, r.state, again, WAIT.amazonRecord)
            }
            const ids = candidates.map((f) => f.feedId).join(', ')
            const why =
              candidates.length === 0
                ? `No feed arrived at Amazon, but its record shows part of this batch (${verdicts.map((v) => v.evidence).join('; ')}).`
                : `Amazon shows ${candidates.length} ${r.feedType} feed(s) since ${new Date(since).toISOString()} that no batch here claims (${ids}), but its record does not show every entry of this batch applied.`
            await this.finish(
              lease,
              id,
              'uncertain',
              `${why} Not resent automatically: check Seller Central before resending anything.`,
              null,
              evidence
            )
            return { state: 'uncertain', wakeAt: null, waitReason: null }
          }
          case 'submitted': {
            const feed = await client.getFeed(r.feedId!)
            if (feed.processingStatus === 'IN_QUEUE' || feed.processingStatus === 'IN_PROGRESS') {
              await this.setBatch(lease, id, { processingStatus: feed.processingStatus })
              return this.wait(lease, id, r.state, timings.pollMs, WAIT.processing)
            }
            await this.setBatch(lease, id, { processingStatus: feed.processingStatus })
            if (feed.processingStatus === 'CANCELLED') {
              await this.finish(lease, id, 'failed', 'Amazon cancelled the feed; nothing in it was applied.', null)
              return { state: 'failed', wakeAt: null, waitReason: null }
            }
            if (feed.processingStatus === 'FATAL') {
              await this.finish(
                lease,
                id,
                'uncertain',
                'Amazon reported FATAL: some, none or all entries may have been applied. Check Seller Central before resending.',
                null
              )
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            const doc = await client.feedResult(feed)
            const text = doc ? await doc.text() : ''
            let report: ProcessingReport | null = null
            try {
              report = text ? parseProcessingReport(text) : null
            } catch (e) {
              await this.finish(
                lease,
                id,
                'uncertain',
                `The processing report could not be read (${(e as Error).message}); check Seller Central.`,
                null
              )
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            if (!report) {
              await this.finish(lease, id, 'uncertain', 'Amazon produced no processing report; check Seller Central.', null)
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            if (report.summary.processed !== r.messageCount) {
              await this.finish(
                lease,
                id,
                'uncertain',
                `Amazon's processing report for feed ${r.feedId} covers ${report.summary.processed} message(s), this batch has ${r.messageCount}: the feed may not be ours. Check Seller Central before resending.`,
                null
              )
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            await this.finish(lease, id, 'done', null, report, null, feed.resultFeedDocumentId ?? null)
            return { state: 'done', wakeAt: null, waitReason: null }
          }
          default:
            return { state: r.state, wakeAt: null, waitReason: null }
        }
      } catch (e) {
        if (e instanceof LeaseLost) throw e
        if (isAppError(e) && e.code === 'THROTTLED') return this.wait(lease, id, (await this.row(id)).state, timings.pollMs, WAIT.throttled)
        if (isAppError(e) && (e.code === 'OFFLINE' || e.code === 'UNAVAILABLE'))
          return this.wait(lease, id, (await this.row(id)).state, timings.pollMs, WAIT.network)
        // Anything else: record it, keep the state (nothing is lost), try again later.
        this.d.log.error('team batch step failed', { batchId: id, error: e })
        await this.setBatch(lease, id, { error: isAppError(e) ? `${e.code}: ${e.message}` : 'unexpected error (see the server log)' })
        return { state: (await this.row(id)).state, wakeAt: Date.now() + timings.pollMs * 4, waitReason: null }
      }
    }
  }

  /** Final state + per-entry results + order effects, in one fenced transaction. */
  private async finish(
    lease: Lease,
    id: number,
    state: 'done' | 'failed' | 'uncertain',
    error: string | null,
    report: ProcessingReport | null,
    evidence: Map<number, string> | null = null,
    resultDocumentId: string | null = null
  ): Promise<void> {
    await this.fenced(lease, async (tx) => {
      const now = new Date()
      const [b] = await tx.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, id))
      const rows = await tx
        .select({ entryId: teamQueueBatchEntries.entryId, messageId: teamQueueBatchEntries.messageId, e: teamQueueEntries })
        .from(teamQueueBatchEntries)
        .innerJoin(teamQueueEntries, eq(teamQueueEntries.id, teamQueueBatchEntries.entryId))
        .where(eq(teamQueueBatchEntries.batchId, id))
      const byMsg = new Map<number, { code: string; text: string; level: string }[]>()
      let wholeDoc: string | null = null
      for (const res of report?.results ?? []) {
        if (res.messageId === 0 && res.resultCode === 'Error') wholeDoc = `${res.resultMessageCode}: ${res.description}`
        byMsg.set(res.messageId, [
          ...(byMsg.get(res.messageId) ?? []),
          { code: res.resultMessageCode, text: res.description, level: res.resultCode }
        ])
      }
      const ref = { batchId: id, feedId: b?.feedId ?? null, documentId: b?.feedDocumentId ?? null }
      for (const r of rows) {
        let result: 'ok' | 'warning' | 'error'
        let message: string | null = null
        let code: string | null = null
        if (state === 'done') {
          const res = byMsg.get(r.messageId) ?? []
          const err = res.find((x) => x.level === 'Error')
          if (wholeDoc) [result, message] = ['error', wholeDoc]
          else if (err) [result, message, code] = ['error', err.text, err.code]
          else if (res.length) [result, message, code] = ['warning', res.map((x) => x.text).join('; '), res[0]!.code]
          else [result, message] = ['ok', evidence?.get(r.entryId) ?? null]
        } else {
          result = 'error'
          message = evidence?.has(r.entryId) ? `${error ?? ''} ${evidence.get(r.entryId)}.`.trim() : error
        }
        const entryStatus = state === 'uncertain' ? 'uncertain' : result === 'error' ? 'failed' : 'done'
        await tx
          .update(teamQueueBatchEntries)
          .set({ result: state === 'uncertain' ? 'pending' : result, resultCode: code, resultMessage: message })
          .where(and(eq(teamQueueBatchEntries.batchId, id), eq(teamQueueBatchEntries.entryId, r.entryId)))
        await tx
          .update(teamQueueEntries)
          .set({ status: entryStatus, resultMessage: message, updatedAt: now })
          .where(eq(teamQueueEntries.id, r.entryId))
        const e = r.e
        if (e.kind === 'refund') {
          await addHistory(
            tx,
            e.orderId,
            entryStatus === 'done' ? 'refund-confirmed' : `refund-${entryStatus}`,
            { code: 'batch-result', params: { ...ref, message } },
            null,
            now
          )
        } else if (entryStatus === 'done') {
          const left = await tx.execute<{ n: number }>(
            sql`SELECT coalesce(sum(greatest(0, quantity_ordered - quantity_shipped - quantity_cancelled)), 0)::int AS n FROM team_order_items WHERE order_id = ${e.orderId}`
          )
          // As the desktop's OrdersService.cancelConfirmed: all gone → Amazon's status is Canceled;
          // a partial cancel releases the rest to ship (a hold it came from is answered).
          const [pending] = await tx
            .select({ id: teamQueueEntries.id })
            .from(teamQueueEntries)
            .where(
              and(
                eq(teamQueueEntries.orderId, e.orderId),
                eq(teamQueueEntries.kind, 'cancel'),
                inArray(teamQueueEntries.status, ['queued', 'batched', 'uncertain']),
                sql`${teamQueueEntries.id} <> ${e.id}`
              )
            )
          if ((left.rows[0]?.n ?? 0) === 0)
            await tx.update(teamOrders).set({ status: 'Canceled', updatedAt: now }).where(eq(teamOrders.id, e.orderId))
          else if (!pending)
            await tx
              .update(teamOrders)
              .set({
                cancelledAt: null,
                localStatus:
                  e.holdId !== null
                    ? sql`CASE WHEN ${teamOrders.localStatus} = 'On Hold' THEN 'In Process' ELSE ${teamOrders.localStatus} END`
                    : sql`${teamOrders.localStatus}`,
                updatedAt: now
              })
              .where(eq(teamOrders.id, e.orderId))
          await addHistory(
            tx,
            e.orderId,
            'cancel-confirmed',
            {
              code: 'batch-result',
              params: { ...ref, message: null, lines: (e.lines as CancelLine[]).map((l) => ({ sku: l.sku, quantity: l.quantity })) }
            },
            null,
            now
          )
        } else if (entryStatus === 'failed') {
          const entry = { code: 'not-cancelled', params: { ...ref, message } } as const
          await releaseCancel(tx, e, historyEnglish(entry), entry, now)
        } else await addHistory(tx, e.orderId, 'cancel-uncertain', { code: 'batch-result', params: { ...ref, message } }, null, now)
      }
      await this.setBatch(
        lease,
        id,
        { state, error, resultDocumentId, summary: report ? report.summary : null, waitReason: null, finishedAt: now },
        tx
      )
      await recordChanges(
        tx,
        await entryChanges(
          tx,
          rows.map((r) => r.entryId)
        )
      )
      this.d.log.info('team batch finished', { batchId: id, state })
    })
  }
}

/** Unfinished batches' ids (for status output). */
export async function openBatchIds(db: TeamDb): Promise<number[]> {
  const rows = await db
    .select({ id: teamQueueBatches.id })
    .from(teamQueueBatches)
    .where(notInArray(teamQueueBatches.state, [...FINAL_STATES]))
  return rows.map((r) => r.id)
}

// ---------------------------------------------------------------------------- the domain

/**
 * The team server's view of this domain (tserver's `TeamDomain` in team/server/types.ts:
 * `{ name, commands, reads, jobs }`): the commands and reads above, and two jobs — order sync for
 * every team store, and the submitter.
 */
export type OrdersQueueJobDeps = {
  db: TeamDb
  log: Logger
  clock: { now(): Date }
  spApi: { forStore(storeId: string): Promise<FeedClient & OrdersClient & { marketplaceIds: string[]; timeScale: number }> }
}

export const ORDER_SYNC_EVERY_MS = ORDER_SYNC_INTERVAL_MS

export const ordersQueueDomain = {
  name: 'orders-queue',
  commands: {
    'orders.refund': (input, ctx) => refundCommand(input as RefundInput, ctx),
    'orders.cancel': (input, ctx) => cancelCommand(input as CancelInput, ctx),
    'queue.process': (input, ctx) => processCommand(input as Parameters<typeof processCommand>[0], ctx),
    'queue.reject': (input, ctx) => rejectCommand(input as Parameters<typeof rejectCommand>[0], ctx),
    'holds.accept': (input, ctx) => acceptHold(input as { id: number; note?: string }, ctx),
    'holds.decline': (input, ctx) => declineHold(input as { id: number; note: string }, ctx)
  } satisfies CommandHandlers,
  reads: {
    'orders.list': (input: unknown, ctx: { db: TeamDb }) => listOrders(ctx.db, input as Parameters<typeof listOrders>[1]),
    'orders.get': (input: unknown, ctx: { db: TeamDb }) =>
      getOrder(ctx.db, input as { storeId: string; amazonOrderId: string }, entriesForOrder),
    'queue.list': (input: unknown, ctx: { db: TeamDb }) => listQueue(ctx.db, input as Parameters<typeof listQueue>[1]),
    'queue.batches': (input: unknown, ctx: { db: TeamDb }) => listBatches(ctx.db, input as Parameters<typeof listBatches>[1]),
    'holds.list': (input: unknown, ctx: { db: TeamDb }) => listHolds(ctx.db, input as Parameters<typeof listHolds>[1])
  },
  jobs: (deps: OrdersQueueJobDeps) => ordersQueueJobs(deps)
}

/** Order sync (every 15 minutes per store) and the submitter (as soon as a batch waits, then at its wake time). */
export function ordersQueueJobs(deps: OrdersQueueJobDeps, o: { submitEveryMs?: number; leaseMs?: number } = {}) {
  const submitter = new TeamSubmitter({
    db: deps.db,
    log: deps.log,
    leaseMs: o.leaseMs ?? queueLeaseFromEnv(),
    clientFor: async (storeId) => {
      const client = await deps.spApi.forStore(storeId)
      return { client, marketplaceIds: client.marketplaceIds, timings: scaledTimings(client.timeScale) }
    }
  })
  const timers = new Set<NodeJS.Timeout>()
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const later = (ms: number, fn: () => Promise<unknown>) => {
    if (stopped) return
    const t = setTimeout(
      () => {
        timers.delete(t)
        running = running.then(fn).catch((e) => deps.log.error('team orders/queue job failed', { error: e }))
      },
      Math.max(50, ms)
    )
    timers.add(t)
  }
  const submit = async () => {
    const { wakeAt } = await submitter.runOnce()
    later(wakeAt === null ? (o.submitEveryMs ?? 30_000) : Math.min(wakeAt - Date.now(), o.submitEveryMs ?? 30_000), submit)
  }
  const sync = async () => {
    for (const s of await deps.db.select({ id: teamStores.id }).from(teamStores)) {
      if (stopped) break
      try {
        await syncTeamOrders(deps.db, s.id, await deps.spApi.forStore(s.id), { now: () => deps.clock.now(), log: deps.log })
      } catch (e) {
        deps.log.warn('team order sync failed; trying again next round', { storeId: s.id, error: e })
      }
    }
    later(ORDER_SYNC_EVERY_MS, sync)
  }
  return {
    submitter,
    start() {
      later(0, sync)
      later(0, submit)
    },
    async stop() {
      stopped = true
      submitter.stop()
      for (const t of timers) clearTimeout(t)
      timers.clear()
      await running
    }
  }
}
