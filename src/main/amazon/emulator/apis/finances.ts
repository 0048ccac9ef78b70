/**
 * The emulator's Finances API 2024-06-19 `listTransactions`
 * (models/finances-api-model/finances_2024-06-19.json), consistent with the refund feeds it has
 * applied: every applied OrderAdjustment message becomes one `Refund` transaction for its order,
 * with one item per adjusted order item (ProductContext with the SKU, breakdowns per component,
 * amounts negative = money leaving the seller). A transaction is posted `postingDelayMs` after
 * its feed was processed; before that it is not listed, as Amazon's "Financial events might not
 * include orders from the last 48 hours". Query rules from the model: `postedAfter` is required
 * unless a related identifier (ORDER_ID or FINANCIAL_EVENT_GROUP_ID) is given, and both dates
 * must be more than two minutes before the request (the default `postedBefore`).
 */
import { formatMinor } from '../../../../shared/money'
import type { FinancesTransaction } from '../../spapi/types'
import type { EmulatorContext } from '../context'
import type { SellerData } from '../data'
import type { AppliedRefund } from '../feed-processing'
import { decodeToken, encodeToken, type ApiHandlers } from './common'

export type PostedRefund = AppliedRefund & { sellerId: string; marketplaceId: string; appliedMs: number }

type Answer = { status: number; body: unknown }

const bad = (message: string): Answer => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message, details: '' }] } })

/** Amazon writes amounts as JSON numbers (BigDecimal): the exact decimal text, as a number. */
const amount = (minor: number, currency: string) => ({ currencyCode: currency, currencyAmount: Number(formatMinor(minor, currency)) })

const COMPONENT_BREAKDOWN: Record<string, string> = {
  Principal: 'ProductCharges',
  Shipping: 'ShippingCharges',
  Tax: 'Tax',
  ShippingTax: 'ShippingTax',
  RestockingFee: 'RestockingFee',
  ReturnShipping: 'ReturnShipping',
  GiftWrap: 'GiftWrapCharges',
  GiftWrapTax: 'GiftWrapTax',
  Goodwill: 'Goodwill'
}

