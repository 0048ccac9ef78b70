/**
 * A small typed SP-API client on Node's global fetch.
 *
 * Why not an npm client: the popular ones hard-code Amazon's hosts (sp-api-notes §5):
 * `amazon-sp-api` builds `https://sellingpartnerapi-<region>.amazon.com`, forces port 443 and
 * hard-codes the LWA URL; `@sp-api-sdk/*` picks the endpoint from its region table and fixes the
 * LWA host; the official SDK has no 429 retry. We need every host injectable (the loopback
 * emulator in tests and in the demo store, Amazon's sandbox) plus a per-(store, operation)
 * limiter and a retry policy we control, for about a dozen operations. So: fetch + the shapes
 * from the published models (./types.ts).
 *
 * Behaviour of every call:
 * - waits for its (store, operation) token bucket (published rate/burst, updated from
 *   `x-amzn-RateLimit-Limit`), then sends with `x-amz-access-token` from the LWA cache;
 * - 401, or 403 saying the token expired: refreshes the LWA token once and repeats;
 * - 429 and 5xx: full-jitter exponential backoff, bounded; then THROTTLED / UNAVAILABLE;
 * - network down: OFFLINE. A call that may already have reached Amazon and is not safe to repeat
 *   (createFeed) is never retried; its error says `mayHaveBeenProcessed` so the caller recovers
 *   with getFeeds instead of submitting twice.
 * Nothing secret is logged: no headers, and URLs without their query strings.
 */
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import iconv from 'iconv-lite'
import type { Region } from '../../../shared/ids'
import { AppError } from '../../errors'
import type { Logger } from '../../log'
import { normalizeCharset } from '../reports/tabular'
import { AmazonClock } from './amazon-clock'
import { DEFAULT_RETRY, fullJitterDelay, type RetryPolicy } from './backoff'
import type { LwaTokenProvider } from './lwa'
import { fillPath, OPERATIONS, type OperationName } from './operations'
import type { RateLimiter } from './rate-limiter'
import { classifyNetworkError, offlineError, safeUrl, type FetchFn, type Sleep } from './transport'
import {
  TERMINAL_STATUSES,
  type CatalogItem,
  type CatalogSearchResponse,
  type CreateFeedDocumentResponse,
  type CreateFeedResponse,
  type CreateFeedSpecification,
  type CreateReportResponse,
  type CreateReportSpecification,
  type CreateRestrictedDataTokenResponse,
  type Feed,
  type FeedDocument,
  type GetFeedsQuery,
  type GetFeedsResponse,
  type GetMarketplaceParticipationsResponse,
  type GetOrderItemsResponse,
  type GetOrdersQuery,
  type GetOrdersResponse,
  type GetReportsQuery,
  type GetReportsResponse,
  type FinancesTransaction,
  type InboundShipmentInfo,
  type InboundShipmentItem,
  type ListTransactionsQuery,
  type ListTransactionsResponse,
  type MarketplaceParticipation,
  type Order,
  type OrderItem,
  type OrderItemsList,
  type OrdersList,
  type Report,
  type ReportDocument,
  type RestrictedResource,
  type SpApiError,
  type GetOrder2026Response,
  type IncludedData2026,
  type Order2026,
  type SearchOrdersQuery,
  type SearchOrdersResponse
} from './types'
import { DEFAULT_ORDERS_API_VERSION, type OrdersApiVersion } from './orders-version'

/**
 * Report types whose documents carry buyer PII: getReportDocument needs a restricted data token
 * for the specific document path (sp-api-notes §2, developer-docs
 * /docs/get-authorization-to-access-restricted-report-types).
 */
