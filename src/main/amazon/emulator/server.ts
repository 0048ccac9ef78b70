/**
 * Loopback SP-API emulator: a real node:http server on 127.0.0.1 that implements the LWA token
 * endpoint, Reports 2021-06-30, Feeds 2021-06-30, Orders v0 (getOrders, getOrder,
 * getOrderItems), Tokens 2021-03-01 (restricted data tokens) and Sellers v1
 * (getMarketplaceParticipations) with the request/response shapes of Amazon's published models,
 * plus presigned-style document URLs it serves itself.
 *
 * Faithful where it matters to a client: token buckets with the published rate/burst per
 * (seller, operation) (scaled by `speedUp`), 429 with Amazon's QuotaExceeded body,
 * `x-amzn-RateLimit-Limit` on 2xx/400/404, expired tokens, GZIP report documents with a charset
 * in the download's Content-Type, reports that are CANCELLED when there is no data, feeds
 * validated and applied per message with an XML processing report. Failure injection covers 429
 * storms, 5xx, dropped connections, expired tokens, FATAL feeds and stuck reports.
 * Processing times (queue/processing) are divided by `speedUp` as well.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import iconv from 'iconv-lite'
import { MARKETPLACES } from '../../../shared/ids'
import { formatMinor } from '../../../shared/money'
import { OPERATIONS, type OperationName } from '../spapi/operations'
import { TokenBucket } from '../spapi/rate-limiter'
import type { Feed, Order, OrderItem, ProcessingStatus, Report } from '../spapi/types'
import { generateSellerData, type EmuOrder, type EmuStoreConfig, type SellerData } from './data'
import { MAX_WINDOW_DAYS, renderReport, SUPPORTED_REPORT_TYPES } from './documents'
import { processFeed, type AppliedCancellation, type AppliedRefund } from './feed-processing'
import { listTransactions, type PostedRefund } from './finances'
import { hashString } from './prng'
import { declaresRateLimit, validateRequest } from './validation'

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
  | { kind: 'pause'; operation: OperationName | 'document'; count?: number; onPaused: (release: (mode: 'process' | 'drop' | 'lose-answer') => void) => void }

export type EmulatorOptions = {
  seed?: number | string
  /** Divides every rate-limit interval and processing time (default 1 = Amazon's pace). */
  speedUp?: number
  stores: EmuStoreConfig[]
  failures?: EmulatorFailure[]
  /** Port on 127.0.0.1 (default 0 = random). */
  port?: number
  /** Wall clock in ms (default Date.now). Data dates are relative to `anchor`. */
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

type EmuReport = Report & { sellerId: string; stuck: boolean; fatal: boolean; createdMs: number; start: number; end: number }
type EmuFeed = Feed & { sellerId: string; inputFeedDocumentId: string; fatal: boolean; createdMs: number; processed: boolean }
type EmuDoc = {
  id: string
  sellerId: string
  kind: 'report' | 'feed-input' | 'feed-result'
  contentType: string
  bytes: Buffer | null
  compressed: boolean
  /** For restricted report documents: the path an RDT must name. */
  restrictedPath: string | null
}

type Seller = { data: SellerData; buckets: Map<string, TokenBucket> }

type Handled = { status: number; body?: unknown; headers?: Record<string, string> }

const DAY = 86_400_000
const MARKETPLACE_NAMES: Record<string, { name: string; domain: string; lang: string }> = {
  US: { name: 'Amazon.com', domain: 'www.amazon.com', lang: 'en_US' },
  CA: { name: 'Amazon.ca', domain: 'www.amazon.ca', lang: 'en_CA' },
  MX: { name: 'Amazon.com.mx', domain: 'www.amazon.com.mx', lang: 'es_MX' },
  UK: { name: 'Amazon.co.uk', domain: 'www.amazon.co.uk', lang: 'en_GB' },
  DE: { name: 'Amazon.de', domain: 'www.amazon.de', lang: 'de_DE' },
  FR: { name: 'Amazon.fr', domain: 'www.amazon.fr', lang: 'fr_FR' },
  IT: { name: 'Amazon.it', domain: 'www.amazon.it', lang: 'it_IT' },
  ES: { name: 'Amazon.es', domain: 'www.amazon.es', lang: 'es_ES' },
  JP: { name: 'Amazon.co.jp', domain: 'www.amazon.co.jp', lang: 'ja_JP' }
}

