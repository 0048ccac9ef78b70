/**
 * Settlement reports as Amazon makes them: nobody requests them (createReport refuses the type);
 * Amazon closes a settlement every 14 days and generates its GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2
 * report itself, which the seller finds with getReports (sp-api-notes §2: getReports serves
 * reports of the last 90 days). Here a report appears two hours after its period ends, DONE, with
 * a GZIP document, the first time getReports is asked at or after that instant.
 *
 * The document follows the V2 flat file: a summary line (id, period, deposit date, total, currency)
 * then one line per amount — an order's Principal, Tax, Shipping, Commission and FBA fee, a
 * refund's amounts with the commission returned and the refund commission charged — in the
 * marketplace's number format ("95,00" on amazon.de), written here independently of the app's
 * parser so a mistake in one does not hide in the other.
 */
import { gzipSync } from 'node:zlib'
import { MARKETPLACES } from '../../../shared/ids'
import { formatMinor } from '../../../shared/money'
import { iso } from './apis/common'
import type { EmulatorContext, EmuReport, Seller } from './context'

export const SETTLEMENT_REPORT_TYPE = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2'
const DAY = 86_400_000
const PERIOD_MS = 14 * DAY
/** Periods are counted from this instant (a Thursday, as Amazon's 14-day cycles often start). */
const EPOCH = Date.UTC(2026, 0, 1)
const GENERATED_AFTER_MS = 2 * 3600_000
const LOOKBACK_MS = 90 * DAY

const COLUMNS = [
  'settlement-id',
  'settlement-start-date',
  'settlement-end-date',
  'deposit-date',
  'total-amount',
  'currency',
  'transaction-type',
  'order-id',
  'merchant-order-id',
  'adjustment-id',
  'shipment-id',
  'marketplace-name',
  'amount-type',
  'amount-description',
  'amount',
  'fulfillment-id',
  'posted-date',
  'posted-date-time',
  'order-item-code',
  'merchant-order-item-id',
  'merchant-adjustment-item-id',
  'sku',
  'quantity-purchased',
  'promotion-id'
] as const
type Column = (typeof COLUMNS)[number]

const DOMAINS: Record<string, string> = {
  US: 'Amazon.com',
  CA: 'Amazon.ca',
  MX: 'Amazon.com.mx',
  BR: 'Amazon.com.br',
  UK: 'Amazon.co.uk',
  IE: 'Amazon.ie',
  DE: 'Amazon.de',
  FR: 'Amazon.fr',
  IT: 'Amazon.it',
  ES: 'Amazon.es',
  NL: 'Amazon.nl',
  BE: 'Amazon.com.be',
  SE: 'Amazon.se',
  PL: 'Amazon.pl',
  TR: 'Amazon.com.tr',
  JP: 'Amazon.co.jp',
  AU: 'Amazon.com.au',
  SG: 'Amazon.sg',
  IN: 'Amazon.in',
  AE: 'Amazon.ae',
  SA: 'Amazon.sa'
}
/** Where Amazon writes "1.234,50" and dotted dates (the euro marketplaces but Ireland, and SE, PL, TR, BR). */
const COMMA = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'SE', 'PL', 'TR', 'BR'])
const countryOf = (marketplaceId: string) =>
  Object.values(MARKETPLACES)
    .flat()
    .find((m) => m.id === marketplaceId)?.country ?? 'US'

/** "1234.50" → "1.234,50" (comma marketplaces) or "1,234.50"; the integer part grouped by three. */
function localAmount(minor: number, currency: string, comma: boolean): string {
  const plain = formatMinor(minor, currency)
  const [int, frac] = plain.split('.') as [string, string | undefined]
  const sign = int.startsWith('-') ? '-' : ''
  const digits = int.replace('-', '')
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, comma ? '.' : ',')
  return `${sign}${grouped}${frac !== undefined ? (comma ? ',' : '.') + frac : ''}`
}

function localDate(ms: number, comma: boolean, withTime: boolean): string {
  const d = new Date(ms).toISOString()
  const [y, mo, day] = [d.slice(0, 4), d.slice(5, 7), d.slice(8, 10)]
  const time = withTime ? ` ${d.slice(11, 19)} UTC` : ''
  return comma ? `${day}.${mo}.${y}${time}` : `${y}-${mo}-${day}${time}`
}

type Line = Partial<Record<Column, string>> & { amountMinor: number }

