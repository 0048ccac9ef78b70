/**
 * Feed submission as a persisted state machine (ARCHITECTURE.md "Never send a refund twice").
 *
 *   open -> document_created -> uploaded -> submitting -> submitted -> done | failed | uncertain
 *
 * Every step is committed to SQLite before the next network call, so a crash at any point
 * leaves a state from which the next run continues without sending anything twice:
 * - open / document_created / uploaded: nothing was submitted; creating another feed document
 *   or uploading again is harmless (an unused document is never processed).
 * - submitting: `submit_mark` (Amazon's time, from the Date header of its answers) was committed
 *   just before createFeed. Amazon's Feed object has no inputFeedDocumentId, so recovery lists
 *   the feeds of this type created since the mark minus the 20-minute feed spacing, in Amazon's
 *   time. Nothing is resent and no found feed is adopted on that evidence alone: Amazon's own
 *   record of every entry decides (./amazon-record.ts: Finances transactions for refunds, the
 *   order's status for cancellations). All applied -> done (a single candidate feed is adopted
 *   for its processing report); none applied and no candidate feed after the grace period ->
 *   createFeed never reached Amazon, submit again; refunds missing while a candidate feed is
 *   younger than Finances' posting lag -> wait, visibly; anything else -> uncertain, a person
 *   decides (never guess with money).
 * - submitted: poll getFeed, then map the processing report onto the entries in one
 *   transaction. FATAL ("some, none, or all of the operations might have completed") makes the
 *   entries `uncertain`: they are never resent automatically.
 *
 * Two app instances (or a CLI next to the app) on one database: a batch is driven only by the
 * holder of its lease (lock_owner/lock_until in SQLite, taken with a compare-and-set UPDATE that
 * also increments `lease_token`); a lease of a process that died on this machine is taken over at
 * once, others when it expires. Fencing: every write of the driver is conditioned on its owner
 * AND token, so a former holder's late writes are refused; immediately before every network
 * call that can create or submit, the lease is renewed with the same condition (or the call is
 * not made); and the SP-API client never waits (throttling, backoff, an answer) longer than the
 * lease still covers: it gives the step up instead, leaving a state from which recovery is safe.
 */
import type { Db } from '../db/client'
import type { OrdersService } from '../orders/service'
import type { StoresService } from '../stores/service'
import { hostname } from 'node:os'
import type { CallGuard } from '../amazon/spapi/client'
import type { Feed } from '../amazon/spapi/types'
import {
  alreadyAtAmazon,
  checkAmazonRecord,
  preflightDue,
  preflightEmptied,
  preflightReason,
  type RecordClient,
  type RecordEntry,
  type Verdict
} from './amazon-record'
import { buildFeedDocuments } from './feed-builder'
import { QUEUE_RULES } from './rules'
import { parseProcessingReport, type ProcessingReport } from '../amazon/feeds/xml'
import { XML_FEED_CONTENT_TYPE } from '../amazon/feeds/xml'
import type { Clock } from '../clock'
import { AppError, isAppError } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import { pidAlive } from '../pid'
import { historyEnglish } from '../../shared/order-history'

export type FeedClient = RecordClient & {
  createFeedDocument(contentType: string): Promise<{ feedDocumentId: string; url: string }>
  uploadFeedDocument(url: string, content: string | Buffer, contentType: string): Promise<void>
  createFeed(
    spec: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string },
    opts?: { guard?: CallGuard }
  ): Promise<{ feedId: string }>
  /** amazon − local (ms) from the answers' Date header; null before the first answer. */
  readonly clockOffsetMs: number | null
  /** Amazon's current time in ms. */
  amazonNow(): number
  getFeed(feedId: string): Promise<Feed>
  listFeeds(q: { feedTypes: string[]; marketplaceIds?: string[]; createdSince?: string; pageSize?: number }): Promise<Feed[]>
  feedResult(feed: Feed): Promise<{ text(): Promise<string> } | null>
}

export type EngineTimings = {
  /** Amazon: the same feed type at most once every 20 minutes. */
  spacingMs: number
  /** Wait between getFeed polls. */
  pollMs: number
  /** How long "no feed found since the mark" must hold before we submit again. */
  recoveryGraceMs: number
  /** Presigned upload URLs live 5 minutes; after this a new feed document is created. */
  uploadUrlTtlMs: number
  /** How long after a candidate feed was processed a missing refund may still appear in Finances. */
  financesLagMs: number
}

export const AMAZON_TIMINGS: EngineTimings = {
  spacingMs: QUEUE_RULES.feedSpacing.ms,
  pollMs: 30_000,
  recoveryGraceMs: 2 * 60_000,
  uploadUrlTtlMs: 4 * 60_000,
  financesLagMs: QUEUE_RULES.financesPostingLag.ms
}

