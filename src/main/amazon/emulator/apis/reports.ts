/**
 * Reports API 2021-06-30: createReport, getReport(s), cancelReport, getReportDocument, and the
 * life of a report (IN_QUEUE → IN_PROGRESS → DONE with a GZIP document in the seller's charset,
 * CANCELLED when there is no data, FATAL or stuck when a failure was injected). Restricted
 * report documents (the actionable order data) need a restricted data token naming their path.
 * Settlement reports are Amazon's own (settlements.ts): listed by getReports, never requested.
 */
import { gzipSync } from 'node:zlib'
import iconv from 'iconv-lite'
import type { Report } from '../../spapi/types'
import type { EmulatorContext, EmuReport, Handled } from '../context'
import { MAX_WINDOW_DAYS, renderReport, SUPPORTED_REPORT_TYPES } from '../documents'
import { badRequest, csv, DAY, decodeToken, encodeToken, iso, notFound, type ApiHandlers, type ApiRequest } from './common'
import { docUrl } from './document-urls'
import { ensureSettlementReports, SETTLEMENT_REPORT_TYPE } from '../settlements'

export function reportView(r: EmuReport): Report {
  const { sellerId: _s, stuck: _st, fatal: _f, createdMs: _c, start: _a, end: _b, ...rest } = r
  return rest
}

/** Moves every report along by Amazon's clock (queue and processing times). */
export function advanceReports(ctx: EmulatorContext, n: number): void {
  const t = ctx.timings
  for (const r of ctx.reports.values()) {
    if (r.processingStatus === 'DONE' || r.processingStatus === 'CANCELLED' || r.processingStatus === 'FATAL') continue
    const age = n - r.createdMs
    if (age >= t.reportQueueMs && r.processingStatus === 'IN_QUEUE') {
      r.processingStatus = 'IN_PROGRESS'
      r.processingStartTime = iso(r.createdMs + t.reportQueueMs)
    }
    if (age >= t.reportDoneMs && !r.stuck) finishReport(ctx, r, r.createdMs + t.reportDoneMs)
  }
}