const apiError = (code: string, message: string, details = '') => ({ errors: [{ code, message, details }] })
const QUOTA = apiError('QuotaExceeded', 'You exceeded your quota for the requested resource.')
const DENIED = apiError('Unauthorized', 'Access to requested resource is denied.')
const EXPIRED = apiError('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.')
const iso = (ms: number) => new Date(ms).toISOString()

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export async function startEmulator(opts: EmulatorOptions) {
  const seed = opts.seed ?? 1
  const speedUp = opts.speedUp ?? 1
  const wallNow = opts.now ?? (() => Date.now())
  let clockOffsetMs = opts.clockOffsetMs ?? 0
  let refundPostingDelayMs = (opts.refundPostingDelayMs ?? 0) / speedUp
  // Amazon's time: everything the emulator stamps or compares uses it.
  const now = () => wallNow() + clockOffsetMs
  const anchor = opts.anchor ?? new Date(Math.floor(now() / DAY) * DAY)
  const ttl = opts.tokenTtlSec ?? 3600
  const secret = createHmac('sha256', `sbo-emulator:${seed}`).update(randomBytes(16)).digest()
  const t = {
    reportQueueMs: (opts.timings?.reportQueueMs ?? 2000) / speedUp,
    reportDoneMs: (opts.timings?.reportDoneMs ?? 6000) / speedUp,
    feedQueueMs: (opts.timings?.feedQueueMs ?? 3000) / speedUp,
    feedDoneMs: (opts.timings?.feedDoneMs ?? 10_000) / speedUp
  }
  const sellers = new Map<string, Seller>()
  for (const cfg of opts.stores) {
    sellers.set(cfg.sellerId, { data: generateSellerData(seed, cfg, anchor), buckets: new Map() })
  }
  const reports = new Map<string, EmuReport>()
  const feeds = new Map<string, EmuFeed>()
  const docs = new Map<string, EmuDoc>()
  const failures: EmulatorFailure[] = [...(opts.failures ?? [])]
  let tokensValidAfter = 0
  let nextId = 50_000 + (hashString(String(seed)) % 10_000) * 1000
  const newId = () => String(++nextId)
  let requestSeq = 0
  const stats = { requests: {} as Record<string, number>, throttled: {} as Record<string, number>, tokensIssued: 0, rdtsIssued: 0 }
  const refunds: AppliedRefund[] = []
  const posted: PostedRefund[] = []
  const cancellations: AppliedCancellation[] = []
  const sockets = new Set<Socket>()

  // ------------------------------------------------------------ tokens
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 32)
  const issue = (prefix: string, claims: Record<string, unknown>) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
    return `${prefix}emu.${payload}.${sign(payload)}`
  }
  type Claims = { s: string; e: number; i: number; p?: string[] }
  const verify = (token: string | undefined): { claims: Claims; rdt: boolean } | null => {
    if (!token) return null
    const m = /^(Atza\||Atz\.sprdt\|)emu\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token)
    if (!m || sign(m[2]!) !== m[3]) return null
    try {
      return { claims: JSON.parse(Buffer.from(m[2]!, 'base64url').toString()) as Claims, rdt: m[1] === 'Atz.sprdt|' }
    } catch {
      return null
    }
  }

  // ------------------------------------------------------------ lifecycle of reports and feeds
  const advance = () => {
    const n = now()
    for (const r of reports.values()) {
      if (r.processingStatus === 'DONE' || r.processingStatus === 'CANCELLED' || r.processingStatus === 'FATAL') continue
      const age = n - r.createdMs
      if (age >= t.reportQueueMs && r.processingStatus === 'IN_QUEUE') {
        r.processingStatus = 'IN_PROGRESS'
        r.processingStartTime = iso(r.createdMs + t.reportQueueMs)
      }
      if (age >= t.reportDoneMs && !r.stuck) finishReport(r, r.createdMs + t.reportDoneMs)
    }
    for (const f of feeds.values()) {
      if (f.processed) continue
      const age = n - f.createdMs
      if (age >= t.feedQueueMs && f.processingStatus === 'IN_QUEUE') {
        f.processingStatus = 'IN_PROGRESS'
        f.processingStartTime = iso(f.createdMs + t.feedQueueMs)
      }
      if (age >= t.feedDoneMs) finishFeed(f, f.createdMs + t.feedDoneMs)
    }
  }

  function finishReport(r: EmuReport, at: number) {
    r.processingEndTime = iso(at)
    if (r.fatal) {
      r.processingStatus = 'FATAL'
      return
    }
    const seller = sellers.get(r.sellerId)!
    const rendered = renderReport(r.reportType, seller.data, r.start, r.end)
    if (rendered.rows === 0) {
      r.processingStatus = 'CANCELLED'
      return
    }
    const charset = rendered.kind === 'xml' ? 'UTF-8' : (seller.data.config.reportCharset ?? 'UTF-8')
    const enc = charset === 'Cp1252' ? 'windows-1252' : charset === 'Shift_JIS' ? 'shift_jis' : 'utf-8'
    const docId = `amzn1.spdoc.1.4.na.${r.reportId}.${sign(r.reportId).slice(0, 12)}`
    docs.set(docId, {
      id: docId,
      sellerId: r.sellerId,
      kind: 'report',
      contentType: rendered.kind === 'xml' ? `text/xml; charset=${charset}` : `text/plain; charset=${charset}`,
      bytes: gzipSync(iconv.encode(rendered.text, enc)),
      compressed: true,
      restrictedPath: r.reportType === 'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING' ? `/reports/2021-06-30/documents/${docId}` : null
    })
    r.reportDocumentId = docId
    r.processingStatus = 'DONE'
  }

  function finishFeed(f: EmuFeed, at: number) {
    f.processed = true
    f.processingEndTime = iso(at)
    const input = docs.get(f.inputFeedDocumentId)
    if (f.fatal || !input || !input.bytes) {
      f.processingStatus = 'FATAL'
      return
    }
    const seller = sellers.get(f.sellerId)!
    const outcome = processFeed({ feedId: f.feedId, feedType: f.feedType, content: input.bytes.toString('utf8'), data: seller.data, now: iso(at) })
    refunds.push(...outcome.refunds)
    for (const r of outcome.refunds) {
      const mp = seller.data.orders.find((o) => o.id === r.orderId)?.marketplaceId ?? seller.data.config.marketplaceIds[0]!
      posted.push({ ...r, sellerId: f.sellerId, marketplaceId: mp, appliedMs: at })
    }
    cancellations.push(...outcome.cancellations)
    const docId = `amzn1.tortuga.4.na.result.${f.feedId}`
    docs.set(docId, {
      id: docId,
      sellerId: f.sellerId,
      kind: 'feed-result',
      contentType: 'text/xml; charset=UTF-8',
      bytes: Buffer.from(outcome.reportXml, 'utf8'),
      compressed: false,
      restrictedPath: null
    })
    f.resultFeedDocumentId = docId
    f.processingStatus = 'DONE'
  }

  const takeFailure = <K extends EmulatorFailure['kind']>(kind: K, op?: string): Extract<EmulatorFailure, { kind: K }> | null => {
    const i = failures.findIndex((f) => f.kind === kind && (!('operation' in f) || !f.operation || f.operation === op))
    if (i < 0) return null
    const f = failures[i]! as Extract<EmulatorFailure, { kind: K }>
    if ('count' in f && typeof f.count === 'number') {
      f.count--
      if (f.count <= 0) failures.splice(i, 1)
    } else failures.splice(i, 1)
    return f
  }

  // ------------------------------------------------------------ documents
  const docUrl = (docId: string, method: 'GET' | 'PUT') => {
    const date = now()
    const sig = sign(`${method}\n${docId}\n${date}`)
    return `${baseUrl()}/_docs/${encodeURIComponent(docId)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=300&X-Amz-Signature=${sig}`
  }
  const s3Error = (status: number, code: string, message: string): Handled => ({
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers: { 'content-type': 'application/xml' }
  })

  function handleDocument(method: string, docId: string, q: URLSearchParams, req: IncomingMessage, body: Buffer): Handled {
    const doc = docs.get(docId)
    const date = Number(q.get('X-Amz-Date'))
    if (!doc || q.get('X-Amz-Signature') !== sign(`${method}\n${docId}\n${date}`)) return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.')
    if (now() > date + 300_000) return s3Error(403, 'AccessDenied', 'Request has expired')
    if (method === 'PUT') {
      if (doc.kind !== 'feed-input') return s3Error(403, 'AccessDenied', 'Access Denied')
      if (req.headers['content-type'] !== doc.contentType) {
        return s3Error(403, 'SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided (Content-Type must be exactly "${doc.contentType}").`)
      }
      doc.bytes = body
      return { status: 200, body: '' }
    }
    if (!doc.bytes) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.')
    return { status: 200, body: doc.bytes, headers: { 'content-type': doc.contentType } }
  }

  // ------------------------------------------------------------ LWA
  function handleLwa(body: Buffer, contentType: string | undefined): Handled {
    let p: Record<string, string> = {}
    const text = body.toString('utf8')
    if (contentType?.includes('json')) {
      try {
        p = JSON.parse(text) as Record<string, string>
      } catch {
        return { status: 400, body: { error: 'invalid_request', error_description: 'Malformed request' } }
      }
    } else p = Object.fromEntries(new URLSearchParams(text))
    if (p.grant_type !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only refresh_token is supported by the emulator' } }
    const byClient = [...sellers.values()].filter((s) => s.data.config.clientId === p.client_id)
    if (byClient.length === 0 || !byClient.some((s) => s.data.config.clientSecret === p.client_secret)) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } }
    }
    const seller = byClient.find((s) => s.data.config.refreshToken === p.refresh_token && s.data.config.clientSecret === p.client_secret)
    if (!seller) return { status: 400, body: { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' } }
    stats.tokensIssued++
    const token = issue('Atza|', { s: seller.data.config.sellerId, e: now() + ttl * 1000, i: now(), n: stats.tokensIssued })
    return { status: 200, body: { access_token: token, refresh_token: p.refresh_token, token_type: 'bearer', expires_in: ttl } }
  }

  // ------------------------------------------------------------ API handlers
  const csv = (q: URLSearchParams, k: string) => (q.get(k) ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const badRequest = (message: string): Handled => ({ status: 400, body: apiError('InvalidInput', message) })
  const notFound = (message: string): Handled => ({ status: 404, body: apiError('NotFound', message) })
  const money = (minor: number, currency: string) => ({ CurrencyCode: currency, Amount: formatMinor(minor, currency) })

  const reportView = (r: EmuReport): Report => {
    const { sellerId: _s, stuck: _st, fatal: _f, createdMs: _c, start: _a, end: _b, ...rest } = r
    return rest
  }
  const feedView = (f: EmuFeed): Feed => {
    const { sellerId: _s, inputFeedDocumentId: _i, fatal: _f, createdMs: _c, processed: _p, ...rest } = f
    return rest
  }
  const orderView = (o: EmuOrder): Order => {
    const live = o.items.filter((i) => !i.canceled)
    const total = live.reduce((a, i) => a + i.priceMinor + i.taxMinor + i.shippingMinor + i.shippingTaxMinor, 0)
    const purchase = new Date(o.purchaseDate).getTime()
    return {
      AmazonOrderId: o.id,
      PurchaseDate: o.purchaseDate,
      LastUpdateDate: o.lastUpdateDate,
      OrderStatus: o.status,
      FulfillmentChannel: o.channel,
      SalesChannel: MARKETPLACE_NAMES[countryOf(o.marketplaceId)]?.name ?? 'Amazon.com',
      ShipServiceLevel: o.shipServiceLevel,
      ...(o.status === 'Canceled' ? {} : { OrderTotal: money(total, o.currency) }),
      NumberOfItemsShipped: o.items.reduce((a, i) => a + i.quantityShipped, 0),
      NumberOfItemsUnshipped: live.reduce((a, i) => a + i.quantity - i.quantityShipped, 0),
      PaymentMethod: 'Other',
      PaymentMethodDetails: ['Standard'],
      MarketplaceId: o.marketplaceId,
      ShipmentServiceLevelCategory: o.shipServiceLevel.startsWith('Exp') ? 'Expedited' : 'Standard',
      OrderType: 'StandardOrder',
      EarliestShipDate: iso(purchase + 3_600_000),
      LatestShipDate: iso(purchase + 2 * DAY),
      IsBusinessOrder: o.isBusiness,
      IsPrime: o.isPrime,
      IsPremiumOrder: false,
      IsGlobalExpressEnabled: false,
      IsReplacementOrder: false,
      IsSoldByAB: false,
      IsISPU: false,
      IsAccessPointOrder: false,
      HasRegulatedItems: false
    }
  }
  const countryOf = (mp: string) => Object.values(MARKETPLACES).flat().find((m) => m.id === mp)?.country ?? 'US'
  const itemView = (o: EmuOrder, i: EmuOrder['items'][number]): OrderItem => ({
    ASIN: i.asin,
    SellerSKU: i.sku,
    OrderItemId: i.orderItemId,
    Title: i.title,
    QuantityOrdered: i.canceled ? 0 : i.quantity,
    QuantityShipped: i.quantityShipped,
    ProductInfo: { NumberOfItems: '1' },
    ItemPrice: money(i.priceMinor, o.currency),
    ShippingPrice: money(i.shippingMinor, o.currency),
    ItemTax: money(i.taxMinor, o.currency),
    ShippingTax: money(i.shippingTaxMinor, o.currency),
    ShippingDiscount: money(0, o.currency),
    ShippingDiscountTax: money(0, o.currency),
    PromotionDiscount: money(0, o.currency),
    PromotionDiscountTax: money(0, o.currency),
    PromotionIds: [],
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
    BuyerRequestedCancel: {
      IsBuyerRequestedCancel: i.buyerCancel && !i.canceled ? 'true' : 'false',
      BuyerCancelReason: i.buyerCancel && !i.canceled ? i.buyerCancel.reason : ''
    }
  })

  const encodeToken = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const decodeToken = <T>(s: string): T | null => {
    try {
      return JSON.parse(Buffer.from(s, 'base64url').toString()) as T
    } catch {
      return null
    }
  }

  function handleApi(op: OperationName, params: string[], q: URLSearchParams, body: unknown, seller: Seller): Handled {
    const sellerId = seller.data.config.sellerId
    const n = now()
    switch (op) {
      case 'createReport': {
        const spec = body as { reportType?: string; marketplaceIds?: string[]; dataStartTime?: string; dataEndTime?: string } | null
        if (!spec?.reportType || !Array.isArray(spec.marketplaceIds) || spec.marketplaceIds.length === 0) return badRequest('reportType and marketplaceIds are required')
        if (!(SUPPORTED_REPORT_TYPES as readonly string[]).includes(spec.reportType)) return badRequest(`Invalid reportType ${spec.reportType} (not supported by the emulator)`)
        const bad = spec.marketplaceIds.find((m) => !seller.data.config.marketplaceIds.includes(m))
        if (bad) return badRequest(`Invalid marketplaceId ${bad} for this seller`)
        const end = spec.dataEndTime ? Date.parse(spec.dataEndTime) : n
        const start = spec.dataStartTime ? Date.parse(spec.dataStartTime) : end - 30 * DAY
        if (Number.isNaN(start) || Number.isNaN(end) || start > end) return badRequest('dataStartTime/dataEndTime must be ISO 8601 and start <= end')
        if (end > n + 60_000) return badRequest('dataEndTime must not be in the future')
        const maxDays = MAX_WINDOW_DAYS[spec.reportType]
        const id = newId()
        const stuck = takeFailure('reportStuck') !== null
        const fatal = !stuck && (takeFailure('reportFatal') !== null || (maxDays !== undefined && end - start > maxDays * DAY))
        reports.set(id, {
          reportId: id,
          reportType: spec.reportType,
          marketplaceIds: spec.marketplaceIds,
          dataStartTime: iso(start),
          dataEndTime: iso(end),
          createdTime: iso(n),
          processingStatus: 'IN_QUEUE',
          sellerId,
          stuck,
          fatal,
          createdMs: n,
          start,
          end
        })
        return { status: 202, body: { reportId: id } }
      }
      case 'getReport': {
        const r = reports.get(params[0]!)
        if (!r || r.sellerId !== sellerId) return notFound(`Report ${params[0]} not found`)
        return { status: 200, body: reportView(r) }
      }
      case 'getReports': {
        let list = [...reports.values()].filter((r) => r.sellerId === sellerId)
        let offset = 0
        let pageSize = 10
        const token = q.get('nextToken')
        let filters: Record<string, string> = Object.fromEntries(q)
        if (token) {
          const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
          if (!d) return badRequest('Invalid nextToken')
          filters = d.f
          offset = d.o
        } else if (!q.get('reportTypes')) return badRequest('reportTypes is required unless nextToken is given')
        const f = new URLSearchParams(filters)
        pageSize = Math.min(100, Math.max(1, Number(f.get('pageSize') ?? 10)))
        const types = csv(f, 'reportTypes')
        const statuses = csv(f, 'processingStatuses')
        const since = f.get('createdSince') ? Date.parse(f.get('createdSince')!) : n - 90 * DAY
        const until = f.get('createdUntil') ? Date.parse(f.get('createdUntil')!) : n
        list = list
          .filter((r) => (!types.length || types.includes(r.reportType)) && (!statuses.length || statuses.includes(r.processingStatus)))
          .filter((r) => r.createdMs >= since && r.createdMs <= until)
          .sort((a, b) => b.createdMs - a.createdMs)
        const page = list.slice(offset, offset + pageSize)
        const more = offset + pageSize < list.length
        return { status: 200, body: { reports: page.map(reportView), ...(more ? { nextToken: encodeToken({ f: filters, o: offset + pageSize }) } : {}) } }
      }
      case 'cancelReport': {
        const r = reports.get(params[0]!)
        if (!r || r.sellerId !== sellerId) return notFound(`Report ${params[0]} not found`)
        if (r.processingStatus !== 'IN_QUEUE') return badRequest('Only reports IN_QUEUE can be cancelled')
        r.processingStatus = 'CANCELLED'
        return { status: 200, body: {} }
      }
      case 'getReportDocument': {
        const doc = docs.get(params[0]!)
        if (!doc || doc.sellerId !== sellerId || doc.kind !== 'report') return notFound(`Report document ${params[0]} not found`)
        return { status: 200, body: { reportDocumentId: doc.id, url: docUrl(doc.id, 'GET'), compressionAlgorithm: 'GZIP' } }
      }
      case 'createFeedDocument': {
        const spec = body as { contentType?: string } | null
        if (!spec?.contentType) return badRequest('contentType is required')
        const id = `amzn1.tortuga.4.na.${newId()}.${sign(String(n)).slice(0, 10)}`
        docs.set(id, { id, sellerId, kind: 'feed-input', contentType: spec.contentType, bytes: null, compressed: false, restrictedPath: null })
        return { status: 201, body: { feedDocumentId: id, url: docUrl(id, 'PUT') } }
      }
      case 'createFeed': {
        const spec = body as { feedType?: string; marketplaceIds?: string[]; inputFeedDocumentId?: string } | null
        if (!spec?.feedType || !Array.isArray(spec.marketplaceIds) || !spec.inputFeedDocumentId) return badRequest('feedType, marketplaceIds and inputFeedDocumentId are required')
        if (!['POST_PAYMENT_ADJUSTMENT_DATA', 'POST_ORDER_ACKNOWLEDGEMENT_DATA'].includes(spec.feedType)) return badRequest(`feedType ${spec.feedType} is not supported by the emulator`)
        const doc = docs.get(spec.inputFeedDocumentId)
        if (!doc || doc.sellerId !== sellerId || doc.kind !== 'feed-input') return badRequest(`inputFeedDocumentId ${spec.inputFeedDocumentId} is not valid`)
        const id = newId()
        feeds.set(id, {
          feedId: id,
          feedType: spec.feedType,
          marketplaceIds: spec.marketplaceIds,
          createdTime: iso(n),
          processingStatus: 'IN_QUEUE',
          sellerId,
          inputFeedDocumentId: spec.inputFeedDocumentId,
          fatal: takeFailure('feedFatal') !== null,
          createdMs: n,
          processed: false
        })
        return { status: 202, body: { feedId: id } }
      }
      case 'getFeed': {
        const f = feeds.get(params[0]!)
        if (!f || f.sellerId !== sellerId) return notFound(`Feed ${params[0]} not found`)
        return { status: 200, body: feedView(f) }
      }
      case 'cancelFeed': {
        const f = feeds.get(params[0]!)
        if (!f || f.sellerId !== sellerId) return notFound(`Feed ${params[0]} not found`)
        if (f.processingStatus !== 'IN_QUEUE') return badRequest('Only feeds IN_QUEUE can be cancelled')
        f.processingStatus = 'CANCELLED'
        f.processed = true
        return { status: 200, body: {} }
      }
      case 'getFeeds': {
        const token = q.get('nextToken')
        let filters: Record<string, string> = Object.fromEntries(q)
        let offset = 0
        if (token) {
          const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
          if (!d) return badRequest('Invalid nextToken')
          filters = d.f
          offset = d.o
        }
        const f = new URLSearchParams(filters)
        const pageSize = Math.min(100, Math.max(1, Number(f.get('pageSize') ?? 10)))
        const types = csv(f, 'feedTypes')
        const statuses = csv(f, 'processingStatuses')
        const since = f.get('createdSince') ? Date.parse(f.get('createdSince')!) : n - 90 * DAY
        const until = f.get('createdUntil') ? Date.parse(f.get('createdUntil')!) : n
        const list = [...feeds.values()]
          .filter((x) => x.sellerId === sellerId)
          .filter((x) => (!types.length || types.includes(x.feedType)) && (!statuses.length || statuses.includes(x.processingStatus)))
          .filter((x) => x.createdMs >= since && x.createdMs <= until)
          .sort((a, b) => b.createdMs - a.createdMs)
        const page = list.slice(offset, offset + pageSize)
        const more = offset + pageSize < list.length
        // Faithful to the model: Feed has no inputFeedDocumentId, so recovery after a crash
        // must match feeds by type and createdTime (createdSince = just before createFeed).
        return {
          status: 200,
          body: {
            feeds: page.map(feedView),
            ...(more ? { nextToken: encodeToken({ f: filters, o: offset + pageSize }) } : {})
          }
        }
      }
      case 'getFeedDocument': {
        const doc = docs.get(params[0]!)
        if (!doc || doc.sellerId !== sellerId) return notFound(`Feed document ${params[0]} not found`)
        return { status: 200, body: { feedDocumentId: doc.id, url: docUrl(doc.id, 'GET'), ...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}) } }
      }
      case 'getOrders': {
        const token = q.get('NextToken')
        const mps = csv(q, 'MarketplaceIds')
        if (mps.length === 0) return badRequest('MarketplaceIds is required')
        let filters: Record<string, string> = Object.fromEntries(q)
        let offset = 0
        if (token) {
          const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
          if (!d) return badRequest('Invalid NextToken')
          filters = d.f
          offset = d.o
        } else {
          if (!q.get('CreatedAfter') && !q.get('LastUpdatedAfter')) return badRequest('Either CreatedAfter or LastUpdatedAfter must be specified')
          if (q.get('CreatedAfter') && q.get('LastUpdatedAfter')) return badRequest('CreatedAfter and LastUpdatedAfter cannot both be specified')
        }
        const f = new URLSearchParams(filters)
        const size = Math.min(100, Math.max(1, Number(f.get('MaxResultsPerPage') ?? 100)))
        const ca = f.get('CreatedAfter') ? Date.parse(f.get('CreatedAfter')!) : null
        const cb = f.get('CreatedBefore') ? Date.parse(f.get('CreatedBefore')!) : null
        const la = f.get('LastUpdatedAfter') ? Date.parse(f.get('LastUpdatedAfter')!) : null
        const lb = f.get('LastUpdatedBefore') ? Date.parse(f.get('LastUpdatedBefore')!) : null
        const statuses = csv(f, 'OrderStatuses')
        const channels = csv(f, 'FulfillmentChannels')
        const ids = csv(f, 'AmazonOrderIds')
        const list = seller.data.orders
          .filter((o) => mps.includes(o.marketplaceId))
          .filter((o) => {
            const p = Date.parse(o.purchaseDate)
            const u = Date.parse(o.lastUpdateDate)
            return (ca === null || p >= ca) && (cb === null || p <= cb) && (la === null || u >= la) && (lb === null || u <= lb)
          })
          .filter((o) => (!statuses.length || statuses.includes(o.status)) && (!channels.length || channels.includes(o.channel)) && (!ids.length || ids.includes(o.id)))
          .sort((a, b) => (la !== null ? a.lastUpdateDate.localeCompare(b.lastUpdateDate) : a.purchaseDate.localeCompare(b.purchaseDate)))
        const page = list.slice(offset, offset + size)
        const more = offset + size < list.length
        return {
          status: 200,
          body: {
            payload: {
              Orders: page.map(orderView),
              ...(more ? { NextToken: encodeToken({ f: filters, o: offset + size }) } : {}),
              ...(la !== null ? { LastUpdatedBefore: iso(n) } : { CreatedBefore: iso(n) })
            }
          }
        }
      }
      case 'getOrder': {
        const o = seller.data.orders.find((x) => x.id === params[0])
        if (!o) return notFound(`Order ${params[0]} not found`)
        return { status: 200, body: { payload: orderView(o) } }
      }
      case 'getOrderItems': {
        const o = seller.data.orders.find((x) => x.id === params[0])
        if (!o) return notFound(`Order ${params[0]} not found`)
        const size = opts.orderItemsPageSize ?? 100
        const offset = q.get('NextToken') ? (decodeToken<{ o: number }>(q.get('NextToken')!)?.o ?? 0) : 0
        const page = o.items.slice(offset, offset + size)
        const more = offset + size < o.items.length
        return {
          status: 200,
          body: { payload: { AmazonOrderId: o.id, OrderItems: page.map((i) => itemView(o, i)), ...(more ? { NextToken: encodeToken({ o: offset + size }) } : {}) } }
        }
      }
      case 'listTransactions':
        return listTransactions({
          sellerId,
          query: q,
          refunds: posted,
          sellers: new Map([...sellers].map(([k, v]) => [k, v.data])),
          nowMs: n,
          postingDelayMs: refundPostingDelayMs,
          recentGapMs: 120_000 / speedUp,
          decodeToken,
          encodeToken
        })
      case 'createRestrictedDataToken': {
        const spec = body as { restrictedResources?: { method?: string; path?: string }[] } | null
        const res = spec?.restrictedResources
        if (!Array.isArray(res) || res.length === 0 || res.length > 50 || res.some((r) => !r.method || !r.path)) {
          return badRequest('restrictedResources must list 1–50 {method, path}')
        }
        stats.rdtsIssued++
        return {
          status: 200,
          body: { restrictedDataToken: issue('Atz.sprdt|', { s: sellerId, e: n + 3_600_000, i: n, p: res.map((r) => `${r.method} ${r.path}`) }), expiresIn: 3600 }
        }
      }
      case 'getMarketplaceParticipations': {
        return {
          status: 200,
          body: {
            payload: seller.data.config.marketplaceIds.map((id) => {
              const m = Object.values(MARKETPLACES).flat().find((x) => x.id === id)!
              const names = MARKETPLACE_NAMES[m.country] ?? { name: `Amazon ${m.country}`, domain: `www.amazon.${m.country.toLowerCase()}`, lang: 'en_US' }
              return {
                marketplace: { id, name: names.name, countryCode: m.country, defaultCurrencyCode: m.currency, defaultLanguageCode: names.lang, domainName: names.domain },
                participation: { isParticipating: true, hasSuspendedListings: false },
                storeName: `Emulated store ${sellerId}`
              }
            })
          }
        }
      }
    }
  }

  // ------------------------------------------------------------ routing
  const routes = (Object.entries(OPERATIONS) as [OperationName, (typeof OPERATIONS)[OperationName]][]).map(([op, spec]) => ({
    op,
    method: spec.method,
    re: new RegExp(`^${spec.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
    spec
  }))

  function send(res: ServerResponse, h: Handled, extra: Record<string, string> = {}) {
    const isBuf = Buffer.isBuffer(h.body)
    const payload = isBuf ? (h.body as Buffer) : typeof h.body === 'string' ? Buffer.from(h.body) : h.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(h.body))
    const headers: Record<string, string> = {
      'content-type': typeof h.body === 'object' && !isBuf ? 'application/json' : 'text/plain',
      'x-amzn-RequestId': `emu-${(++requestSeq).toString(16).padStart(8, '0')}`,
      // Amazon's clock, as every SP-API answer carries it (clients measure their offset from it).
      date: new Date(now()).toUTCString(),
      ...extra,
      ...h.headers,
      'content-length': String(payload.length)
    }
    res.writeHead(h.status, headers)
    res.end(payload)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    advance()

    if (method === 'GET' && url.pathname === '/') return send(res, { status: 200, body: { emulator: 'sp-api', sellers: [...sellers.keys()] } })
    if (method === 'POST' && url.pathname === '/auth/o2/token') {
      if (takeFailure('dropConnection', 'lwa')) return req.socket.destroy()
      const se = takeFailure('serverError', 'lwa')
      if (se) return send(res, { status: se.status ?? 500, body: { error: 'server_error', error_description: 'Internal error' } })
      return send(res, handleLwa(raw, req.headers['content-type']))
    }
    const docMatch = /^\/_docs\/([^/]+)$/.exec(url.pathname)
    if (docMatch && (method === 'GET' || method === 'PUT')) {
      if (takeFailure('dropConnection', 'document')) return req.socket.destroy()
      const pd = takeFailure('pause', 'document')
      const pdMode = pd ? await new Promise<'process' | 'drop' | 'lose-answer'>((r) => pd.onPaused(r)) : 'process'
      if (pdMode === 'drop') return req.socket.destroy()
      if (pdMode === 'lose-answer') {
        handleDocument(method, decodeURIComponent(docMatch[1]!), url.searchParams, req, raw)
        return req.socket.destroy()
      }
      return send(res, handleDocument(method, decodeURIComponent(docMatch[1]!), url.searchParams, req, raw))
    }
    const route = routes.find((r) => r.method === method && r.re.test(url.pathname))
    if (!route) return send(res, { status: 404, body: apiError('NotFound', `No operation at ${method} ${url.pathname}`) })
    const op = route.op
    // x-amzn-RateLimit-Limit on the answers whose model declares it (2xx/400/404 without a model).
    const limit = (status: number): Record<string, string> =>
      (declaresRateLimit(op, status) ?? (status < 300 || status === 400 || status === 404)) ? { 'x-amzn-RateLimit-Limit': String(route.spec.rate * speedUp) } : {}
    stats.requests[op] = (stats.requests[op] ?? 0) + 1
    if (takeFailure('dropConnection', op)) return req.socket.destroy()
    const se = takeFailure('serverError', op)
    if (se) return send(res, { status: se.status ?? 500, body: apiError('InternalFailure', 'We encountered an internal error. Please try again.') }, limit(se.status ?? 500))
    const th = takeFailure('throttle', op)
    if (th) {
      stats.throttled[op] = (stats.throttled[op] ?? 0) + 1
      if (th.hold) await new Promise<void>((r) => th.hold!(r))
      return send(res, { status: 429, body: QUOTA }, limit(429))
    }
    const params = (route.re.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent)
    // Auth: an LWA access token, or a restricted data token naming this exact path.
    const token = req.headers['x-amz-access-token']
    const v = verify(Array.isArray(token) ? token[0] : token)
    if (!v) return send(res, { status: 403, body: DENIED })
    const seller = sellers.get(v.claims.s)
    if (!seller) return send(res, { status: 403, body: DENIED })
    if (v.claims.e <= now() || (!v.rdt && v.claims.i < tokensValidAfter)) {
      return send(res, { status: opts.expiredTokenStatus ?? 403, body: EXPIRED })
    }
    if (v.rdt && !(v.claims.p ?? []).includes(`${method} ${url.pathname}`)) return send(res, { status: 403, body: DENIED })
    if (op === 'getReportDocument') {
      const doc = docs.get(params[0]!)
      if (doc?.restrictedPath && !v.rdt) {
        return send(res, { status: 403, body: apiError('Unauthorized', 'Access to requested resource is denied.', 'A restricted data token is required for this report document.') })
      }
    }
    // Throttling: Amazon's token bucket per seller + operation.
    let bucket = seller.buckets.get(op)
    if (!bucket) {
      bucket = new TokenBucket(route.spec.rate * speedUp, route.spec.burst, now())
      seller.buckets.set(op, bucket)
    }
    if (!bucket.tryTake(now())) {
      stats.throttled[op] = (stats.throttled[op] ?? 0) + 1
      return send(res, { status: 429, body: QUOTA }, limit(429))
    }
    let body: unknown = null
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        return send(res, badRequest('The request body is not valid JSON'), limit(400))
      }
    }
    // What Amazon refuses with 400, from its published models (validation.ts).
    const names = [...route.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
    const invalid = validateRequest(op, { path: Object.fromEntries(names.map((k, i) => [k, params[i]!])), query: url.searchParams, body }, { now: now(), marketplaceIds: seller.data.config.marketplaceIds })
    if (invalid) return send(res, invalid, limit(400))
    const pause = takeFailure('pause', op)
    const mode = pause ? await new Promise<'process' | 'drop' | 'lose-answer'>((r) => pause.onPaused(r)) : 'process'
    if (mode === 'drop') return req.socket.destroy()
    advance()
    const out = handleApi(op, params, url.searchParams, body, seller)
    // Handled, but the answer never reaches the client (a connection lost at the worst moment).
    if (mode === 'lose-answer') return req.socket.destroy()
    send(res, out, limit(out.status))
  }

  // Buckets start full at start-up (as if the app had been idle), not at the first request.
  for (const s of sellers.values()) {
    for (const r of routes) s.buckets.set(r.op, new TokenBucket(r.spec.rate * speedUp, r.spec.burst, now()))
  }

  // ------------------------------------------------------------ server
  let server: Server | null = null
  let port = opts.port ?? 0
  const listen = async () => {
    const srv = createServer((req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: apiError('InternalFailure', e instanceof Error ? e.message : String(e)) })
        else res.destroy()
      })
    })
    srv.keepAliveTimeout = 5000
    srv.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(port, '127.0.0.1', () => resolve())
    })
    port = (srv.address() as AddressInfo).port
    server = srv
  }
  const stopServer = async () => {
    const srv = server
    server = null
    if (!srv) return
    for (const s of sockets) s.destroy()
    sockets.clear()
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  }
  const baseUrl = () => `http://127.0.0.1:${port}`
  await listen()

  return {
    get baseUrl() {
      return baseUrl()
    },
    get lwaTokenUrl() {
      return `${baseUrl()}/auth/o2/token`
    },
    get port() {
      return port
    },
    speedUp,
    /** Stops listening (connections are dropped); state is kept. */
    stop: stopServer,
    /** Listens again on the same port after stop(). */
    start: async () => {
      if (!server) await listen()
    },
    close: stopServer,
    inject(f: EmulatorFailure) {
      if (f.kind === 'expireTokens') tokensValidAfter = now() + 1
      else failures.push({ ...f })
    },
    pendingFailures: () => failures.map((f) => ({ ...f })),
    /** Amazon's clock minus the machine's, ms (see EmulatorOptions.clockOffsetMs). */
    setClockOffset(ms: number) {
      clockOffsetMs = ms
    },
    /** Finances posting delay, ms of emulator time (already divided by speedUp). */
    setRefundPostingDelay(ms: number) {
      refundPostingDelayMs = ms
    },
    /**
     * Another program's feed (another install, another tool): created as if by createFeed with
     * this content, processed and applied like any other. Returns its feedId.
     */
    injectFeed(sellerId: string, spec: { feedType: string; content: string; marketplaceIds?: string[] }): string {
      const seller = sellers.get(sellerId)
      if (!seller) throw new Error(`emulator has no seller ${sellerId}`)
      const n = now()
      const docId = `amzn1.tortuga.4.na.${newId()}.foreign`
      docs.set(docId, { id: docId, sellerId, kind: 'feed-input', contentType: 'text/xml; charset=UTF-8', bytes: Buffer.from(spec.content, 'utf8'), compressed: false, restrictedPath: null })
      const id = newId()
      feeds.set(id, {
        feedId: id,
        feedType: spec.feedType,
        marketplaceIds: spec.marketplaceIds ?? seller.data.config.marketplaceIds,
        createdTime: iso(n),
        processingStatus: 'IN_QUEUE',
        sellerId,
        inputFeedDocumentId: docId,
        fatal: false,
        createdMs: n,
        processed: false
      })
      return id
    },
    /** Amazon's current time (the machine's plus the clock offset). */
    amazonNow: () => now(),
    clearFailures: () => {
      failures.length = 0
    },
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
    },
    /** The seller's live data (orders change when feeds are applied). */
    seller(sellerId: string): SellerData {
      advance()
      const s = sellers.get(sellerId)
      if (!s) throw new Error(`emulator has no seller ${sellerId}`)
      return s.data
    },
    refunds(filter: { orderId?: string; adjustmentId?: string } = {}): AppliedRefund[] {
      advance()
      return refunds.filter((r) => (!filter.orderId || r.orderId === filter.orderId) && (!filter.adjustmentId || r.adjustmentId === filter.adjustmentId))
    },
    refundCount(filter: { orderId?: string; adjustmentId?: string } = {}): number {
      return this.refunds(filter).length
    },
    cancellations(filter: { orderId?: string } = {}): AppliedCancellation[] {
      advance()
      return cancellations.filter((c) => !filter.orderId || c.orderId === filter.orderId)
    },
    cancellationCount(filter: { orderId?: string } = {}): number {
      return this.cancellations(filter).length
    },
    /** A buyer asks to cancel an unshipped order item (bumps LastUpdateDate like Amazon does). */
    requestBuyerCancel(sellerId: string, orderId: string, reason = 'Order Created By Mistake') {
      const o = this.seller(sellerId).orders.find((x) => x.id === orderId)
      if (!o) throw new Error(`no order ${orderId}`)
      for (const i of o.items) i.buyerCancel = { reason }
      o.lastUpdateDate = iso(now())
    },
    report: (id: string) => {
      advance()
      const r = reports.get(id)
      return r ? reportView(r) : null
    },
    /** Every feed created so far with the document it was created from (what Amazon received). */
    createdFeeds: () => {
      advance()
      return [...feeds.values()].map((f) => ({ ...feedView(f), content: docs.get(f.inputFeedDocumentId)?.bytes?.toString('utf8') ?? null }))
    },
    feed: (id: string) => {
      advance()
      const f = feeds.get(id)
      return f ? { ...feedView(f), inputFeedDocumentId: f.inputFeedDocumentId } : null
    },
    /** Status a report has right now (for tests waiting on time-based processing). */
    reportStatus: (id: string): ProcessingStatus | null => {
      advance()
      return reports.get(id)?.processingStatus ?? null
    }
  }
}
