/**
 * The emulator's Finances API 2024-06-19 `listTransactions`
 * (models/finances-api-model/finances_2024-06-19.json), consistent with the refund feeds it has
 * applied: every applied OrderAdjustment message becomes one `Refund` transaction for its order,
 * with one item per adjusted order item (ProductContext with the SKU, breakdowns per component,
 * amounts negative = money leaving the seller). A transaction is posted `postingDelayMs` after
 * its feed was processed; before that it is not listed, as Amazon's "Financial events might not
 * include orders from the last 48 hours". The model's query rules (`postedAfter` required unless a
 * related identifier is given, both dates more than two minutes before the request) are checked
 * with the others in validation.ts before the handler runs.
 */
import { formatMinor } from '../../../../shared/money'
import type { FinancesTransaction } from '../../spapi/types'
import type { EmulatorContext, Handled, PostedRefund } from '../context'
import type { SellerData } from '../data'
import { latestPostedMs } from '../validation'
import { badRequest, decodeToken, encodeToken, type ApiHandlers } from './common'

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

export function refundTransactions(
  refunds: PostedRefund[],
  sellers: Map<string, SellerData>
): (FinancesTransaction & { postedMs: number; sellerId: string; orderId: string })[] {
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
          relatedIdentifiers: [
            {
              itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID',
              itemRelatedIdentifierValue: `OAI-${r.feedId}-${r.messageId}-${r.orderItemId.slice(-4)}`
            }
          ],
          totalAmount: amount(-r.amountMinor, r.currency),
          breakdowns: r.components.map((c) => ({
            breakdownType: COMPONENT_BREAKDOWN[c.type] ?? c.type,
            breakdownAmount: amount(-c.amountMinor, r.currency),
            breakdowns: []
          })),
          contexts: [
            {
              contextType: 'ProductContext',
              asin: item?.asin,
              sku: item?.sku,
              quantityShipped: item?.quantityShipped,
              fulfillmentNetwork: order?.channel === 'AFN' ? 'AFN' : 'MFN'
            }
          ]
        }
      })
    }
  })
}

/**
 * GET /finances/2024-06-19/transactions for one seller, for a query validation.ts accepted.
 * `latestMs` is the default postedBefore: two minutes before the request (validation.ts's
 * latestPostedMs, the emulator's speed-up applied).
 */
export function listTransactions(opts: {
  sellerId: string
  query: URLSearchParams
  refunds: PostedRefund[]
  sellers: Map<string, SellerData>
  latestMs: number
  postingDelayMs: number
  pageSize?: number
}): Handled {
  const q = opts.query
  let filters: Record<string, string> = Object.fromEntries(q)
  let offset = 0
  const token = q.get('nextToken')
  if (token) {
    const d = decodeToken<{ f: Record<string, string>; o: number }>(token)
    if (!d) return badRequest('Invalid nextToken')
    filters = d.f
    offset = d.o
  }
  const f = new URLSearchParams(filters)
  f.delete('nextToken')
  const idName = f.get('relatedIdentifierName')
  const idValue = f.get('relatedIdentifierValue')
  const after = f.get('postedAfter') ? Date.parse(f.get('postedAfter')!) : null
  const before = f.get('postedBefore') ? Date.parse(f.get('postedBefore')!) : opts.latestMs
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
  return {
    status: 200,
    body: { payload: { transactions: page, ...(more ? { nextToken: encodeToken({ f: filters, o: offset + size }) } : {}) } }
  }
}

export const financesApi = (ctx: EmulatorContext): ApiHandlers<'listTransactions'> => ({
  listTransactions: ({ query, seller, now }) =>
    listTransactions({
      sellerId: seller.data.config.sellerId,
      query,
      refunds: ctx.posted,
      sellers: new Map([...ctx.sellers].map(([k, v]) => [k, v.data])),
      latestMs: latestPostedMs({ now, speedUp: ctx.speedUp }),
      postingDelayMs: ctx.refundPostingDelayMs
    })
})