/** Timings for a client whose clock runs `scale` times faster (the demo emulator). */
export function scaledTimings(scale: number, base: EngineTimings = AMAZON_TIMINGS): EngineTimings {
  const s = scale > 0 ? scale : 1
  return {
    spacingMs: base.spacingMs / s,
    pollMs: base.pollMs / s,
    recoveryGraceMs: base.recoveryGraceMs / s,
    uploadUrlTtlMs: base.uploadUrlTtlMs,
    financesLagMs: base.financesLagMs / s
  }
}

/** Wait reasons the queue screen translates (src/renderer/src/i18n/locales/{en,zh-CN}/queue.json "wait"). */
export const WAIT = {
  network: 'waiting for network',
  recovery: 'checking with Amazon whether the feed arrived',
  processing: 'Amazon is processing the feed',
  throttled: 'Amazon is throttling; trying again shortly',
  candidateProcessing: 'Amazon is processing a feed that may be this batch',
  amazonRecord: "waiting for Amazon's financial record"
} as const

export type EngineDeps = {
  db: Db
  clock: Clock
  orders: OrdersService
  stores: StoresService
  log: Logger
  events: EventBus
  clientFor(storeId: string): Promise<{ client: FeedClient; marketplaceIds: string[]; timings: EngineTimings }>
  /** false = the network monitor says offline: don't even try. */
  online?: () => boolean
  owner?: string
  leaseMs?: number
  /** Test hook: called after each committed state change (used by the crash test's child). */
  onStep?: (batchId: number, state: string) => void
}

type BatchRow = {
  id: number
  store_id: string
  kind: 'refund' | 'cancel'
  feed_type: string
  state: string
  content: string
  feed_document_id: string | null
  upload_url: string | null
  upload_url_at: string | null
  submit_mark: string | null
  feed_id: string | null
  lock_owner: string | null
  lock_until: string | null
  lease_token: number
  attempts: number
}

/**
 * Extra width of the recovery search before the mark, on top of the feed spacing: the Date
 * header's one-second resolution and the round trip make Amazon's time known to a few seconds.
 */
const SEARCH_MARGIN_MS = 60_000

/** Cancellations of an order that still stand: while one does, the order stays unshippable. */
export const LIVE_CANCEL_STATUSES = ['queued', 'batched', 'done', 'uncertain', 'local'] as const

export const FINAL_STATES = ['done', 'failed', 'uncertain'] as const
export type DriveResult = { state: string; wakeAt: number | null; waitReason: string | null }

const isFinal = (s: string) => (FINAL_STATES as readonly string[]).includes(s)
/**
 * Never twice: a `by_hand` batch was written as Seller Central's Adjustments file for the user to
 * upload; only its recorded outcome closes it (queue/service.ts). The engine never sends it, even
 * when the store has API access by now.
 */
const isByHand = (s: string) => s === 'by_hand'

export class SubmissionEngine {
  readonly owner: string
  private readonly leaseMs: number
  private kicking: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private readonly driving = new Map<number, Promise<DriveResult>>()
  /** The lease token this engine holds per batch (fencing: writes carry it). */
  private readonly tokens = new Map<number, number>()

  constructor(private readonly d: EngineDeps) {
    this.owner = d.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
    this.leaseMs = d.leaseMs ?? 120_000
  }

  private now = () => this.d.clock.now()
  private iso = () => this.now().toISOString()

  private row(id: number): BatchRow {
    const r = this.d.db.$client.prepare('SELECT * FROM queue_batches WHERE id = ?').get(id) as BatchRow | undefined
    if (!r) throw new AppError('NOT_FOUND', `No batch ${id}`)
    return r
  }

  private lost(id: number): AppError {
    return new AppError('CONFLICT', `batch ${id} is being driven by another process`)
  }

  /** Every state change of a batch: only while this engine holds the lease with its token. */
  private set(id: number, patch: Record<string, string | number | null>): void {
    const keys = Object.keys(patch)
    const sql = `UPDATE queue_batches SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @__now WHERE id = @__id AND lock_owner = @__owner AND lease_token = @__token`
    const r = this.d.db.$client
      .prepare(sql)
      .run({ ...patch, __now: this.iso(), __id: id, __owner: this.owner, __token: this.tokens.get(id) ?? -1 })
    // Losing the lease mid-drive means another process took over: stop touching this batch.
    if (r.changes !== 1) throw this.lost(id)
    if (patch.state) this.d.onStep?.(id, String(patch.state))
  }

  /** Throws unless this engine still holds the batch's lease (inside a transaction: fences it). */
  private assertLease(id: number): void {
    const r = this.d.db.$client
      .prepare('SELECT 1 FROM queue_batches WHERE id = ? AND lock_owner = ? AND lease_token = ?')
      .get(id, this.owner, this.tokens.get(id) ?? -1)
    if (!r) throw this.lost(id)
  }

