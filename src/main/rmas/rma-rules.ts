/**
 * The RMA rules, pure (no IO, no clock): what a group of report rows for one Amazon RMA ID does.
 * Sellercloud's behaviour, which our users know (issue #5):
 * - Only rows whose return request status is Approved create RMAs.
 * - A kit parent SKU adds its components (quantities multiplied), not the parent; kits are per store.
 * - Amazon's RMA ID is kept as the RMA's "Order source RMA #".
 * - The label tracking number becomes a note on the RMA.
 * - Resolution is Refund; status is Open.
 * - "Do not create RMA for Amazon returnless refunds" on: returnless rows create no RMA.
 * - The RMA links to its order (the caller creates a minimal order when it is unknown).
 * - A later report for the same (store, Amazon RMA ID) updates the RMA in place (status,
 *   tracking, ...); values the new report leaves empty never erase known ones. Amazon's status
 *   is recorded as Amazon's; our workflow status (Open -> Received -> Refunded -> Closed) is ours
 *   and is never moved by a report.
 * FBA customer returns never create RMAs: Amazon takes the unit back at its own fulfillment
 * center and has already refunded the buyer, so there is nothing for our warehouse to receive or
 * refund. They are kept for the order's history and reported as skipped with that reason.
 */
import type { ReturnRow } from '../amazon/reports/returns-types'

export const RMA_STATUSES = ['Open', 'Received', 'Refunded', 'Closed'] as const
export type RmaStatus = (typeof RMA_STATUSES)[number]

export type KitComponent = { componentSku: string; quantity: number }
export type KitMap = ReadonlyMap<string, readonly KitComponent[]>

export type SkipCode = 'not_approved' | 'returnless' | 'unknown_order' | 'duplicate_row' | 'fba_informational'
export type Skip = { line: number; column?: number; code: SkipCode; reason: string }

export type RmaFields = {
  amazonOrderId: string
  orderSourceRmaId: string
  merchantRmaId: string | null
  returnRequestStatus: string
  returnRequestDate: string | null
  orderDate: string | null
  amazonResolution: string | null
  returnType: string | null
  returnless: boolean
  trackingId: string | null
  carrier: string | null
  labelType: string | null
  labelPaidBy: string | null
  currency: string | null
  labelCostMinor: number | null
  orderAmountMinor: number | null
  refundedAmountMinor: number | null
  sourceLine: number
}

export type NewItem = {
  sku: string
  sourceSku: string
  parentSku: string | null
  asin: string | null
  itemName: string | null
  quantity: number
  reason: string | null
  currency: string | null
  refundAmountMinor: number | null
  sourceLine: number
  raw: Record<string, string>
}

export type ExistingRma = {
  id: number
  fields: Omit<
    RmaFields,
    'sourceLine' | 'amazonOrderId' | 'orderSourceRmaId' | 'orderDate' | 'returnless' | 'labelCostMinor' | 'orderAmountMinor'
  >
  /** sourceSku of the items it already has. */
  itemSourceSkus: ReadonlySet<string>
  /** Bodies of the tracking notes it already has. */
  trackingNotes: ReadonlySet<string>
}

export type RmaPlan =
  | { action: 'create'; rma: RmaFields; items: NewItem[]; notes: string[]; skipped: Skip[] }
  | { action: 'update'; changes: Partial<RmaFields>; detail: string; addItems: NewItem[]; notes: string[]; skipped: Skip[] }
  | { action: 'unchanged'; skipped: Skip[] }
  | { action: 'skip'; skipped: Skip[] }

export const RESOLUTION = 'Refund'
export const INITIAL_STATUS: RmaStatus = 'Open'

export const isApproved = (status: string): boolean => status.trim().toLowerCase() === 'approved'

/** Amazon order ids are 3-7-7 digits (all marketplaces). */
export const isAmazonOrderId = (id: string): boolean => /^\d{3}-\d{7}-\d{7}$/.test(id)

/** A kit parent SKU becomes its components (quantity multiplied); any other SKU stays as it is. */
export function expandKit(sku: string, quantity: number, kits: KitMap): { sku: string; quantity: number; parentSku: string | null }[] {
  const components = kits.get(sku)
  if (!components || components.length === 0) return [{ sku, quantity, parentSku: null }]
  return components.map((c) => ({ sku: c.componentSku, quantity: quantity * c.quantity, parentSku: sku }))
}

export const trackingNote = (trackingId: string, carrier: string | null): string =>
  `Return label tracking number: ${trackingId}${carrier ? ` (${carrier})` : ''}`

function itemsOf(row: ReturnRow, kits: KitMap): NewItem[] {
  return expandKit(row.sku, row.quantity, kits).map((e) => ({
    sku: e.sku,
    sourceSku: row.sku,
    parentSku: e.parentSku,
    asin: e.parentSku ? null : row.asin,
    itemName: e.parentSku ? null : row.itemName,
    quantity: e.quantity,
    reason: row.reason,
    // What the report says this item refunds: the XML's refund_amount (due), else the flat file's
    // Refunded Amount (paid). Only the latter blocks "Issue refund" (RmaFields.refundedAmountMinor).
    currency: (row.refundAmount ?? row.refundedAmount)?.currency ?? null,
    refundAmountMinor: e.parentSku ? null : ((row.refundAmount ?? row.refundedAmount)?.amountMinor ?? null),
    sourceLine: row.line,
    raw: row.raw
  }))
}

