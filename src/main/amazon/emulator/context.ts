/**
 * The emulator's shared state: options, Amazon's clock, the sellers' data, the reports, feeds and
 * documents created so far, injected failures, signing and ids. One object per running emulator,
 * built by `createContext` and passed to the server and to every API module (apis/*.ts).
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { OperationName } from '../spapi/operations'
import type { TokenBucket } from '../spapi/rate-limiter'
import type { Feed, Report } from '../spapi/types'
import { generateSellerData, type EmuStoreConfig, type SellerData } from './data'
import type { AppliedCancellation, AppliedRefund } from './feed-processing'
import { hashString } from './prng'

/** A refund the emulator applied, as Finances posts it (listTransactions). */
export type PostedRefund = AppliedRefund & { sellerId: string; marketplaceId: string; appliedMs: number }

export type EmulatorFailure =
  /**
   * 429 for the next `count` matching requests. `hold` keeps each 429 answer back until the
   * test calls `release` (a throttled request that lasts longer than a client's lease).
   */
  | { kind: 'throttle'; count: number; operation?: OperationName | 'lwa'; hold?: (release: () => void) => void }
  | { kind: 'serverError'; count: number; status?: 500 | 503; operation?: OperationName | 'lwa' }
  | { kind: 'dropConnection'; count: number; operation?: OperationName | 'lwa' | 'document' }
  /** Every access token issued so far is now expired (the next call gets the expired-token error). */
  | { kind: 'expireTokens' }
  | { kind: 'feedFatal'; count?: number }
  | { kind: 'reportFatal'; count?: number }
  /** The next report(s) stay IN_PROGRESS forever. */
  | { kind: 'reportStuck'; count?: number }
  /**
   * Holds the next matching request after it was read and authorised, and calls `onPaused`;
   * `release('process')` then handles it as usual (the state changes even if nobody is left to
   * read the answer), `release('lose-answer')` handles it and closes the connection without an
   * answer, `release('drop')` closes the connection without handling it. Crash tests
   * kill the client while a request is paused.
   */
  | {
      kind: 'pause'
      operation: OperationName | 'document'
      count?: number
      onPaused: (release: (mode: 'process' | 'drop' | 'lose-answer') => void) => void
    }

export type EmulatorOptions = {
  seed?: number | string
  /** Divides every rate-limit interval and processing time (default 1 = Amazon's pace). */
  speedUp?: number
  stores: EmuStoreConfig[]
  failures?: EmulatorFailure[]
  /** Port on 127.0.0.1 (default 0 = random). */
  port?: number
  /**
   * Wall clock in ms (default Date.now). Data dates are relative to `anchor`, except the demo's
   * near-deadline items (`nearDeadlines`), placed from this clock at start.
   */
  now?: () => number
  anchor?: Date
  tokenTtlSec?: number
  /** HTTP status of the expired-token answer (Amazon: 403 with an "expired" detail; default 403). */
  expiredTokenStatus?: 401 | 403
  /** Base times before speed-up, ms (defaults: report 2000/6000, feed 3000/10000). */
  timings?: { reportQueueMs?: number; reportDoneMs?: number; feedQueueMs?: number; feedDoneMs?: number }
  orderItemsPageSize?: number
  /** Amazon's clock minus the machine's, ms (e.g. -300_000: the machine runs 5 minutes fast).
   * Shifts the Date header, createdTime of feeds and reports, and every time check. */
  clockOffsetMs?: number
  /** Finances: a refund is listed this long after its feed was processed (base time, divided by speedUp; default 0). */
  refundPostingDelayMs?: number
}

export type EmuReport = Report & { sellerId: string; stuck: boolean; fatal: boolean; createdMs: number; start: number; end: number }
export type EmuFeed = Feed & { sellerId: string; inputFeedDocumentId: string; fatal: boolean; createdMs: number; processed: boolean }
export type EmuDoc = {
  id: string
  sellerId: string
  kind: 'report' | 'feed-input' | 'feed-result'
  contentType: string
  bytes: Buffer | null
  compressed: boolean
  /** For restricted report documents: the path an RDT must name. */
  restrictedPath: string | null
}

export type Seller = { data: SellerData; buckets: Map<string, TokenBucket> }

/** One answer: status, body (JSON when an object, bytes or text otherwise) and extra headers. */
export type Handled = { status: number; body?: unknown; headers?: Record<string, string> }