function finishReport(ctx: EmulatorContext, r: EmuReport, at: number): void {
  r.processingEndTime = iso(at)
  if (r.fatal) {
    r.processingStatus = 'FATAL'
    return
  }
  const seller = ctx.sellers.get(r.sellerId)!
  const rendered = renderReport(r.reportType, seller.data, r.start, r.end)
  if (rendered.rows === 0) {
    r.processingStatus = 'CANCELLED'
    return
  }
  const charset = rendered.kind === 'xml' ? 'UTF-8' : (seller.data.config.reportCharset ?? 'UTF-8')
  const enc = charset === 'Cp1252' ? 'windows-1252' : charset === 'Shift_JIS' ? 'shift_jis' : 'utf-8'
  const docId = `amzn1.spdoc.1.4.na.${r.reportId}.${ctx.sign(r.reportId).slice(0, 12)}`
  ctx.docs.set(docId, {
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

/** Whether this report document can only be read with a restricted data token. */
export function isRestrictedDocument(ctx: EmulatorContext, docId: string): boolean {
  return Boolean(ctx.docs.get(docId)?.restrictedPath)
}

function createReport(ctx: EmulatorContext, { body, seller, now: n }: ApiRequest): Handled {
  const spec = body as { reportType?: string; marketplaceIds?: string[]; dataStartTime?: string; dataEndTime?: string } | null
  if (!spec?.reportType || !Array.isArray(spec.marketplaceIds) || spec.marketplaceIds.length === 0)
    return badRequest('reportType and marketplaceIds are required')
  // Amazon generates settlement reports itself, per settlement period; they are listed, not requested.
  if (spec.reportType === SETTLEMENT_REPORT_TYPE)
    return badRequest(`${spec.reportType} cannot be requested: Amazon generates settlement reports; list them with getReports`)
  if (!(SUPPORTED_REPORT_TYPES as readonly string[]).includes(spec.reportType))
    return badRequest(`Invalid reportType ${spec.reportType} (not supported by the emulator)`)
  const bad = spec.marketplaceIds.find((m) => !seller.data.config.marketplaceIds.includes(m))
  if (bad) return badRequest(`Invalid marketplaceId ${bad} for this seller`)
  const end = spec.dataEndTime ? Date.parse(spec.dataEndTime) : n
  const start = spec.dataStartTime ? Date.parse(spec.dataStartTime) : end - 30 * DAY
  if (Number.isNaN(start) || Number.isNaN(end) || start > end)
    return badRequest('dataStartTime/dataEndTime must be ISO 8601 and start <= end')
  if (end > n + 60_000) return badRequest('dataEndTime must not be in the future')
  const maxDays = MAX_WINDOW_DAYS[spec.reportType]
  const id = ctx.newId()
  const stuck = ctx.takeFailure('reportStuck') !== null
  const fatal = !stuck && (ctx.takeFailure('reportFatal') !== null || (maxDays !== undefined && end - start > maxDays * DAY))
  ctx.reports.set(id, {
    reportId: id,
    reportType: spec.reportType,
    marketplaceIds: spec.marketplaceIds,
    dataStartTime: iso(start),
    dataEndTime: iso(end),
    createdTime: iso(n),
    processingStatus: 'IN_QUEUE',
    sellerId: seller.data.config.sellerId,
    stuck,
    fatal,
    createdMs: n,
    start,
    end
  })
  return { status: 202, body: { reportId: id } }
}

function getReport(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const r = ctx.reports.get(params[0]!)
  if (!r || r.sellerId !== seller.data.config.sellerId) return notFound(`Report ${params[0]} not found`)
  return { status: 200, body: reportView(r) }
}

function getReports(ctx: EmulatorContext, { query: q, seller, now: n }: ApiRequest): Handled {
  let offset = 0
  const token = q.get('nextToken')
  let filters: Record<string, string> = Object.fromEntries(q)
  if (token) {
    const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
    if (!d) return badRequest('Invalid nextToken')
    filters = d.f
    offset = d.o
  } else if (!q.get('reportTypes')) return badRequest('reportTypes is required unless nextToken is given')
  ensureSettlementReports(ctx, seller, n)
  const f = new URLSearchParams(filters)
  const pageSize = Math.min(100, Math.max(1, Number(f.get('pageSize') ?? 10)))
  const types = csv(f, 'reportTypes')
  const statuses = csv(f, 'processingStatuses')
  const since = f.get('createdSince') ? Date.parse(f.get('createdSince')!) : n - 90 * DAY
  const until = f.get('createdUntil') ? Date.parse(f.get('createdUntil')!) : n
  const list = [...ctx.reports.values()]
    .filter((r) => r.sellerId === seller.data.config.sellerId)
    .filter((r) => (!types.length || types.includes(r.reportType)) && (!statuses.length || statuses.includes(r.processingStatus)))
    .filter((r) => r.createdMs >= since && r.createdMs <= until)
    .sort((a, b) => b.createdMs - a.createdMs)
  const page = list.slice(offset, offset + pageSize)
  const more = offset + pageSize < list.length
  return {
    status: 200,
    body: { reports: page.map(reportView), ...(more ? { nextToken: encodeToken({ f: filters, o: offset + pageSize }) } : {}) }
  }
}

function cancelReport(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const r = ctx.reports.get(params[0]!)
  if (!r || r.sellerId !== seller.data.config.sellerId) return notFound(`Report ${params[0]} not found`)
  if (r.processingStatus !== 'IN_QUEUE') return badRequest('Only reports IN_QUEUE can be cancelled')
  r.processingStatus = 'CANCELLED'
  return { status: 200, body: {} }
}

function getReportDocument(ctx: EmulatorContext, { params, seller }: ApiRequest): Handled {
  const doc = ctx.docs.get(params[0]!)
  if (!doc || doc.sellerId !== seller.data.config.sellerId || doc.kind !== 'report')
    return notFound(`Report document ${params[0]} not found`)
  return { status: 200, body: { reportDocumentId: doc.id, url: docUrl(ctx, doc.id, 'GET'), compressionAlgorithm: 'GZIP' } }
}

export const reportsApi = (
  ctx: EmulatorContext
): ApiHandlers<'createReport' | 'getReport' | 'getReports' | 'cancelReport' | 'getReportDocument'> => ({
  createReport: (req) => createReport(ctx, req),
  getReport: (req) => getReport(ctx, req),
  getReports: (req) => getReports(ctx, req),
  cancelReport: (req) => cancelReport(ctx, req),
  getReportDocument: (req) => getReportDocument(ctx, req)
})