/**
 * Return and order dates are stored as the calendar day, YYYY-MM-DD, whatever the report: the flat
 * file only has the day ("14-Jul-2025"), and turning a day into an instant would invent a time
 * Amazon never gave. The XML's instants ("2025-07-14T12:44:17Z", UTC) give their UTC day.
 */
export const dayOf = (d: string | null): string | null => (d === null ? null : d.slice(0, 10))

function fieldsOf(rows: ReturnRow[]): RmaFields {
  const last = rows[rows.length - 1]!
  const pick = <K extends keyof ReturnRow>(k: K): ReturnRow[K] | null => {
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i]![k] != null) return rows[i]![k]
    return null
  }
  const money = rows.map((r) => r.refundedAmount).filter((m) => m != null)
  const currency =
    (pick('orderAmount') ?? pick('labelCost') ?? money[0] ?? rows.find((r) => r.refundAmount)?.refundAmount ?? null)?.currency ?? null
  return {
    amazonOrderId: last.orderId,
    orderSourceRmaId: last.amazonRmaId!,
    merchantRmaId: pick('merchantRmaId'),
    returnRequestStatus: last.status,
    returnRequestDate: dayOf(pick('requestDate')),
    orderDate: dayOf(pick('orderDate')),
    amazonResolution: pick('resolution'),
    returnType: pick('returnType'),
    returnless: rows.some((r) => r.returnless),
    trackingId: pick('trackingId'),
    carrier: pick('carrier'),
    labelType: pick('labelType'),
    labelPaidBy: pick('labelPaidBy'),
    currency,
    labelCostMinor: pick('labelCost')?.amountMinor ?? null,
    orderAmountMinor: pick('orderAmount')?.amountMinor ?? null,
    refundedAmountMinor:
      money.length > 0 && money.every((m) => m.currency === currency) ? money.reduce((s, m) => s + m.amountMinor, 0) : null,
    sourceLine: rows[0]!.line
  }
}

function trackingNotesOf(rows: ReturnRow[], have: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const r of rows) {
    if (!r.trackingId) continue
    const note = trackingNote(r.trackingId, r.carrier)
    if (!have.has(note) && !out.includes(note)) out.push(note)
  }
  return out
}

/** The fields a later report may change on a known RMA (empty values never erase known ones). */
export const REPORT_UPDATABLE_FIELDS = [
  'returnRequestStatus',
  'trackingId',
  'carrier',
  'labelType',
  'labelPaidBy',
  'returnType',
  'amazonResolution',
  'returnRequestDate',
  'merchantRmaId',
  'refundedAmountMinor',
  'currency'
] as const satisfies readonly (keyof ExistingRma['fields'])[]

const LABELS: Record<(typeof REPORT_UPDATABLE_FIELDS)[number], string> = {
  returnRequestStatus: 'Amazon status',
  trackingId: 'tracking',
  carrier: 'carrier',
  labelType: 'label type',
  labelPaidBy: 'label paid by',
  returnType: 'return type',
  amazonResolution: 'Amazon resolution',
  returnRequestDate: 'request date',
  merchantRmaId: 'merchant RMA #',
  refundedAmountMinor: 'refunded amount',
  currency: 'currency'
}

/**
 * Decides what the rows of one Amazon RMA ID do. `rows` are in file order and all carry the same
 * amazonRmaId; `existing` is the RMA already stored for (store, RMA ID), if any.
 */