export const RESTRICTED_REPORT_TYPES = new Set([
  'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_INVOICING',
  'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_TAX',
  'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING',
  'GET_FLAT_FILE_ORDER_REPORT_DATA_SHIPPING',
  'GET_FLAT_FILE_ORDER_REPORT_DATA_INVOICING',
  'GET_FLAT_FILE_ORDER_REPORT_DATA_TAX',
  'GET_FLAT_FILE_ORDERS_RECONCILIATION_DATA_TAX',
  'GET_FLAT_FILE_ORDERS_RECONCILIATION_DATA_INVOICING',
  'GET_FLAT_FILE_ORDERS_RECONCILIATION_DATA_SHIPPING',
  'GET_ORDER_REPORT_DATA_INVOICING',
  'GET_ORDER_REPORT_DATA_TAX',
  'GET_ORDER_REPORT_DATA_SHIPPING',
  'GET_EASYSHIP_DOCUMENTS',
  'GET_GST_MTR_B2B_CUSTOM',
  'GET_VAT_TRANSACTION_DATA',
  'SC_VAT_TAX_REPORT'
])

export type DownloadedDocument = {
  /** The document's bytes, already gunzipped when it was compressed. Feed it with `charset` to
   * the report parsers (`openTsv(body, { charset })`), or use `decoded()` / `text()`. */
  body: Readable
  /** Charset label from the download's Content-Type (e.g. "UTF-8", "Cp1252", "Shift_JIS"); null if absent. */
  charset: string | null
  contentType: string | null
  compressed: boolean
  /** The body as UTF-8 text chunks (decoded with iconv-lite from `charset`, UTF-8 when unknown). */
  decoded(): Readable
  text(): Promise<string>
}

export type PollOptions = {
  /** Wait between polls (default 30 s: Amazon recommends polling reports every 15–60 s). */
  intervalMs?: number
  /** Give up after this many polls and return the last, non-terminal state (default 120). */
  maxPolls?: number
}

export type FetchReportResult =
  | { kind: 'done'; report: Report; document: DownloadedDocument }
  /** CANCELLED: Amazon cancels a report automatically when there is no data in the window. */
  | { kind: 'no-data'; report: Report }
  /** Still IN_QUEUE / IN_PROGRESS after maxPolls: keep the reportId and poll again later. */
  | { kind: 'pending'; report: Report }

export type SpApiClientDeps = {
  storeId: string
  region: Region
  sellerId: string
  marketplaceIds: string[]
  baseUrl: string
  lwa: LwaTokenProvider
  limiter: RateLimiter
  fetch: FetchFn
  /** Default wait between report/feed polls (30 s for Amazon; the demo emulator runs faster). */
  pollIntervalMs?: number
  /** How much faster than Amazon the other side runs (the demo emulator's speed-up; 1 = Amazon). */
  timeScale?: number
  sleep: Sleep
  random: () => number
  log: Logger
  retry?: RetryPolicy
  timeoutMs?: number
  userAgent?: string
  /** Amazon's clock for this store (shared by its clients); learnt from every answer's Date header. */
  amazonClock?: AmazonClock
  /** Local wall clock in ms (default Date.now), for the Date-header offset. */
  wallNow?: () => number
  /** The Orders API the callers use (default 2026-01-01; ./orders-version.ts). */
  ordersApiVersion?: OrdersApiVersion
  /** Told of every operation called (the deprecation check's record of what a store uses); must not throw. */
  onOperation?: (operation: OperationName) => void
}

/**
 * A caller whose right to act is bounded in time (the queue's batch lease). Before every
 * attempt and before every wait the client asks `check()`, which renews the caller's lease
 * (or throws when it was lost) and returns how many ms the caller may still act. A wait that
 * does not fit is not made: the call gives up with THROTTLED/UNAVAILABLE (`gaveUpForLease`,
 * `retryAfterMs`) before anything else is sent, and each request's timeout is cut to the time
 * left, so no network wait outlives the lease.
 */
export type CallGuard = { check(): number }

/** Time kept free at the end of a lease for writing down what happened (at most a quarter of it). */
export const LEASE_MARGIN_MS = 5_000
const marginOf = (leftMs: number) => Math.min(LEASE_MARGIN_MS, leftMs / 4)

type Query = Record<string, string | number | boolean | readonly string[] | undefined>

function queryString(q: Query | undefined): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue
    // SP-API array query parameters use collectionFormat "csv".
    p.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