export function refundTransactions(refunds: PostedRefund[], sellers: Map<string, SellerData>): (FinancesTransaction & { postedMs: number; sellerId: string; orderId: string })[] {
  const groups = new Map<string, PostedRefund[]>()
  for (const r of refunds) {
    const k = `${r.feedId}:${r.messageId}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  return [...groups.entries()].map(([key, list]) => {
    const first = list[0]!
    const data = sellers.get(first.sellerId)
    const order = data?.orders.find((o) => o.id === first.orderId)
    const total = list.reduce((a, r) => a + r.amountMinor, 0)
    return {
      postedMs: first.appliedMs,
      sellerId: first.sellerId,
      orderId: first.orderId,
      sellingPartnerMetadata: { sellingPartnerId: first.sellerId, accountType: 'PAYABLE', marketplaceId: first.marketplaceId },
      relatedIdentifiers: [
        { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: first.orderId },
        { relatedIdentifierName: 'REFUND_ID', relatedIdentifierValue: `R-${key.replace(':', '-')}` }
      ],
      transactionType: 'Refund',
      transactionId: `emu-tx-${key.replace(':', '-')}`,
      transactionStatus: 'RELEASED',
      description: 'Refund Order',
      postedDate: new Date(first.appliedMs).toISOString(),
      totalAmount: amount(-total, first.currency),
      marketplaceDetails: { marketplaceId: first.marketplaceId, marketplaceName: 'Amazon' },
      items: list.map((r) => {
        const item = order?.items.find((i) => i.orderItemId === r.orderItemId)
        return {
          description: item?.title ?? r.orderItemId,
          relatedIdentifiers: [{ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: `OAI-${r.feedId}-${r.messageId}-${r.orderItemId.slice(-4)}` }],
          totalAmount: amount(-r.amountMinor, r.currency),
          breakdowns: r.components.map((c) => ({ breakdownType: COMPONENT_BREAKDOWN[c.type] ?? c.type, breakdownAmount: amount(-c.amountMinor, r.currency), breakdowns: [] })),
          contexts: [{ contextType: 'ProductContext', asin: item?.asin, sku: item?.sku, quantityShipped: item?.quantityShipped, fulfillmentNetwork: order?.channel === 'AFN' ? 'AFN' : 'MFN' }]
        }
      })
    }
  })
}

/**
 * GET /finances/2024-06-19/transactions for one seller. `nowMs` is the emulator's (Amazon's) time;
 * `recentGapMs` is the model's two minutes (divided by the emulator's speed-up).
 */
export function listTransactions(opts: {
  sellerId: string
  query: URLSearchParams
  refunds: PostedRefund[]
  sellers: Map<string, SellerData>
  nowMs: number
  postingDelayMs: number
  recentGapMs: number
  pageSize?: number
  decodeToken: <T>(s: string) => T | null
  encodeToken: (o: object) => string
}): Answer {
  const q = opts.query
  let filters: Record<string, string> = Object.fromEntries(q)
  let offset = 0
  const token = q.get('nextToken')
  if (token) {
    const d = opts.decodeToken<{ f: Record<string, string>; o: number }>(token)
    if (!d) return bad('Invalid nextToken')
    filters = d.f
    offset = d.o
  }
  const f = new URLSearchParams(filters)
  f.delete('nextToken')
  const idName = f.get('relatedIdentifierName')
  const idValue = f.get('relatedIdentifierValue')
  if (idName && idName !== 'ORDER_ID' && idName !== 'FINANCIAL_EVENT_GROUP_ID') return bad(`relatedIdentifierName ${idName} cannot be used for filtering`)
  if (idName && !idValue) return bad('relatedIdentifierValue is required with relatedIdentifierName')
  if (!idName && !f.get('postedAfter')) return bad('postedAfter is required unless a related identifier is given')
  const latest = opts.nowMs - opts.recentGapMs
  const after = f.get('postedAfter') ? Date.parse(f.get('postedAfter')!) : null
  const before = f.get('postedBefore') ? Date.parse(f.get('postedBefore')!) : latest
  if ((after !== null && Number.isNaN(after)) || Number.isNaN(before)) return bad('postedAfter/postedBefore must be ISO 8601 date-times')
  if (after !== null && after > latest) return bad('postedAfter must be more than two minutes before the time of the request')
  if (before > latest) return bad('postedBefore must be more than two minutes before the time of the request')
  if (after !== null && before <= after) return bad('postedBefore must be later than postedAfter')
  const mp = f.get('marketplaceId')
  const all = refundTransactions(
    opts.refunds.filter((r) => r.sellerId === opts.sellerId).map((r) => ({ ...r, appliedMs: r.appliedMs + opts.postingDelayMs })),
    opts.sellers
  )
    .filter((t) => t.postedMs < before && (after === null || t.postedMs >= after))
    .filter((t) => idName !== 'ORDER_ID' || t.orderId === idValue)
    // The emulator has no financial event groups: such a filter matches nothing.
    .filter(() => idName !== 'FINANCIAL_EVENT_GROUP_ID')
    .filter((t) => !mp || t.sellingPartnerMetadata?.marketplaceId === mp)
    .sort((a, b) => a.postedMs - b.postedMs)
  const size = opts.pageSize ?? 100
  const page = all.slice(offset, offset + size).map(({ postedMs: _p, sellerId: _s, orderId: _o, ...t }) => t)
  const more = offset + size < all.length
  return { status: 200, body: { payload: { transactions: page, ...(more ? { nextToken: opts.encodeToken({ f: filters, o: offset + size }) } : {}) } } }
}

export const financesApi = (ctx: EmulatorContext): ApiHandlers<'listTransactions'> => ({
  listTransactions: ({ query, seller, now }) =>
    listTransactions({
      sellerId: seller.data.config.sellerId,
      query,
      refunds: ctx.posted,
      sellers: new Map([...ctx.sellers].map(([k, v]) => [k, v.data])),
      nowMs: now,
      postingDelayMs: ctx.refundPostingDelayMs,
      recentGapMs: 120_000 / ctx.speedUp,
      decodeToken,
      encodeToken
    })
})