export function planRma(
  rows: ReturnRow[],
  ctx: { existing: ExistingRma | null; noRmaForReturnlessRefunds: boolean; kits: KitMap }
): RmaPlan {
  const skipped: Skip[] = []
  // The same row twice in one file (a re-saved or concatenated report) counts once. In the XML,
  // an <item_details> repeated inside one return is the same item listed twice, not another unit:
  // the report gives each item's units in return_quantity (developer-docs
  // /docs/returns-reports-attributes), and order_quantity bounds what can come back.
  const seen = new Map<string, ReturnRow>()
  const unique: ReturnRow[] = []
  const at = (r: ReturnRow) => (r.column !== undefined ? `line ${r.line}, column ${r.column}` : `line ${r.line}`)
  for (const r of rows) {
    const key = rows.length === 1 ? '' : JSON.stringify(r.raw)
    const first = seen.get(key)
    if (first !== undefined) {
      const reason =
        r.format === 'mfn-xml'
          ? `this <item_details> (${r.sku}, quantity ${r.quantity}) repeats the one at ${at(first)} in the same return ${r.amazonRmaId}: counted once`
          : `same return as ${at(first)}`
      skipped.push({ line: r.line, ...(r.column !== undefined ? { column: r.column } : {}), code: 'duplicate_row', reason })
    } else {
      seen.set(key, r)
      unique.push(r)
    }
  }

  const { existing } = ctx
  if (existing) {
    const next = fieldsOf(unique)
    const changes: Partial<RmaFields> = {}
    const parts: string[] = []
    for (const k of REPORT_UPDATABLE_FIELDS) {
      const v = next[k]
      if (v == null || v === existing.fields[k]) continue
      ;(changes as Record<string, unknown>)[k] = v
      parts.push(`${LABELS[k]}: ${existing.fields[k] ?? '—'} → ${v}`)
    }
    const addItems: NewItem[] = []
    for (const r of unique) {
      if (existing.itemSourceSkus.has(r.sku)) continue
      if (!isApproved(r.status))
        skipped.push({ line: r.line, code: 'not_approved', reason: `return request status is ${r.status}, not Approved` })
      else addItems.push(...itemsOf(r, ctx.kits))
    }
    if (addItems.length > 0) parts.push(`items added: ${[...new Set(addItems.map((i) => i.sourceSku))].join(', ')}`)
    const notes = trackingNotesOf(unique, existing.trackingNotes)
    if (parts.length === 0 && notes.length === 0) return { action: 'unchanged', skipped }
    return { action: 'update', changes, detail: parts.join('; ') || 'tracking note added', addItems, notes, skipped }
  }

  const approved: ReturnRow[] = []
  for (const r of unique) {
    if (isApproved(r.status)) approved.push(r)
    else skipped.push({ line: r.line, code: 'not_approved', reason: `return request status is ${r.status}, not Approved` })
  }
  if (approved.length === 0) return { action: 'skip', skipped }
  const orderId = approved[approved.length - 1]!.orderId
  if (!isAmazonOrderId(orderId)) {
    for (const r of approved)
      skipped.push({
        line: r.line,
        code: 'unknown_order',
        reason: `"${orderId}" is not an Amazon order id (3-7-7 digits), so the RMA cannot be linked to an order`
      })
    return { action: 'skip', skipped }
  }
  if (ctx.noRmaForReturnlessRefunds && approved.some((r) => r.returnless)) {
    for (const r of approved)
      skipped.push({
        line: r.line,
        code: 'returnless',
        reason: 'returnless refund, and the store setting "Do not create RMA for Amazon returnless refunds" is on'
      })
    return { action: 'skip', skipped }
  }
  return {
    action: 'create',
    rma: fieldsOf(approved),
    items: approved.flatMap((r) => itemsOf(r, ctx.kits)),
    notes: trackingNotesOf(approved, new Set()),
    skipped: skipped.sort((a, b) => a.line - b.line)
  }
}

export const FBA_SKIP_REASON = 'FBA customer return: Amazon handles FBA returns, so no RMA is created; kept in the order history'

/** Status moves forward only: Open -> Received -> Refunded -> Closed (steps may be skipped, e.g. returnless). */
export function canMove(from: RmaStatus, to: RmaStatus): boolean {
  return RMA_STATUSES.indexOf(to) > RMA_STATUSES.indexOf(from)
}

export type ReceiveLine = { itemId: number; quantity: number; condition: string }
export type ItemState = { id: number; quantity: number; receivedQuantity: number }

/**
 * Receiving: quantities add up per item and may not exceed what was returned. The RMA moves to
 * Received when every item is received in full (and it was still Open). Returns an error text or
 * the per-item new received quantities and the status to move to (null = stay).
 */
export function planReceive(
  status: RmaStatus,
  items: readonly ItemState[],
  lines: readonly ReceiveLine[]
): { error: string } | { received: Map<number, number>; moveTo: RmaStatus | null } {
  if (status !== 'Open' && status !== 'Received') return { error: `An RMA that is ${status} can't receive items` }
  const byId = new Map(items.map((i) => [i.id, i]))
  const received = new Map(items.map((i) => [i.id, i.receivedQuantity]))
  for (const l of lines) {
    const it = byId.get(l.itemId)
    if (!it) return { error: `Item ${l.itemId} is not on this RMA` }
    const next = received.get(it.id)! + l.quantity
    if (next > it.quantity) return { error: `Item ${l.itemId}: receiving ${l.quantity} would make ${next} of ${it.quantity} returned` }
    received.set(it.id, next)
  }
  const complete = items.every((i) => received.get(i.id)! >= i.quantity)
  return { received, moveTo: complete && status === 'Open' ? 'Received' : null }
}

/** The history line of a receipt: "SKU × quantity (condition)" per received line, in the order given. */
export function receiptDetail(lines: readonly ReceiveLine[], items: readonly { id: number; sku: string }[]): string {
  return lines.map((l) => `${items.find((i) => i.id === l.itemId)!.sku} × ${l.quantity} (${l.condition})`).join(', ')
}

/** Issue refund: allowed once per RMA, before it is Refunded or Closed. */
export function refundBlocker(status: RmaStatus, existingRequests: number): string | null {
  if (existingRequests > 0) return 'A refund was already requested for this RMA'
  if (status === 'Refunded' || status === 'Closed') return `The RMA is already ${status}`
  return null
}