function parseErrors(text: string): SpApiError[] {
  try {
    const j = JSON.parse(text) as { errors?: SpApiError[] }
    return Array.isArray(j.errors) ? j.errors : []
  } catch {
    return []
  }
}

const describe = (errors: SpApiError[]) => errors.map((e) => `${e.code}: ${e.message}${e.details ? ` (${e.details})` : ''}`).join('; ')

export const isExpiredTokenError = (status: number, errors: SpApiError[]): boolean =>
  status === 401 || (status === 403 && errors.some((e) => /expired/i.test(`${e.message} ${e.details ?? ''}`)))

export class SpApiClient {
  constructor(private readonly d: SpApiClientDeps) {}

  get storeId(): string {
    return this.d.storeId
  }
  /** 1 for Amazon; the emulator's speed-up for demo stores (waits such as feed spacing scale with it). */
  get timeScale(): number {
    return this.d.timeScale ?? 1
  }

  get marketplaceIds(): string[] {
    return this.d.marketplaceIds
  }
  /** amazon − local in ms from the last answer's Date header (null before the first answer). */
  get clockOffsetMs(): number | null {
    return this.d.amazonClock?.offsetMs ?? null
  }
  /** Amazon's current time in ms (the local time until an answer was seen). */
  amazonNow(): number {
    return this.d.amazonClock ? this.d.amazonClock.amazonNow() : (this.d.wallNow ?? (() => Date.now()))()
  }
  get sellerId(): string {
    return this.d.sellerId
  }

