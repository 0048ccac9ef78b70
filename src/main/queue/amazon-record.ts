/**
 * Amazon's own record of a refund or a cancellation, the last word before anything is resent
 * or a found feed is adopted (issue 12 §1c), and the duplicate-refund pre-flight.
 *
 * - Refunds: Finances API 2024-06-19 `listTransactions` filtered by `relatedIdentifierName =
 *   ORDER_ID` (models/finances-api-model/finances_2024-06-19.json). A refund transaction's items
 *   carry the SKU (ProductContext) and the amounts; the model has no order item id, so a line is
 *   matched by order + SKU + the amount credited to the buyer (the item's breakdowns without
 *   Amazon's fees, or its total when it has no breakdowns). Refunds already accounted for by our
 *   own finished entries of the same order are consumed first, so an older identical refund
 *   does not confirm a new one.
 * - Cancellations: the order as the Orders API answers it (orders/amazon-orders.ts: v2026-01-01
 *   getOrder with CANCELLATION and FULFILLMENT, or v0 getOrder + getOrderItems, by the client's
 *   switch): status `Canceled` = every item cancelled; a partial cancellation is applied when its
 *   items show quantity ordered 0 (an executed cancellation, in either version).
 *
 * Lag: "Financial events might not include orders from the last 48 hours" (the model's
 * description of listTransactions): a refund that is not there yet is `absent`, which only means
 * "not applied" once the rule's wait (./rules.ts) has passed since the feed could have applied it.
 */
import Big from 'big.js'
import { currencyExponent } from '../../shared/money'
import type { CallGuard } from '../amazon/spapi/client'
import type { FinancesTransaction } from '../amazon/spapi/types'
import type { CancelLine, RefundLine } from '../db/schema/queue'
import { amazonOrders, type OrdersApiClient } from '../orders/amazon-orders'
import type { IncomingOrder } from '../orders/upsert'

export type RecordClient = OrdersApiClient & {
  transactionsForOrder(amazonOrderId: string, opts?: { guard?: CallGuard }): Promise<FinancesTransaction[]>
}

/** One refund line as Amazon posted it. */
export type AmazonRefundLine = {
  sku: string
  currency: string
  amountMinor: number
  postedDate: string | null
  transactionId: string | null
}

export type RecordEntry =
  | { id: number; kind: 'refund'; amazonOrderId: string; currency: string | null; lines: RefundLine[] }
  | { id: number; kind: 'cancel'; amazonOrderId: string; currency: string | null; lines: CancelLine[] }

/** applied: Amazon shows it; absent: Amazon shows none of it (yet); partial: some lines only. */
export type Verdict = {
  entryId: number
  verdict: 'applied' | 'absent' | 'partial'
  evidence: string
  /** An applied refund's Finances posting (the order history keeps these as data). */
  postedAt?: string | null
  transactionId?: string | null
}

const FEE = /fee|commission|withheld|tax ?collected/i

function minorOf(amount: number | undefined, currency: string): number | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return null
  // JSON numbers from Amazon are decimals with few digits: their shortest text form is exact.
  const scaled = new Big(String(amount)).times(new Big(10).pow(currencyExponent(currency)))
  if (!scaled.eq(scaled.round(0, Big.roundHalfEven))) return null
  return Number(scaled.toFixed(0))
}

const isRefund = (t: FinancesTransaction) => /refund/i.test(t.transactionType ?? '') || /refund/i.test(t.description ?? '')

/** The refund lines of an order's transactions (credits to the buyer are positive here). */
export function refundLinesOf(transactions: FinancesTransaction[]): AmazonRefundLine[] {
  const out: AmazonRefundLine[] = []
  for (const t of transactions.filter(isRefund)) {
    for (const it of t.items ?? []) {
      const sku = it.contexts?.find((c) => c.sku)?.sku
      const currency = it.totalAmount?.currencyCode ?? t.totalAmount?.currencyCode
      if (!sku || !currency) continue
      let minor: number | null = 0
      const parts = (it.breakdowns ?? []).filter((b) => !FEE.test(b.breakdownType ?? ''))
      if (parts.length) {
        for (const b of parts) {
          const m = minorOf(b.breakdownAmount?.currencyAmount, currency)
          if (m === null) {
            minor = null
            break
          }
          minor += m
        }
      } else minor = minorOf(it.totalAmount?.currencyAmount, currency)
      if (minor === null || minor === 0) continue
      out.push({ sku, currency, amountMinor: Math.abs(minor), postedDate: t.postedDate ?? null, transactionId: t.transactionId ?? null })
    }
  }
  return out
}

const lineTotal = (l: RefundLine) => l.components.reduce((a, c) => a + c.amountMinor, 0)

/**
 * Matches refund entries against Amazon's refund lines of one order. `known` are our own
 * earlier finished refunds of the order (their lines are taken out of Amazon's list first).
 */