/** The settlement report of one period for one seller (its lines in the seller's main currency). */
export function renderSettlement(
  ctx: EmulatorContext,
  seller: Seller,
  settlementId: string,
  start: number,
  end: number
): { text: string; lines: number } {
  const data = seller.data
  const sellerId = data.config.sellerId
  const currency = data.currency
  const mainMarketplace = data.config.marketplaceIds[0]!
  const comma = COMMA.has(countryOf(mainMarketplace))
  const money = (m: number) => localAmount(m, currency, comma)
  const lines: Line[] = []
  const fee = currency === 'JPY' ? 434 : 322
  for (const o of data.orders) {
    const at = Date.parse(o.purchaseDate) + 3600_000
    if (o.currency !== currency || o.status !== 'Shipped' || at < start || at >= end) continue
    const base = { 'transaction-type': 'Order', 'order-id': o.id, 'marketplace-name': DOMAINS[countryOf(o.marketplaceId)] ?? 'Amazon.com' }
    for (const i of o.items) {
      const item = {
        ...base,
        'shipment-id': `S${o.id.slice(-6)}`,
        'fulfillment-id': o.channel,
        'posted-date': localDate(at, comma, false),
        'posted-date-time': localDate(at, comma, true),
        'order-item-code': i.orderItemId,
        sku: i.sku,
        'quantity-purchased': String(i.quantity)
      }
      lines.push({ ...item, 'amount-type': 'ItemPrice', 'amount-description': 'Principal', amountMinor: i.priceMinor })
      if (i.taxMinor > 0) lines.push({ ...item, 'amount-type': 'ItemPrice', 'amount-description': 'Tax', amountMinor: i.taxMinor })
      if (i.shippingMinor > 0)
        lines.push({ ...item, 'amount-type': 'ItemPrice', 'amount-description': 'Shipping', amountMinor: i.shippingMinor })
      lines.push({ ...item, 'amount-type': 'ItemFees', 'amount-description': 'Commission', amountMinor: -Math.round(i.priceMinor * 0.15) })
      if (o.channel === 'AFN')
        lines.push({ ...item, 'amount-type': 'ItemFees', 'amount-description': 'FBAPerUnitFulfillmentFee', amountMinor: -fee * i.quantity })
    }
  }
  // Refunds the emulator applied (refund feeds), posted when they were applied.
  for (const r of ctx.posted) {
    if (r.sellerId !== sellerId || r.currency !== currency || r.appliedMs < start || r.appliedMs >= end) continue
    const o = data.orders.find((x) => x.id === r.orderId)
    const item = o?.items.find((i) => i.orderItemId === r.orderItemId)
    const refund = {
      'transaction-type': 'Refund',
      'order-id': r.orderId,
      'adjustment-id': r.adjustmentId ?? `ADJ${r.feedId}-${r.messageId}`,
      'marketplace-name': DOMAINS[countryOf(r.marketplaceId)] ?? 'Amazon.com',
      'fulfillment-id': o?.channel ?? 'MFN',
      'posted-date': localDate(r.appliedMs, comma, false),
      'posted-date-time': localDate(r.appliedMs, comma, true),
      'order-item-code': r.orderItemId,
      sku: item?.sku ?? ''
    }
    let principal = 0
    for (const c of r.components) {
      if (c.amountMinor === 0) continue
      if (c.type === 'Principal') principal += c.amountMinor
      lines.push({ ...refund, 'amount-type': 'ItemPrice', 'amount-description': c.type, amountMinor: -c.amountMinor })
    }
    const commission = Math.round(principal * 0.15)
    if (commission > 0) {
      lines.push({ ...refund, 'amount-type': 'ItemFees', 'amount-description': 'Commission', amountMinor: commission })
      lines.push({
        ...refund,
        'amount-type': 'ItemFees',
        'amount-description': 'RefundCommission',
        amountMinor: -Math.min(500, Math.round(commission * 0.2))
      })
    }
  }
  const total = lines.reduce((a, l) => a + l.amountMinor, 0)
  const summary: Partial<Record<Column, string>> = {
    'settlement-id': settlementId,
    'settlement-start-date': localDate(start, comma, true),
    'settlement-end-date': localDate(end, comma, true),
    'deposit-date': localDate(end + 2 * DAY, comma, true),
    'total-amount': money(total),
    currency
  }
  const row = (cells: Partial<Record<Column, string>>) => COLUMNS.map((c) => cells[c] ?? '').join('\t')
  const text = [
    COLUMNS.join('\t'),
    row(summary),
    ...lines.map((l) => row({ ...l, 'settlement-id': settlementId, amount: money(l.amountMinor) }))
  ].join('\n')
  return { text: `${text}\n`, lines: lines.length }
}

/**
 * Generates the settlement reports of every period that ended (plus the generation delay) in the
 * last 90 days and has none yet, for this seller: what Amazon has done by `now`.
 */
export function ensureSettlementReports(ctx: EmulatorContext, seller: Seller, now: number): void {
  const sellerId = seller.data.config.sellerId
  const firstPeriod = Math.max(0, Math.floor((now - LOOKBACK_MS - EPOCH) / PERIOD_MS))
  for (let p = firstPeriod; ; p++) {
    const start = EPOCH + p * PERIOD_MS
    const end = start + PERIOD_MS
    const createdMs = end + GENERATED_AFTER_MS
    if (createdMs > now) break
    const exists = [...ctx.reports.values()].some(
      (r) => r.sellerId === sellerId && r.reportType === SETTLEMENT_REPORT_TYPE && r.start === start
    )
    if (exists) continue
    const reportId = ctx.newId()
    // Amazon's settlement ids are long numbers; this one is stable per seller and period.
    const settlementId = String(10_000_000_000 + ((hash(sellerId) * 1000 + p) % 9_000_000_000))
    const { text } = renderSettlement(ctx, seller, settlementId, start, end)
    const docId = `amzn1.spdoc.1.4.na.${reportId}.${ctx.sign(reportId).slice(0, 12)}`
    ctx.docs.set(docId, {
      id: docId,
      sellerId,
      kind: 'report',
      contentType: 'text/plain; charset=UTF-8',
      bytes: gzipSync(Buffer.from(text, 'utf8')),
      compressed: true,
      restrictedPath: null
    })
    const report: EmuReport = {
      reportId,
      reportType: SETTLEMENT_REPORT_TYPE,
      marketplaceIds: [seller.data.config.marketplaceIds[0]!],
      dataStartTime: iso(start),
      dataEndTime: iso(end),
      createdTime: iso(createdMs),
      processingStatus: 'DONE',
      processingStartTime: iso(createdMs),
      processingEndTime: iso(createdMs),
      reportDocumentId: docId,
      sellerId,
      stuck: false,
      fatal: false,
      createdMs,
      start,
      end
    }
    ctx.reports.set(reportId, report)
  }
}

function hash(s: string): number {
  let h = 0
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003
  return h
}