export type EmulatorStats = {
  requests: Record<string, number>
  throttled: Record<string, number>
  tokensIssued: number
  rdtsIssued: number
}

export type EmulatorContext = {
  readonly opts: EmulatorOptions
  readonly speedUp: number
  /** Amazon's time: everything the emulator stamps or compares uses it. */
  readonly now: () => number
  /** Processing times of reports and feeds, already divided by speedUp. */
  readonly timings: { reportQueueMs: number; reportDoneMs: number; feedQueueMs: number; feedDoneMs: number }
  /** Amazon's clock minus the machine's, ms. */
  clockOffsetMs: number
  /** Finances posting delay, ms of emulator time (already divided by speedUp). */
  refundPostingDelayMs: number
  /** Access tokens issued before this instant are expired. */
  tokensValidAfter: number
  /** The port the server listens on (0 until it first listens). */
  port: number
  readonly sellers: Map<string, Seller>
  readonly reports: Map<string, EmuReport>
  readonly feeds: Map<string, EmuFeed>
  readonly docs: Map<string, EmuDoc>
  readonly failures: EmulatorFailure[]
  readonly stats: EmulatorStats
  /** Refunds applied by feeds, what Finances lists, cancellations applied by feeds. */
  readonly refunds: AppliedRefund[]
  readonly posted: PostedRefund[]
  readonly cancellations: AppliedCancellation[]
  /** HMAC of the payload with this run's secret (tokens, document ids and URLs). */
  sign(payload: string): string
  newId(): string
  /** Takes one injected failure of this kind matching the operation (null: none). */
  takeFailure<K extends EmulatorFailure['kind']>(kind: K, op?: string): Extract<EmulatorFailure, { kind: K }> | null
  baseUrl(): string
}

const DAY = 86_400_000

export function createContext(opts: EmulatorOptions): EmulatorContext {
  const seed = opts.seed ?? 1
  const speedUp = opts.speedUp ?? 1
  const wallNow = opts.now ?? (() => Date.now())
  const secret = createHmac('sha256', `sbo-emulator:${seed}`).update(randomBytes(16)).digest()
  let nextId = 50_000 + (hashString(String(seed)) % 10_000) * 1000
  const ctx: EmulatorContext = {
    opts,
    speedUp,
    now: () => wallNow() + ctx.clockOffsetMs,
    timings: {
      reportQueueMs: (opts.timings?.reportQueueMs ?? 2000) / speedUp,
      reportDoneMs: (opts.timings?.reportDoneMs ?? 6000) / speedUp,
      feedQueueMs: (opts.timings?.feedQueueMs ?? 3000) / speedUp,
      feedDoneMs: (opts.timings?.feedDoneMs ?? 10_000) / speedUp
    },
    clockOffsetMs: opts.clockOffsetMs ?? 0,
    refundPostingDelayMs: (opts.refundPostingDelayMs ?? 0) / speedUp,
    tokensValidAfter: 0,
    port: opts.port ?? 0,
    sellers: new Map(),
    reports: new Map(),
    feeds: new Map(),
    docs: new Map(),
    failures: [...(opts.failures ?? [])],
    stats: { requests: {}, throttled: {}, tokensIssued: 0, rdtsIssued: 0 },
    refunds: [],
    posted: [],
    cancellations: [],
    sign: (payload) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 32),
    newId: () => String(++nextId),
    takeFailure: (kind, op) => takeFailure(ctx.failures, kind, op),
    baseUrl: () => `http://127.0.0.1:${ctx.port}`
  }
  const startedAt = ctx.now()
  const anchor = opts.anchor ?? new Date(Math.floor(startedAt / DAY) * DAY)
  for (const cfg of opts.stores) {
    ctx.sellers.set(cfg.sellerId, { data: generateSellerData(seed, cfg, anchor, startedAt), buckets: new Map() })
  }
  return ctx
}

function takeFailure<K extends EmulatorFailure['kind']>(
  failures: EmulatorFailure[],
  kind: K,
  op?: string
): Extract<EmulatorFailure, { kind: K }> | null {
  const i = failures.findIndex((f) => f.kind === kind && (!('operation' in f) || !f.operation || f.operation === op))
  if (i < 0) return null
  const f = failures[i]! as Extract<EmulatorFailure, { kind: K }>
  if ('count' in f && typeof f.count === 'number') {
    f.count--
    if (f.count <= 0) failures.splice(i, 1)
  } else failures.splice(i, 1)
  return f
}