export function matchRefunds(
  amazon: AmazonRefundLine[],
  known: { lines: RefundLine[]; currency: string | null }[],
  entries: { id: number; lines: RefundLine[]; currency: string | null }[]
): Verdict[] {
  const pool = amazon.map((a) => ({ ...a, used: false }))
  const take = (sku: string, currency: string | null, amount: number) => {
    const hit = pool.find((p) => !p.used && p.sku === sku && (!currency || p.currency === currency) && p.amountMinor === amount)
    if (hit) hit.used = true
    return hit ?? null
  }
  for (const k of known) for (const l of k.lines) take(l.sku, k.currency, lineTotal(l))
  return entries.map((e) => {
    const hits = e.lines.map((l) => take(l.sku, e.currency, lineTotal(l)))
    const found = hits.filter((h) => h !== null)
    if (found.length === e.lines.length) {
      const h = found[0]!
      return {
        entryId: e.id,
        verdict: 'applied',
        evidence: `Amazon's Finances record shows the refund (posted ${h.postedDate ?? 'at an unknown time'}${h.transactionId ? `, transaction ${h.transactionId}` : ''})`,
        postedAt: h.postedDate ?? null,
        transactionId: h.transactionId ?? null
      }
    }
    if (found.length === 0)
      return { entryId: e.id, verdict: 'absent', evidence: "Amazon's Finances record shows no such refund for this order" }
    return {
      entryId: e.id,
      verdict: 'partial',
      evidence: `Amazon's Finances record shows ${found.length} of ${e.lines.length} refunded lines`
    }
  })
}

/** Cancellations: the order's status and, for a partial cancellation, its items (the app's order model). */
export function matchCancel(order: Pick<IncomingOrder, 'status' | 'items'> | null, e: { id: number; lines: CancelLine[] }): Verdict {
  if (!order) return { entryId: e.id, verdict: 'absent', evidence: 'Amazon does not know the order' }
  if (order.status === 'Canceled') return { entryId: e.id, verdict: 'applied', evidence: 'Amazon shows the order as Canceled' }
  const gone = e.lines.filter((l) => order.items.some((i) => i.orderItemId === l.orderItemId && Number(i.quantityOrdered) === 0))
  if (gone.length === e.lines.length)
    return { entryId: e.id, verdict: 'applied', evidence: 'Amazon shows the cancelled items with quantity 0' }
  if (gone.length > 0)
    return { entryId: e.id, verdict: 'partial', evidence: `Amazon shows ${gone.length} of ${e.lines.length} items cancelled` }
  return { entryId: e.id, verdict: 'absent', evidence: `Amazon shows the order as ${order.status ?? 'of unknown status'}` }
}

/** Asks Amazon about every entry (one listTransactions per order for refunds, the order itself for cancellations). */
export async function checkAmazonRecord(
  client: RecordClient,
  entries: RecordEntry[],
  knownFor: (amazonOrderId: string) => { lines: RefundLine[]; currency: string | null }[],
  guard?: CallGuard
): Promise<Verdict[]> {
  const out: Verdict[] = []
  const byOrder = new Map<string, RecordEntry[]>()
  for (const e of entries) byOrder.set(e.amazonOrderId, [...(byOrder.get(e.amazonOrderId) ?? []), e])
  for (const [orderId, list] of byOrder) {
    const refunds = list.filter((e): e is Extract<RecordEntry, { kind: 'refund' }> => e.kind === 'refund')
    const cancels = list.filter((e): e is Extract<RecordEntry, { kind: 'cancel' }> => e.kind === 'cancel')
    if (refunds.length) {
      const tx = await client.transactionsForOrder(orderId, { guard })
      out.push(...matchRefunds(refundLinesOf(tx), knownFor(orderId), refunds))
    }
    if (cancels.length) {
      const order = await amazonOrders(client).get(orderId, { guard })
      for (const c of cancels) out.push(matchCancel(order, c))
    }
  }
  return out
}

/**
 * The duplicate-refund pre-flight, one rule for both engines (queue/submission.ts on SQLite,
 * team/server/submitter.ts on PostgreSQL): before a refund batch is first sent (still open, no
 * feed document, never submitted), Amazon's record of each of its entries is asked, and every
 * entry Amazon already shows (applied, or partly) is taken out of the batch, rejected with the
 * evidence — a refund someone already issued in Seller Central is not sent again.
 */
export function preflightDue(b: { state: string; kind: string; feedDocumentId: string | null; attempts: number }): boolean {
  return b.state === 'open' && b.kind === 'refund' && b.feedDocumentId === null && b.attempts === 0
}

/** The entries of a batch Amazon already shows applied (or partly): the pre-flight takes them out. */
export async function alreadyAtAmazon(
  client: RecordClient,
  entries: RecordEntry[],
  knownFor: (amazonOrderId: string) => { lines: RefundLine[]; currency: string | null }[],
  guard?: CallGuard
): Promise<Verdict[]> {
  return (await checkAmazonRecord(client, entries, knownFor, guard)).filter((v) => v.verdict !== 'absent')
}

/** The reject reason of an entry the pre-flight took out, and the error of a batch it emptied. */
export const preflightReason = (v: Verdict) => `Not sent: it repeats a refund Amazon already applied — ${v.evidence}.`
export const preflightEmptied = (dup: Verdict[]) =>
  `Every refund of this batch is already applied at Amazon: ${dup.map((v) => `#${v.entryId}: ${v.evidence}`).join('; ')}`