  // ---------------------------------------------------------------- core
  async call<T>(
    operation: OperationName,
    opts: { path?: Record<string, string>; query?: Query; body?: unknown; accessToken?: string; guard?: CallGuard } = {}
  ): Promise<T> {
    const spec = OPERATIONS[operation]
    this.d.onOperation?.(operation)
    const path = fillPath(spec.path, opts.path)
    const url = `${this.d.baseUrl}${path}${queryString(opts.query)}`
    const retry = this.d.retry ?? DEFAULT_RETRY
    const timeoutMs = this.d.timeoutMs ?? 60_000
    const guard = opts.guard
    const wall = this.d.wallNow ?? (() => Date.now())
    /** Waits `ms` only if the guard's lease still covers the wait plus one request. */
    const waitWithin = async (ms: number, code: 'THROTTLED' | 'UNAVAILABLE', why: string) => {
      if (guard) {
        // The lease is renewed again right after the wait, before anything is sent: the wait
        // itself must end inside the lease.
        const left = guard.check()
        if (ms + marginOf(left) > left) {
          throw new AppError(
            code,
            `${why}; the next try of ${operation} is ${Math.ceil(ms / 1000)} s away, longer than this process may hold the batch, so it gives the step up.`,
            {
              operation,
              retryAfterMs: ms,
              gaveUpForLease: true
            }
          )
        }
      }
      if (ms > 0) await this.d.sleep(ms)
    }
    let refreshedToken = false
    for (let attempt = 0; ; attempt++) {
      const token = opts.accessToken ?? (await this.d.lwa.getToken())
      if (guard) {
        // Look before reserving: a caller that gives up must not drain the bucket.
        await waitWithin(this.d.limiter.peek(this.d.storeId, operation), 'THROTTLED', `Amazon's rate limit for ${operation} is used up`)
      }
      const wait = this.d.limiter.reserve(this.d.storeId, operation)
      if (wait > 0) await this.d.sleep(wait)
      // Immediately before sending: still ours? (renews the lease; throws when it was lost)
      const left = guard ? guard.check() : Infinity
      const sentAt = wall()
      let res: Response
      try {
        res = await this.d.fetch(url, {
          method: spec.method,
          headers: {
            'x-amz-access-token': token,
            'user-agent': this.d.userAgent ?? 'SellerBackOffice/0.1 (Language=TypeScript; Platform=Node)',
            accept: 'application/json',
            ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {})
          },
          body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          // The answer is awaited no longer than the lease lasts (minus time to record it).
          signal: AbortSignal.timeout(Math.max(1, Math.floor(Math.min(timeoutMs, left - marginOf(left)))))
        })
      } catch (e) {
        const f = classifyNetworkError(e)
        if (!f) throw e
        const mayHaveBeenProcessed = f.kind !== 'unreachable'
        this.d.log.warn('SP-API request failed on the network', { operation, store: this.d.storeId, network: f.code, attempt })
        if (f.kind === 'unreachable') throw offlineError('Amazon SP-API', f)
        if (!spec.idempotent || attempt >= retry.maxRetries)
          throw offlineError('Amazon SP-API', f, mayHaveBeenProcessed && !spec.idempotent)
        await waitWithin(fullJitterDelay(attempt, retry, this.d.random), 'UNAVAILABLE', 'The network failed')
        continue
      }
      this.d.amazonClock?.observe(res.headers.get('date'), sentAt, wall())
      this.d.limiter.observeLimitHeader(this.d.storeId, operation, res.headers.get('x-amzn-ratelimit-limit'))
      const requestId = res.headers.get('x-amzn-requestid') ?? undefined
      const text = await res.text()
      this.d.log.debug('SP-API call', { operation, store: this.d.storeId, status: res.status, attempt, requestId })
      if (res.ok) {
        if (!text) return {} as T
        try {
          return JSON.parse(text) as T
        } catch {
          throw new AppError('UNAVAILABLE', `Amazon returned an unreadable answer to ${operation}.`, { requestId })
        }
      }
      const errors = parseErrors(text)
      if (isExpiredTokenError(res.status, errors) && !refreshedToken && !opts.accessToken) {
        refreshedToken = true
        this.d.lwa.invalidate()
        this.d.log.info('SP-API access token expired; refreshing once', { operation, store: this.d.storeId })
        attempt-- // the refresh does not count as a retry
        continue
      }
      if (res.status === 429) {
        this.d.limiter.throttled(this.d.storeId, operation)
        if (attempt < retry.maxRetries) {
          // A 429 was not processed: waiting and trying again is safe, but only within the lease.
          await waitWithin(fullJitterDelay(attempt, retry, this.d.random), 'THROTTLED', `Amazon is throttling ${operation}`)
          continue
        }
        throw new AppError('THROTTLED', `Amazon is throttling ${operation}; tried ${attempt + 1} times. It will be retried later.`, {
          operation,
          requestId
        })
      }
      if (res.status >= 500) {
        if (spec.idempotent && attempt < retry.maxRetries) {
          await waitWithin(
            fullJitterDelay(attempt, retry, this.d.random),
            'UNAVAILABLE',
            `Amazon SP-API is unavailable (HTTP ${res.status})`
          )
          continue
        }
        throw new AppError('UNAVAILABLE', `Amazon SP-API is unavailable (HTTP ${res.status} on ${operation}).`, {
          operation,
          status: res.status,
          requestId,
          ...(spec.idempotent ? {} : { mayHaveBeenProcessed: true })
        })
      }
      const detail = describe(errors) || `HTTP ${res.status}`
      if (res.status === 401 || res.status === 403) {
        throw new AppError('UNAUTHORIZED', `Amazon refused ${operation}: ${detail}`, { operation, status: res.status, requestId, errors })
      }
      if (res.status === 404) throw new AppError('NOT_FOUND', `Amazon: ${detail}`, { operation, requestId, errors })
      throw new AppError('AMAZON_REJECTED', `Amazon rejected ${operation}: ${detail}`, { operation, status: res.status, requestId, errors })
    }
  }

  // ---------------------------------------------------------------- Reports API 2021-06-30
  createReport(spec: CreateReportSpecification): Promise<CreateReportResponse> {
    return this.call('createReport', { body: spec })
  }
  getReport(reportId: string): Promise<Report> {
    return this.call('getReport', { path: { reportId } })
  }
  getReports(q: GetReportsQuery | { nextToken: string }): Promise<GetReportsResponse> {
    return this.call('getReports', { query: q as Query })
  }
  cancelReport(reportId: string): Promise<unknown> {
    return this.call('cancelReport', { path: { reportId } })
  }
  /** For restricted report types pass `restricted: true`: a restricted data token is obtained for this document's path. */
  async getReportDocument(reportDocumentId: string, opts: { restricted?: boolean } = {}): Promise<ReportDocument> {
    const accessToken = opts.restricted
      ? (await this.createRestrictedDataToken([{ method: 'GET', path: fillPath(OPERATIONS.getReportDocument.path, { reportDocumentId }) }]))
          .restrictedDataToken
      : undefined
    return this.call('getReportDocument', { path: { reportDocumentId }, accessToken })
  }

  /** Polls getReport until DONE / CANCELLED / FATAL, or maxPolls (then the last state). */
  async waitForReport(reportId: string, opts: PollOptions = {}): Promise<Report> {
    const max = opts.maxPolls ?? 120
    for (let i = 0; ; i++) {
      const r = await this.getReport(reportId)
      if (TERMINAL_STATUSES.includes(r.processingStatus) || i + 1 >= max) return r
      await this.d.sleep(opts.intervalMs ?? this.d.pollIntervalMs ?? 30_000)
    }
  }

  /**
   * createReport -> poll -> getReportDocument -> download. CANCELLED means "no data"; FATAL
   * throws AMAZON_REJECTED (details carry the reportId and any reportDocumentId).
   */
  async fetchReport(spec: CreateReportSpecification, opts: PollOptions = {}): Promise<FetchReportResult> {
    const { reportId } = await this.createReport(spec)
    return this.resumeReport(reportId, spec.reportType, opts)
  }

  /** Continues a report created earlier (e.g. before the app was closed). */
  async resumeReport(reportId: string, reportType: string, opts: PollOptions = {}): Promise<FetchReportResult> {
    const report = await this.waitForReport(reportId, opts)
    switch (report.processingStatus) {
      case 'CANCELLED':
        return { kind: 'no-data', report }
      case 'FATAL':
        throw new AppError('AMAZON_REJECTED', `Amazon could not produce the ${reportType} report (FATAL).`, {
          reportId,
          reportDocumentId: report.reportDocumentId
        })
      case 'DONE': {
        if (!report.reportDocumentId) throw new AppError('UNAVAILABLE', `Report ${reportId} is DONE but has no document.`)
        const doc = await this.getReportDocument(report.reportDocumentId, { restricted: RESTRICTED_REPORT_TYPES.has(reportType) })
        return { kind: 'done', report, document: await this.download(doc) }
      }
      default:
        return { kind: 'pending', report }
    }
  }

  // ---------------------------------------------------------------- Feeds API 2021-06-30
  createFeedDocument(contentType: string): Promise<CreateFeedDocumentResponse> {
    return this.call('createFeedDocument', { body: { contentType } })
  }

  /** PUT to the presigned URL with exactly the contentType given to createFeedDocument. */
  async uploadFeedDocument(url: string, content: string | Buffer, contentType: string): Promise<void> {
    const retry = this.d.retry ?? DEFAULT_RETRY
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await this.d.fetch(url, {
          method: 'PUT',
          headers: { 'content-type': contentType },
          body: new Uint8Array(bytes) as Uint8Array<ArrayBuffer>,
          signal: AbortSignal.timeout(this.d.timeoutMs ?? 120_000)
        })
      } catch (e) {
        const f = classifyNetworkError(e)
        if (!f) throw e
        // A PUT of the same bytes to the same URL is idempotent: retry drops and time-outs.
        if (f.kind === 'unreachable' || attempt >= retry.maxRetries) throw offlineError('the Amazon document store', f)
        await this.d.sleep(fullJitterDelay(attempt, retry, this.d.random))
        continue
      }
      const text = await res.text()
      this.d.log.debug('feed document upload', { url: safeUrl(url), status: res.status, bytes: bytes.length })
      if (res.ok) return
      if ((res.status >= 500 || res.status === 429) && attempt < retry.maxRetries) {
        await this.d.sleep(fullJitterDelay(attempt, retry, this.d.random))
        continue
      }
      if (res.status >= 500) throw new AppError('UNAVAILABLE', `Uploading the feed document failed (HTTP ${res.status}).`)
      throw new AppError('AMAZON_REJECTED', `Uploading the feed document was refused (HTTP ${res.status}): ${text.slice(0, 200)}`)
    }
  }

  /** With `guard`: sent only while the caller's lease holds (see CallGuard). */
  createFeed(spec: CreateFeedSpecification, opts: { guard?: CallGuard } = {}): Promise<CreateFeedResponse> {
    return this.call('createFeed', { body: spec, guard: opts.guard })
  }
  getFeed(feedId: string): Promise<Feed> {
    return this.call('getFeed', { path: { feedId } })
  }
  getFeeds(q: GetFeedsQuery | { nextToken: string }): Promise<GetFeedsResponse> {
    return this.call('getFeeds', { query: q as Query })
  }
  /** Every page of getFeeds (for recovery: the Feed model has no inputFeedDocumentId, so find a
   * feed by type and createdSince = the time stored just before createFeed). */
  async listFeeds(q: GetFeedsQuery): Promise<Feed[]> {
    const out: Feed[] = []
    let page = await this.getFeeds(q)
    out.push(...page.feeds)
    while (page.nextToken) {
      page = await this.getFeeds({ nextToken: page.nextToken })
      out.push(...page.feeds)
    }
    return out
  }
  cancelFeed(feedId: string): Promise<unknown> {
    return this.call('cancelFeed', { path: { feedId } })
  }
  getFeedDocument(feedDocumentId: string): Promise<FeedDocument> {
    return this.call('getFeedDocument', { path: { feedDocumentId } })
  }
  async waitForFeed(feedId: string, opts: PollOptions = {}): Promise<Feed> {
    const max = opts.maxPolls ?? 120
    for (let i = 0; ; i++) {
      const f = await this.getFeed(feedId)
      if (TERMINAL_STATUSES.includes(f.processingStatus) || i + 1 >= max) return f
      await this.d.sleep(opts.intervalMs ?? this.d.pollIntervalMs ?? 30_000)
    }
  }
  /** The processing report of a finished feed, or null when Amazon produced none. */
  async feedResult(feed: Feed): Promise<DownloadedDocument | null> {
    if (!feed.resultFeedDocumentId) return null
    return this.download(await this.getFeedDocument(feed.resultFeedDocumentId))
  }

  // ---------------------------------------------------------------- documents
  /** GET a report/feed document URL (http or https, no auth header), gunzip, read the charset. */
  async download(doc: { url: string; compressionAlgorithm?: string }): Promise<DownloadedDocument> {
    const retry = this.d.retry ?? DEFAULT_RETRY
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await this.d.fetch(doc.url, { method: 'GET', signal: AbortSignal.timeout(this.d.timeoutMs ?? 300_000) })
      } catch (e) {
        const f = classifyNetworkError(e)
        if (!f) throw e
        if (f.kind === 'unreachable' || attempt >= retry.maxRetries) throw offlineError('the Amazon document store', f)
        await this.d.sleep(fullJitterDelay(attempt, retry, this.d.random))
        continue
      }
      this.d.log.debug('document download', { url: safeUrl(doc.url), status: res.status })
      if (!res.ok) {
        const text = await res.text()
        if ((res.status >= 500 || res.status === 429) && attempt < retry.maxRetries) {
          await this.d.sleep(fullJitterDelay(attempt, retry, this.d.random))
          continue
        }
        if (res.status === 403 && /expired/i.test(text)) {
          throw new AppError('UNAVAILABLE', 'The document link expired (Amazon links last 5 minutes); request the document again.')
        }
        throw new AppError(res.status >= 500 ? 'UNAVAILABLE' : 'AMAZON_REJECTED', `Downloading the document failed (HTTP ${res.status}).`)
      }
      const contentType = res.headers.get('content-type')
      const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? null
      const raw = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : Readable.from([])
      const compressed = (doc.compressionAlgorithm ?? '').toUpperCase() === 'GZIP'
      const body = compressed ? raw.pipe(createGunzip()) : raw
      if (compressed) raw.on('error', (e) => body.destroy(e))
      const decoded = (): Readable => {
        const enc = normalizeCharset(charset) ?? 'utf-8'
        return body.pipe(iconv.decodeStream(enc)) as unknown as Readable
      }
      return {
        body,
        charset,
        contentType,
        compressed,
        decoded,
        text: async () => {
          let s = ''
          for await (const chunk of decoded()) s += String(chunk)
          return s
        }
      }
    }
  }

  // ---------------------------------------------------------------- Orders API v0
  getOrders(q: GetOrdersQuery | { MarketplaceIds: string[]; NextToken: string }): Promise<OrdersList> {
    return this.call<GetOrdersResponse>('getOrders', { query: q as Query }).then((r) => r.payload ?? { Orders: [] })
  }
  /** All pages of getOrders, following NextToken. */
  async *listOrders(q: GetOrdersQuery): AsyncGenerator<Order[], void> {
    let page = await this.getOrders(q)
    yield page.Orders
    while (page.NextToken) {
      page = await this.getOrders({ MarketplaceIds: q.MarketplaceIds, NextToken: page.NextToken })
      yield page.Orders
    }
  }
  getOrderItemsPage(orderId: string, nextToken?: string): Promise<OrderItemsList> {
    return this.call<GetOrderItemsResponse>('getOrderItems', { path: { orderId }, query: { NextToken: nextToken } }).then(
      (r) => r.payload ?? { AmazonOrderId: orderId, OrderItems: [] }
    )
  }
  /** Every item of an order (BuyerRequestedCancel.IsBuyerRequestedCancel is the string "true"/"false"). */
  async getOrderItems(orderId: string): Promise<OrderItem[]> {
    const out: OrderItem[] = []
    let page = await this.getOrderItemsPage(orderId)
    out.push(...page.OrderItems)
    while (page.NextToken) {
      page = await this.getOrderItemsPage(orderId, page.NextToken)
      out.push(...page.OrderItems)
    }
    return out
  }

  // ---------------------------------------------------------------- Finances API 2024-06-19
  /** Every page of listTransactions (Amazon's note: pages may be empty; follow nextToken). */
  async listTransactions(q: ListTransactionsQuery, opts: { guard?: CallGuard } = {}): Promise<FinancesTransaction[]> {
    const out: FinancesTransaction[] = []
    let page = await this.call<ListTransactionsResponse>('listTransactions', { query: q as Query, guard: opts.guard })
    out.push(...(page.payload?.transactions ?? []))
    for (let i = 0; page.payload?.nextToken && i < 100; i++) {
      // "call the operation with this token and include the same arguments"
      page = await this.call<ListTransactionsResponse>('listTransactions', {
        query: { ...q, nextToken: page.payload.nextToken } as Query,
        guard: opts.guard
      })
      out.push(...(page.payload?.transactions ?? []))
    }
    return out
  }
  // ---------------------------------------------------------------- Catalog Items API 2022-04-01
  /** Up to 20 ASINs in one call (the model's maxItems for `identifiers`). */
  searchCatalogItems(q: { asins: string[]; marketplaceId: string; includedData: string[] }): Promise<CatalogSearchResponse> {
    return this.call<CatalogSearchResponse>('searchCatalogItems', {
      query: {
        identifiers: q.asins.join(','),
        identifiersType: 'ASIN',
        marketplaceIds: q.marketplaceId,
        includedData: q.includedData.join(','),
        pageSize: String(Math.min(20, q.asins.length))
      }
    }).then((r) => ({ ...r, items: r.items ?? [] }))
  }
  getCatalogItem(asin: string, q: { marketplaceId: string; includedData: string[] }): Promise<CatalogItem> {
    return this.call<CatalogItem>('getCatalogItem', {
      path: { asin },
      query: { marketplaceIds: q.marketplaceId, includedData: q.includedData.join(',') }
    })
  }
  // ---------------------------------------------------------------- Orders API 2026-01-01
  /** Which Orders API this client's callers use (the app's switch, ./orders-version.ts). */
  get ordersApiVersion(): OrdersApiVersion {
    return this.d.ordersApiVersion ?? DEFAULT_ORDERS_API_VERSION
  }
  searchOrders(q: SearchOrdersQuery & { paginationToken?: string }): Promise<SearchOrdersResponse> {
    return this.call<SearchOrdersResponse>('searchOrders', { query: q as Query }).then((r) => ({ ...r, orders: r.orders ?? [] }))
  }
  /**
   * All pages of searchOrders. The model: "All other parameters must be provided with the same
   * values that were provided with the request that generated this token", so every page
   * repeats the query with the token in `paginationToken`.
   */
  async *searchAllOrders(q: SearchOrdersQuery): AsyncGenerator<Order2026[], void> {
    let page = await this.searchOrders(q)
    yield page.orders
    while (page.pagination?.nextToken) {
      page = await this.searchOrders({ ...q, paginationToken: page.pagination.nextToken })
      yield page.orders
    }
  }
  /** One order with the datasets named in includedData (its items always come with it). */
  getOrder2026(orderId: string, includedData: IncludedData2026[], opts: { guard?: CallGuard } = {}): Promise<Order2026> {
    return this.call<GetOrder2026Response>('getOrder2026', {
      path: { orderId },
      query: { includedData: includedData.length ? includedData : undefined },
      guard: opts.guard
    }).then((r) => r.order)
  }

  /** Every transaction Amazon has posted for one order (refunds included). */
  transactionsForOrder(amazonOrderId: string, opts: { guard?: CallGuard } = {}): Promise<FinancesTransaction[]> {
    return this.listTransactions({ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: amazonOrderId }, opts)
  }
  getOrder(orderId: string, opts: { guard?: CallGuard } = {}): Promise<Order | null> {
    return this.call<{ payload?: Order }>('getOrder', { path: { orderId }, guard: opts.guard }).then((r) => r.payload ?? null)
  }

  // ---------------------------------------------------------------- Fulfillment Inbound v0
  /**
   * Every inbound shipment in the given statuses (QueryType SHIPMENT), following NextToken
   * (QueryType NEXT_TOKEN, as the model says). Types are the model's (fulfillmentInboundV0.json).
   */
  async listInboundShipments(q: { marketplaceId: string; statuses: string[] }): Promise<InboundShipmentInfo[]> {
    const out: InboundShipmentInfo[] = []
    let page = await this.call<{ payload?: { ShipmentData?: InboundShipmentInfo[]; NextToken?: string } }>('getShipments', {
      query: { MarketplaceId: q.marketplaceId, QueryType: 'SHIPMENT', ShipmentStatusList: q.statuses.join(',') } as Query
    })
    out.push(...(page.payload?.ShipmentData ?? []))
    for (let i = 0; page.payload?.NextToken && i < 100; i++) {
      page = await this.call('getShipments', {
        query: { MarketplaceId: q.marketplaceId, QueryType: 'NEXT_TOKEN', NextToken: page.payload.NextToken } as Query
      })
      out.push(...(page.payload?.ShipmentData ?? []))
    }
    return out
  }
  /** The items of one inbound shipment: quantity shipped and received per SKU. */
  getShipmentItems(shipmentId: string, marketplaceId: string): Promise<InboundShipmentItem[]> {
    return this.call<{ payload?: { ItemData?: InboundShipmentItem[] } }>('getShipmentItemsByShipmentId', {
      path: { shipmentId },
      query: { MarketplaceId: marketplaceId } as Query
    }).then((r) => r.payload?.ItemData ?? [])
  }

  // ---------------------------------------------------------------- Tokens, Sellers
  createRestrictedDataToken(restrictedResources: RestrictedResource[]): Promise<CreateRestrictedDataTokenResponse> {
    return this.call('createRestrictedDataToken', { body: { restrictedResources } })
  }
  getMarketplaceParticipations(): Promise<MarketplaceParticipation[]> {
    return this.call<GetMarketplaceParticipationsResponse>('getMarketplaceParticipations').then((r) => r.payload ?? [])
  }
}
