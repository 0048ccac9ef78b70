/**
 * Feeds API 2021-06-30: createFeedDocument, createFeed, getFeed(s), cancelFeed, getFeedDocument,
 * and the life of a feed (IN_QUEUE → IN_PROGRESS → DONE): its input document is validated and
 * applied per message (feed-processing.ts; refunds also become Finances transactions) and an XML
 * processing report becomes the result document. FATAL when a failure was injected or the input
 * was never uploaded.
 */
import type { Feed } from '../../spapi/types'
import type { EmulatorContext, EmuFeed, Handled } from '../context'
import { processFeed } from '../feed-processing'
import { badRequest, csv, DAY, decodeToken, encodeToken, iso, notFound, type ApiHandlers, type ApiRequest } from './common'
import { docUrl } from './document-urls'

const SUPPORTED_FEED_TYPES = ['POST_PAYMENT_ADJUSTMENT_DATA', 'POST_ORDER_ACKNOWLEDGEMENT_DATA']

export function feedView(f: EmuFeed): Feed {
  const { sellerId: _s, inputFeedDocumentId: _i, fatal: _f, createdMs: _c, processed: _p, ...rest } = f
  return rest
}

/** Moves every feed along by Amazon's clock; a feed is applied when it is done. */
export function advanceFeeds(ctx: EmulatorContext, n: number): void {
  const t = ctx.timings
  for (const f of ctx.feeds.values()) {
    if (f.processed) continue
    const age = n - f.createdMs
    if (age >= t.feedQueueMs && f.processingStatus === 'IN_QUEUE') {
      f.processingStatus = 'IN_PROGRESS'
      f.processingStartTime = iso(f.createdMs + t.feedQueueMs)
    }
    if (age >= t.feedDoneMs) finishFeed(ctx, f, f.createdMs + t.feedDoneMs)
  }
}