  /**
   * Renews the lease (compare-and-set on owner and token) and returns how long it now lasts; throws
   * CONFLICT when it was lost. Called by the SP-API client immediately before each request and
   * before each wait, so nothing is sent, and no wait begins, outside the lease.
   */
  private guard(id: number): CallGuard {
    return {
      check: () => {
        const until = new Date(this.now().getTime() + this.leaseMs).toISOString()
        const r = this.d.db.$client
          .prepare('UPDATE queue_batches SET lock_until = ? WHERE id = ? AND lock_owner = ? AND lease_token = ? AND lock_until >= ?')
          .run(until, id, this.owner, this.tokens.get(id) ?? -1, this.iso())
        if (r.changes !== 1) throw this.lost(id)
        return this.leaseMs
      }
    }
  }

  /** Compare-and-set lease: ours when free, expired, ours already, or its holder died on this machine. */
  private acquire(id: number): boolean {
    const r = this.row(id)
    if (isFinal(r.state) || isByHand(r.state)) return false
    const now = this.now()
    const until = new Date(now.getTime() + this.leaseMs).toISOString()
    let free = !r.lock_owner || r.lock_owner === this.owner || (r.lock_until !== null && r.lock_until < now.toISOString())
    if (!free && r.lock_owner) {
      const [host, pid] = r.lock_owner.split(':')
      if (host === hostname() && pid && Number(pid) !== process.pid && !pidAlive(Number(pid))) free = true
    }
    if (!free) return false
    // A new token on every acquisition: a former holder (even this engine, earlier) is fenced off.
    const res = this.d.db.$client
      .prepare(
        'UPDATE queue_batches SET lock_owner = ?, lock_until = ?, lease_token = lease_token + 1 WHERE id = ? AND lock_owner IS ? AND lock_until IS ? AND lease_token = ?'
      )
      .run(this.owner, until, id, r.lock_owner, r.lock_until, r.lease_token)
    if (res.changes !== 1) return false
    this.tokens.set(id, r.lease_token + 1)
    return true
  }

  private release(id: number): void {
    this.d.db.$client
      .prepare('UPDATE queue_batches SET lock_owner = NULL, lock_until = NULL WHERE id = ? AND lock_owner = ? AND lease_token = ?')
      .run(id, this.owner, this.tokens.get(id) ?? -1)
    this.tokens.delete(id)
  }

  private emit(): void {
    this.d.events.emit('data.changed', { domains: ['queue', 'orders'] })
  }

  /** Last createFeed of this type for this store (any batch), for the 20-minute spacing (Amazon's time). */
  private lastSubmitMs(storeId: string, feedType: string, exceptId: number): number | null {
    const r = this.d.db.$client
      .prepare(
        'SELECT max(submit_mark) AS m FROM queue_batches WHERE store_id = ? AND feed_type = ? AND id <> ? AND submit_mark IS NOT NULL'
      )
      .get(storeId, feedType, exceptId) as { m: string | null }
    return r.m ? Date.parse(r.m) : null
  }

  /** The batch's entries as Amazon's record checker needs them. */
  private recordEntries(id: number): RecordEntry[] {
    const rows = this.d.db.$client
      .prepare(
        'SELECT e.id, e.kind, e.currency, e.lines, e.order_id FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ? ORDER BY be.message_id'
      )
      .all(id) as { id: number; kind: 'refund' | 'cancel'; currency: string | null; lines: string; order_id: string }[]
    const amazon = this.d.orders.amazonOrderIds(rows.map((r) => r.order_id))
    return rows.map(
      (r) =>
        ({
          id: r.id,
          kind: r.kind,
          currency: r.currency,
          amazonOrderId: amazon.get(r.order_id)!,
          lines: JSON.parse(r.lines)
        }) as RecordEntry
    )
  }

  /** Our own finished refunds of an order outside this batch (they account for Amazon's older refunds). */
  private knownRefunds(batchId: number) {
    // The orders domain knows which orders carry the Amazon order id; prepared once per batch check.
    const done = this.d.db.$client.prepare(
      "SELECT e.lines, e.currency FROM queue_entries e WHERE e.order_id IN (SELECT value FROM json_each(?)) AND e.kind = 'refund' AND e.status = 'done' AND (e.batch_id IS NULL OR e.batch_id <> ?) ORDER BY e.id"
    )
    return (amazonOrderId: string) =>
      (
        done.all(JSON.stringify(this.d.orders.idsByAmazonOrderId(amazonOrderId)), batchId) as { lines: string; currency: string | null }[]
      ).map((r) => ({ lines: JSON.parse(r.lines), currency: r.currency }))
  }

  /**
   * Moves one batch as far as it can go now. Returns its state and, when it has to wait
   * (spacing, processing, network), when to try again.
   */
  async drive(id: number): Promise<DriveResult> {
    const state = this.row(id).state
    if (isByHand(state)) return { state, wakeAt: null, waitReason: null }
    // One drive per batch inside this process too (the lease only tells processes apart).
    const busy = this.driving.get(id)
    if (busy) {
      await busy.catch(() => undefined)
      const r = this.row(id)
      return { state: r.state, wakeAt: isFinal(r.state) ? null : this.now().getTime() + 50, waitReason: null }
    }
    const p = this.driveLeased(id)
    this.driving.set(id, p)
    try {
      return await p
    } finally {
      this.driving.delete(id)
    }
  }

  private async driveLeased(id: number): Promise<DriveResult> {
    if (!this.acquire(id)) {
      const r = this.row(id)
      return { state: r.state, wakeAt: isFinal(r.state) ? null : this.now().getTime() + Math.min(this.leaseMs / 4, 1000), waitReason: null }
    }
    try {
      return await this.steps(id)
    } catch (e) {
      if (isAppError(e) && e.code === 'CONFLICT') return { state: this.row(id).state, wakeAt: null, waitReason: null }
      throw e
    } finally {
      this.release(id)
      this.emit()
    }
  }

  private wait(id: number, state: string, ms: number, reason: string): DriveResult {
    this.set(id, { wait_reason: reason })
    return { state, wakeAt: this.now().getTime() + ms, waitReason: reason }
  }

  private async steps(id: number): Promise<DriveResult> {
    let r = this.row(id)
    if (this.d.online && !this.d.online()) return this.wait(id, r.state, 30_000, WAIT.network)
    const { client, marketplaceIds, timings } = await this.d.clientFor(r.store_id)
    for (;;) {
      r = this.row(id)
      // Heartbeat: keep the lease while we work.
      this.set(id, { lock_until: new Date(this.now().getTime() + this.leaseMs).toISOString() })
      try {
        switch (r.state) {
          case 'open':
          case 'document_created': {
            // Duplicate-refund pre-flight: a refund Amazon already shows (not one of ours) is not sent again.
            if (preflightDue({ state: r.state, kind: r.kind, feedDocumentId: r.feed_document_id, attempts: r.attempts })) {
              const dup = await alreadyAtAmazon(client, this.recordEntries(id), this.knownRefunds(id), this.guard(id))
              if (dup.length) {
                if (this.dropDuplicates(id, dup)) return { state: 'failed', wakeAt: null, waitReason: null }
                continue
              }
            }
            const fresh = r.upload_url && r.upload_url_at && this.now().getTime() - Date.parse(r.upload_url_at) < timings.uploadUrlTtlMs
            let url = r.upload_url
            if (!fresh) {
              const doc = await client.createFeedDocument(XML_FEED_CONTENT_TYPE)
              this.set(id, {
                state: 'document_created',
                feed_document_id: doc.feedDocumentId,
                upload_url: doc.url,
                upload_url_at: this.iso(),
                wait_reason: null
              })
              url = doc.url
            }
            await client.uploadFeedDocument(url!, r.content, XML_FEED_CONTENT_TYPE)
            this.set(id, { state: 'uploaded', wait_reason: null })
            continue
          }
          case 'uploaded': {
            // Amazon's time for the spacing and the mark: learn the offset first if this
            // process has not heard from Amazon yet (a resume that starts here).
            if (client.clockOffsetMs === null) await client.listFeeds({ feedTypes: [r.feed_type], pageSize: 1 })
            const last = this.lastSubmitMs(r.store_id, r.feed_type, id)
            const amazonNow = client.amazonNow()
            if (last !== null && amazonNow - last < timings.spacingMs) {
              const at = new Date(this.now().getTime() + last + timings.spacingMs - amazonNow)
              return this.wait(id, r.state, last + timings.spacingMs - amazonNow, `next ${r.feed_type} slot at ${at.toISOString()}`)
            }
            // The mark (Amazon's time) is committed BEFORE createFeed: after a crash it bounds the recovery search.
            this.set(id, {
              state: 'submitting',
              submit_mark: new Date(amazonNow).toISOString(),
              attempts: r.attempts + 1,
              wait_reason: null
            })
            let feedId: string
            try {
              // The guard renews the lease immediately before the request (and refuses when it
              // was lost); the client never waits longer than the lease covers.
              feedId = (
                await client.createFeed(
                  { feedType: r.feed_type, marketplaceIds, inputFeedDocumentId: r.feed_document_id! },
                  { guard: this.guard(id) }
                )
              ).feedId
            } catch (e) {
              if (isAppError(e) && e.code === 'CONFLICT') throw e
              const details = isAppError(e)
                ? (e.details as { mayHaveBeenProcessed?: boolean; retryAfterMs?: number } | undefined)
                : undefined
              if (details?.mayHaveBeenProcessed) {
                // Maybe submitted: stay in 'submitting'; recovery decides with getFeeds and Amazon's record.
                return this.wait(id, 'submitting', timings.recoveryGraceMs, WAIT.recovery)
              }
              if (isAppError(e) && (e.code === 'OFFLINE' || e.code === 'THROTTLED' || e.code === 'UNAVAILABLE')) {
                // Never reached Amazon (refused before sending, 429, or a wait longer than the lease): submit again later.
                this.set(id, { state: 'uploaded', submit_mark: null })
                if (details?.retryAfterMs !== undefined)
                  return this.wait(id, 'uploaded', Math.max(timings.pollMs, details.retryAfterMs), WAIT.throttled)
                throw e
              }
              if (isAppError(e)) {
                this.finish(id, 'failed', `Amazon refused the feed: ${e.message}`, null)
                return { state: 'failed', wakeAt: null, waitReason: null }
              }
              throw e
            }
            this.set(id, { state: 'submitted', feed_id: feedId, submitted_at: this.iso(), wait_reason: null })
            continue
          }
          case 'submitting': {
            const markMs = Date.parse(r.submit_mark!)
            // Amazon's time, as wide as the feed spacing: our previous feed of this type is at least
            // that much older (and claimed by its batch), so anything unclaimed since is a candidate.
            const since = markMs - timings.spacingMs - SEARCH_MARGIN_MS
            const feeds = (
              await client.listFeeds({ feedTypes: [r.feed_type], createdSince: new Date(since).toISOString(), pageSize: 100 })
            ).filter((f) => f.feedType === r.feed_type)
            const claimed = new Set(
              (
                this.d.db.$client
                  .prepare('SELECT feed_id FROM queue_batches WHERE store_id = ? AND feed_id IS NOT NULL AND id <> ?')
                  .all(r.store_id, id) as { feed_id: string }[]
              ).map((x) => x.feed_id)
            )
            const candidates = feeds.filter((f) => !claimed.has(f.feedId))
            const amazonNow = client.amazonNow()
            if (candidates.length === 0 && amazonNow - markMs < timings.recoveryGraceMs) {
              return this.wait(id, r.state, timings.recoveryGraceMs - (amazonNow - markMs), WAIT.recovery)
            }
            if (candidates.some((f) => f.processingStatus === 'IN_QUEUE' || f.processingStatus === 'IN_PROGRESS')) {
              return this.wait(id, r.state, timings.pollMs, WAIT.candidateProcessing)
            }
            // Never resend on a guess, never adopt on a guess: Amazon's record of every entry decides.
            const verdicts = await checkAmazonRecord(client, this.recordEntries(id), this.knownRefunds(id), this.guard(id))
            const all = (v: Verdict['verdict']) => verdicts.every((x) => x.verdict === v)
            const evidence = new Map(verdicts.map((v) => [v.entryId, v.evidence]))
            if (all('applied')) {
              if (candidates.length === 1) {
                this.d.log.info('feed adopted after an interrupted createFeed: Amazon shows every entry applied', {
                  batchId: id,
                  feedId: candidates[0]!.feedId
                })
                this.set(id, {
                  state: 'submitted',
                  feed_id: candidates[0]!.feedId,
                  submitted_at: candidates[0]!.createdTime ?? this.iso(),
                  wait_reason: null
                })
                continue
              }
              this.finish(id, 'done', null, null, null, evidence)
              return { state: 'done', wakeAt: null, waitReason: null }
            }
            if (candidates.length === 0 && all('absent')) {
              // No feed since the mark and none of it at Amazon: createFeed never reached Amazon.
              this.d.log.info('no feed arrived and Amazon shows none of the entries: submitting again', { batchId: id })
              this.set(id, { state: 'uploaded', wait_reason: null })
              continue
            }
            const ends = candidates.map((f) => Date.parse(f.processingEndTime ?? f.createdTime)).filter((x) => !Number.isNaN(x))
            const latest = Math.max(markMs, ...ends)
            if (r.kind === 'refund' && candidates.length > 0 && amazonNow < latest + timings.financesLagMs) {
              // "Not there yet" is not "not applied": Finances may lag the feed by up to the rule's
              // wait. Look again now and then (sooner at first), visibly.
              const left = latest + timings.financesLagMs - amazonNow
              const again = Math.min(left, Math.max(timings.pollMs, Math.min(timings.financesLagMs / 96, (amazonNow - latest) / 2)))
              return this.wait(id, r.state, again, WAIT.amazonRecord)
            }
            const ids = candidates.map((f) => f.feedId).join(', ')
            const why =
              candidates.length === 0
                ? `No feed arrived at Amazon, but its record shows part of this batch (${verdicts.map((v) => v.evidence).join('; ')}).`
                : `Amazon shows ${candidates.length} ${r.feed_type} feed(s) since ${new Date(since).toISOString()} that no batch here claims (${ids}), but its record does not show every entry of this batch applied: the feed may be another program's.`
            this.finish(
              id,
              'uncertain',
              `${why} Not resent automatically: check Seller Central before resending anything.`,
              null,
              null,
              evidence
            )
            return { state: 'uncertain', wakeAt: null, waitReason: null }
          }
          case 'submitted': {
            const feed = await client.getFeed(r.feed_id!)
            this.set(id, { processing_status: feed.processingStatus })
            if (feed.processingStatus === 'IN_QUEUE' || feed.processingStatus === 'IN_PROGRESS') {
              return this.wait(id, r.state, timings.pollMs, WAIT.processing)
            }
            if (feed.processingStatus === 'CANCELLED') {
              this.finish(id, 'failed', 'Amazon cancelled the feed; nothing in it was applied.', null)
              return { state: 'failed', wakeAt: null, waitReason: null }
            }
            if (feed.processingStatus === 'FATAL') {
              this.finish(
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
            if (text) {
              try {
                report = parseProcessingReport(text)
              } catch (e) {
                this.finish(
                  id,
                  'uncertain',
                  `The processing report could not be read (${(e as Error).message}); check Seller Central.`,
                  null
                )
                return { state: 'uncertain', wakeAt: null, waitReason: null }
              }
            }
            if (!report) {
              this.finish(id, 'uncertain', 'Amazon produced no processing report; check Seller Central.', null)
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            // A feed adopted after a crash is ours only if its report covers our messages: another
            // program submitting the same feed type in the window would otherwise mark our entries
            // done without them ever being sent.
            const count = (this.d.db.$client.prepare('SELECT message_count AS n FROM queue_batches WHERE id = ?').get(id) as { n: number })
              .n
            if (report.summary.processed !== count) {
              this.finish(
                id,
                'uncertain',
                `Amazon's processing report for feed ${r.feed_id} covers ${report.summary.processed} message(s), this batch has ${count}: the feed may not be ours. Check Seller Central before resending.`,
                null
              )
              return { state: 'uncertain', wakeAt: null, waitReason: null }
            }
            this.finish(id, 'done', null, report, feed.resultFeedDocumentId ?? null)
            return { state: 'done', wakeAt: null, waitReason: null }
          }
          default:
            return { state: r.state, wakeAt: null, waitReason: null }
        }
      } catch (e) {
        const retryAfter = isAppError(e) ? (e.details as { retryAfterMs?: number } | undefined)?.retryAfterMs : undefined
        if (isAppError(e) && e.code === 'THROTTLED')
          return this.wait(id, this.row(id).state, Math.max(timings.pollMs, retryAfter ?? 0), WAIT.throttled)
        if (isAppError(e) && (e.code === 'OFFLINE' || e.code === 'UNAVAILABLE'))
          return this.wait(id, this.row(id).state, Math.max(timings.pollMs, retryAfter ?? 0), WAIT.network)
        if (isAppError(e) && e.code === 'CONFLICT') throw e
        // Anything else: record it, keep the state (nothing is lost), try again later.
        this.d.log.error('batch step failed', { batchId: id, state: this.row(id).state, error: e })
        this.set(id, { error: isAppError(e) ? `${e.code}: ${e.message}` : 'unexpected error (see log)' })
        return { state: this.row(id).state, wakeAt: this.now().getTime() + timings.pollMs * 4, waitReason: null }
      }
    }
  }

  /**
   * Takes refunds Amazon already shows out of a batch before its first submission: they become
   * `rejected` with the evidence (date, transaction), the feed document is rebuilt from the rest
   * (MessageIDs renumbered). Returns true when nothing was left (the batch is then failed).
   */
  private dropDuplicates(id: number, dup: Verdict[]): boolean {
    const db = this.d.db.$client
    const now = this.iso()
    return db.transaction(() => {
      this.assertLease(id)
      const b = this.row(id)
      const drop = new Set(dup.map((v) => v.entryId))
      const reject = db.prepare(
        "UPDATE queue_entries SET status = 'rejected', batch_id = NULL, reject_reason = ?, updated_at = ? WHERE id = ? AND status = 'batched' AND batch_id = ?"
      )
      const orderOf = db.prepare('SELECT order_id FROM queue_entries WHERE id = ?')
      for (const v of dup) {
        const why = preflightReason(v)
        reject.run(why, now, v.entryId, id)
        const e = orderOf.get(v.entryId) as { order_id: string } | undefined
        if (e)
          this.d.orders.historyAt(
            e.order_id,
            'refund-duplicate',
            {
              code: 'refund-duplicate',
              params: { entryId: v.entryId, postedAt: v.postedAt ?? null, transactionId: v.transactionId ?? null }
            },
            now
          )
      }
      db.prepare(`DELETE FROM queue_batch_entries WHERE batch_id = ? AND entry_id IN (${[...drop].map(() => '?').join(',')})`).run(
        id,
        ...drop
      )
      const rest = db
        .prepare(
          'SELECT e.id, e.kind, e.reason, e.currency, e.lines, e.order_id FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ? ORDER BY be.message_id'
        )
        .all(id) as { id: number; kind: 'refund'; reason: string; currency: string | null; lines: string; order_id: string }[]
      this.d.log.info('duplicate refunds taken out of a batch before sending', { batchId: id, dropped: [...drop], left: rest.length })
      if (rest.length === 0) {
        this.set(id, {
          state: 'failed',
          error: preflightEmptied(dup),
          wait_reason: null,
          message_count: 0,
          finished_at: now
        })
        return true
      }
      const amazon = this.d.orders.amazonOrderIds(rest.map((r) => r.order_id))
      const docs = buildFeedDocuments(
        'refund',
        this.d.stores.sellerId(b.store_id),
        rest.map((r) => ({
          id: r.id,
          kind: r.kind,
          amazonOrderId: amazon.get(r.order_id)!,
          reason: r.reason,
          currency: r.currency,
          lines: JSON.parse(r.lines)
        })),
        Number.MAX_SAFE_INTEGER
      )
      const doc = docs[0]!
      const renumber = db.prepare('UPDATE queue_batch_entries SET message_id = ? WHERE batch_id = ? AND entry_id = ?')
      // Two passes so the (batch, message) unique index never sees a clash while renumbering.
      for (const x of doc.entries) renumber.run(-x.messageId, id, x.entryId)
      for (const x of doc.entries) renumber.run(x.messageId, id, x.entryId)
      this.set(id, {
        content: doc.content,
        content_bytes: doc.bytes,
        message_count: doc.entries.length,
        upload_url: null,
        upload_url_at: null
      })
      return false
    })()
  }

  /** Final state + per-entry results + order side effects, in one transaction. */
  private finish(
    id: number,
    state: 'done' | 'failed' | 'uncertain',
    error: string | null,
    report: ProcessingReport | null,
    resultDocumentId: string | null = null,
    /** Per entry: what Amazon's record showed (recovery without a processing report). */
    evidence: Map<number, string> | null = null
  ): void {
    const db = this.d.db.$client
    const now = this.iso()
    db.transaction(() => {
      // Fenced: the entries, the order side effects and the batch change only for the lease holder.
      this.assertLease(id)
      const b = this.row(id)
      const rows = db
        .prepare(
          'SELECT be.entry_id, be.message_id, e.kind, e.order_id, e.lines, e.split_id, e.hold_id, e.rma_id, e.total_minor FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ?'
        )
        .all(id) as {
        entry_id: number
        message_id: number
        kind: 'refund' | 'cancel'
        order_id: string
        lines: string
        split_id: number | null
        hold_id: number | null
        rma_id: number | null
        total_minor: number | null
      }[]
      const byMsg = new Map<number, { code: string; text: string; level: string }[]>()
      let wholeDoc: string | null = null
      for (const res of report?.results ?? []) {
        if (res.messageId === 0 && res.resultCode === 'Error') wholeDoc = `${res.resultMessageCode}: ${res.description}`
        const l = byMsg.get(res.messageId) ?? []
        l.push({ code: res.resultMessageCode, text: res.description, level: res.resultCode })
        byMsg.set(res.messageId, l)
      }
      const setBe = db.prepare(
        'UPDATE queue_batch_entries SET result = ?, result_code = ?, result_message = ? WHERE batch_id = ? AND entry_id = ?'
      )
      const setEntry = db.prepare('UPDATE queue_entries SET status = ?, result_message = ?, updated_at = ? WHERE id = ?')
      const orders = this.d.orders
      // Asked by the queue (its own table) right before each order effect, as the SQL did inline.
      const otherPendingCancel = db.prepare(
        "SELECT 1 FROM queue_entries WHERE order_id = ? AND kind = 'cancel' AND status IN ('queued', 'batched', 'uncertain') LIMIT 1"
      )
      const liveCancel = db.prepare(
        `SELECT 1 FROM queue_entries WHERE order_id = ? AND kind = 'cancel' AND status IN (${LIVE_CANCEL_STATUSES.map((x) => `'${x}'`).join(', ')}) LIMIT 1`
      )
      const ref = { batchId: id, feedId: b.feed_id ?? null, documentId: b.feed_document_id ?? null }
      let ok = 0
      let failed = 0
      for (const r of rows) {
        let result: 'ok' | 'warning' | 'error'
        let message: string | null = null
        let code: string | null = null
        if (state === 'done') {
          const res = byMsg.get(r.message_id) ?? []
          const err = res.find((x) => x.level === 'Error')
          if (wholeDoc) {
            result = 'error'
            message = wholeDoc
          } else if (err) {
            result = 'error'
            message = err.text
            code = err.code
          } else if (res.length) {
            result = 'warning'
            message = res.map((x) => x.text).join('; ')
            code = res[0]!.code
          } else {
            result = 'ok'
            message = evidence?.get(r.entry_id) ?? null
          }
        } else {
          result = 'error'
          message = evidence?.has(r.entry_id) ? `${error ?? ''} ${evidence.get(r.entry_id)}.`.trim() : error
        }
        const entryStatus = state === 'uncertain' ? 'uncertain' : result === 'error' ? 'failed' : 'done'
        setBe.run(state === 'uncertain' ? 'pending' : result, code, message, id, r.entry_id)
        setEntry.run(entryStatus, message, now, r.entry_id)
        if (entryStatus === 'done') ok++
        else if (entryStatus === 'failed') failed++
        if (r.kind === 'refund') {
          orders.historyAt(
            r.order_id,
            entryStatus === 'done' ? 'refund-confirmed' : `refund-${entryStatus}`,
            { code: 'batch-result', params: { ...ref, message } },
            now
          )
        } else if (entryStatus === 'done') {
          orders.cancelConfirmed(
            { orderId: r.order_id, splitId: r.split_id, holdId: r.hold_id },
            otherPendingCancel.get(r.order_id) === undefined,
            ref,
            now
          )
        } else if (entryStatus === 'failed') {
          orders.unmarkCancel(
            { orderId: r.order_id, lines: JSON.parse(r.lines), splitId: r.split_id, holdId: r.hold_id },
            liveCancel.get(r.order_id) !== undefined,
            now,
            `Amazon did not cancel (${historyEnglish({ code: 'batch-result', params: { ...ref, message: null } })}): ${message ?? ''}`,
            { code: 'not-cancelled', params: { ...ref, message } }
          )
        } else orders.historyAt(r.order_id, 'cancel-uncertain', { code: 'batch-result', params: { ...ref, message } }, now)
      }
      this.set(id, {
        state,
        error,
        result_document_id: resultDocumentId,
        summary: report ? JSON.stringify(report.summary) : null,
        wait_reason: null,
        finished_at: now
      })
      this.d.log.info('batch finished', { batchId: id, state, ok, failed })
    })()
  }

  /** Drives every unfinished batch (start-up recovery, network back, timer). Single-flight. */
  kick(): Promise<void> {
    if (this.kicking) {
      this.again = true
      return this.kicking
    }
    this.kicking = (async () => {
      do {
        this.again = false
        await this.runOnce()
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.kicking = null
    })
    return this.kicking
  }

  private async runOnce(): Promise<void> {
    const ids = (
      this.d.db.$client
        .prepare("SELECT id FROM queue_batches WHERE state NOT IN ('done', 'failed', 'uncertain', 'by_hand') ORDER BY id")
        .all() as {
        id: number
      }[]
    ).map((r) => r.id)
    let wake: number | null = null
    for (const id of ids) {
      if (this.stopped) return
      try {
        const r = await this.drive(id)
        if (r.wakeAt !== null) wake = wake === null ? r.wakeAt : Math.min(wake, r.wakeAt)
      } catch (e) {
        this.d.log.error('driving a batch failed', { batchId: id, error: e })
        wake = Math.min(wake ?? Infinity, this.now().getTime() + 60_000)
      }
    }
    if (wake !== null && !this.stopped) this.schedule(Math.max(50, wake - this.now().getTime()))
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.kick()
    }, ms)
    this.timer.unref?.()
  }

  /**
   * Drives the given batches until each is final or `deadline` passes (CLI, tests).
   * `leaveOfflineAfter`: a batch that waited for the network that many times in a row is left as
   * it is (its state is committed; the app or a later `queue resume` takes it on) instead of being
   * retried until the deadline. One dropped connection is retried, a network that is down is not.
   */
  async settle(
    ids: number[],
    opts: { deadlineMs?: number; sleep?: (ms: number) => Promise<void>; leaveOfflineAfter?: number } = {}
  ): Promise<Map<number, DriveResult>> {
    const offline = new Map<number, number>()
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    const end = Date.now() + (opts.deadlineMs ?? 10 * 60_000)
    const out = new Map<number, DriveResult>()
    let pending = [...ids]
    while (pending.length && Date.now() < end) {
      let wake = Infinity
      for (const id of pending) {
        const r = await this.drive(id)
        out.set(id, r)
        if (r.wakeAt !== null) wake = Math.min(wake, r.wakeAt)
      }
      pending = pending.filter((id) => {
        const r = out.get(id)!
        const n = r.waitReason === WAIT.network ? (offline.get(id) ?? 0) + 1 : 0
        offline.set(id, n)
        if (opts.leaveOfflineAfter !== undefined && n >= opts.leaveOfflineAfter) return false
        return !isFinal(r.state) && !isByHand(r.state)
      })
      if (pending.length) await sleep(Math.max(20, Math.min(wake === Infinity ? 1000 : wake - this.now().getTime(), end - Date.now())))
    }
    return out
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
  }

  /**
   * After `stop()`: resolves once no drive of this engine is in flight (a kick started by an
   * action keeps running in the background; the CLI waits for it before it closes the database).
   */
  async idle(): Promise<void> {
    while (this.kicking || this.driving.size > 0) {
      await Promise.allSettled([this.kicking, ...this.driving.values()])
    }
  }
}

/**
 * SBO_QUEUE_LEASE_MS: the batch lease (default 120 s). Only honoured together with
 * SBO_SPAPI_BASE_URL (the emulator), like SBO_SPAPI_TIME_SCALE: tests shorten it to make a
 * network wait outlive a lease; a real install always uses the default.
 */
export function queueLeaseFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!env.SBO_SPAPI_BASE_URL || !env.SBO_QUEUE_LEASE_MS) return undefined
  const n = Number(env.SBO_QUEUE_LEASE_MS)
  return Number.isFinite(n) && n >= 200 ? n : undefined
}