function finishFeed(ctx: EmulatorContext, f: EmuFeed, at: number): void {
  f.processed = true
  f.processingEndTime = iso(at)
  const input = ctx.docs.get(f.inputFeedDocumentId)
  if (f.fatal || !input || !input.bytes) {
    f.processingStatus = 'FATAL'
    return
  }
  const seller = ctx.sellers.get(f.sellerId)!
  const outcome = processFeed({
    feedId: f.feedId,
    feedType: f.feedType,
    content: input.bytes.toString('utf8'),
    data: seller.data,
    now: iso(at)
  })
  ctx.refunds.push(...outcome.refunds)
  for (const r of outcome.refunds) {
    const mp = seller.data.orders.find((o) => o.id === r.orderId)?.marketplaceId ?? seller.data.config.marketplaceIds[0]!
    ctx.posted.push({ ...r, sellerId: f.sellerId, marketplaceId: mp, appliedMs: at })
  }
  ctx.cancellations.push(...outcome.cancellations)
  const docId = `amzn1.tortuga.4.na.result.${f.feedId}`
  ctx.docs.set(docId, {
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

/**
 * Another program's feed (another install, another tool): created as if by createFeed with this
 * content, processed and applied like any other. Returns its feedId.
 */
export function injectFeed(
  ctx: EmulatorContext,
  sellerId: string,
  spec: { feedType: string; content: string; marketplaceIds?: string[] }
): string {
  const seller = ctx.sellers.get(sellerId)
  if (!seller) throw new Error(`emulator has no seller ${sellerId}`)
  const n = ctx.now()
  const docId = `amzn1.tortuga.4.na.${ctx.newId()}.foreign`
  ctx.docs.set(docId, {
    id: docId,
    sellerId,
    kind: 'feed-input',
    contentType: 'text/xml; charset=UTF-8',
    bytes: Buffer.from(spec.content, 'utf8'),
    compressed: false,
    restrictedPath: null
  })
  const id = ctx.newId()
  ctx.feeds.set(id, {
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
}

function createFeedDocument(ctx: EmulatorContext, { body, seller, now: n }: ApiRequest): Handled {
  const spec = body as { contentType?: string } | null
  if (!spec?.contentType) return badRequest('contentType is required')
  const id = `amzn1.tortuga.4.na.${ctx.newId()}.${ctx.sign(String(n)).slice(0, 10)}`
  ctx.docs.set(id, {
    id,
    sellerId: seller.data.config.sellerId,
    kind: 'feed-input',
    contentType: spec.contentType,
    bytes: null,
    compressed: false,
    restrictedPath: null
  })
  return { status: 201, body: { feedDocumentId: id, url: docUrl(ctx, id, 'PUT') } }
}

function createFeed(ctx: EmulatorContext, { body, seller, now: n }: ApiRequest): Handled {
  const sellerId = seller.data.config.sellerId
  const spec = body as { feedType?: string; marketplaceIds?: string[]; inputFeedDocumentId?: string } | null
  if (!spec?.feedType || !Array.isArray(spec.marketplaceIds) || !spec.inputFeedDocumentId)
    return badRequest('feedType, marketplaceIds and inputFeedDocumentId are required')
  if (!SUPPORTED_FEED_TYPES.includes(spec.feedType)) return badRequest(`feedType ${spec.feedType} is not supported by the emulator`)
  const doc = ctx.docs.get(spec.inputFeedDocumentId)
  if (!doc || doc.sellerId !== sellerId || doc.kind !== 'feed-input')
    return badRequest(`inputFeedDocumentId ${spec.inputFeedDocumentId} is not valid`)
  const id = ctx.newId()
  ctx.feeds.set(id, {
    feedId: id,
    feedType: spec.feedType,
    marketplaceIds: spec.marketplaceIds,
    createdTime: iso(n),
    processingStatus: 'IN_QUEUE',
    sellerId,
    inputFeedDocumentId: spec.inputFeedDocumentId,
    fatal: ctx.takeFailure('feedFatal') !== null,
    createdMs: n,
    processed: false
  })
  return { status: 202, body: { feedId: id } }
}

function getFeed(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const f = ctx.feeds.get(params[0]!)
  if (!f || f.sellerId !== seller.data.config.sellerId) return notFound(`Feed ${params[0]} not found`)
  return { status: 200, body: feedView(f) }
}

function cancelFeed(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const f = ctx.feeds.get(params[0]!)
  if (!f || f.sellerId !== seller.data.config.sellerId) return notFound(`Feed ${params[0]} not found`)
  if (f.processingStatus !== 'IN_QUEUE') return badRequest('Only feeds IN_QUEUE can be cancelled')
  f.processingStatus = 'CANCELLED'
  f.processed = true
  return { status: 200, body: {} }
}

function getFeeds(ctx: EmulatorContext, { query: q, seller, now: n }: ApiRequest): Handled {
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
  const list = [...ctx.feeds.values()]
    .filter((x) => x.sellerId === seller.data.config.sellerId)
    .filter((x) => (!types.length || types.includes(x.feedType)) && (!statuses.length || statuses.includes(x.processingStatus)))
    .filter((x) => x.createdMs >= since && x.createdMs <= until)
    .sort((a, b) => b.createdMs - a.createdMs)
  const page = list.slice(offset, offset + pageSize)
  const more = offset + pageSize < list.length
  // Faithful to the model: Feed has no inputFeedDocumentId, so recovery after a crash
  // must match feeds by type and createdTime (createdSince = just before createFeed).
  return {
    status: 200,
    body: { feeds: page.map(feedView), ...(more ? { nextToken: encodeToken({ f: filters, o: offset + pageSize }) } : {}) }
  }
}

function getFeedDocument(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const doc = ctx.docs.get(params[0]!)
  if (!doc || doc.sellerId !== seller.data.config.sellerId) return notFound(`Feed document ${params[0]} not found`)
  return {
    status: 200,
    body: { feedDocumentId: doc.id, url: docUrl(ctx, doc.id, 'GET'), ...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}) }
  }
}

export const feedsApi = (
  ctx: EmulatorContext
): ApiHandlers<'createFeedDocument' | 'createFeed' | 'getFeed' | 'cancelFeed' | 'getFeeds' | 'getFeedDocument'> => ({
  createFeedDocument: (req) => createFeedDocument(ctx, req),
  createFeed: (req) => createFeed(ctx, req),
  getFeed: (req) => getFeed(ctx, req),
  cancelFeed: (req) => cancelFeed(ctx, req),
  getFeeds: (req) => getFeeds(ctx, req),
  getFeedDocument: (req) => getFeedDocument(ctx, req)
})
