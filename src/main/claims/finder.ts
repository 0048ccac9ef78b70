/**
 * The claims finder: pure rules, no IO, no clock (the caller passes `now`). From a store's ledger
 * rows, reimbursements, FBA customer returns and refund events it finds what Amazon still owes
 * (claim-rules.md §3.1), places each finding's window with the rule pack, and keeps every line it
 * used — the event and what was netted against it — as evidence.
 *
 * Netting (first in, first out, per FNSKU — the SKU when a reimbursement line has no FNSKU):
 * - FC lost: ledger Adjustments with reason M or 5 (the row's UnreconciledQuantity when the file
 *   has it, else −Quantity). Later found units (reasons F, N) net against the oldest open loss
 *   before them; then Lost_Warehouse reimbursements net against the oldest losses still open at
 *   their date (never a loss dated after the reimbursement), and a reversal of such a
 *   reimbursement gives its units back to the losses it last netted.
 * - FC damaged: reasons E, 6, 7, H, K, U; Damaged_Warehouse reimbursements net as above.
 * - Customer refunded, not returned: per order and SKU, refunded units minus units in the FBA
 *   customer returns report (any disposition) minus CustomerReturn reimbursements of the order.
 * - The newer types (returned damaged, replacement not returned, removal short, inbound short)
 *   are in finder-inventory.ts; inbound reimbursements (Lost_Inbound, …) net only inbound shortages.
 * Found and reimbursed units that exceed the open losses are ignored (they belong to losses older
 * than the imported ledger).
 *
 * A finding whose units are all netted closes itself: when reimbursements netted some of them it
 * stays, with status `reimbursed`, the reimbursed units as its quantity, and the reimbursement
 * lines in its evidence (`reimbursedBy`); when found units or returns netted them all, it is no
 * finding (nothing was owed). `closeOrSkip` decides it, the same for every claim type.
 *
 * Lookups per FNSKU and per order go through maps built once (finder-index.ts), never a scan of
 * every line per key.
 */
import type { ClaimEvidence, ClaimFinding, ClaimStatus, ClaimType } from '../../shared/contract/claims'
import { MARKETPLACES } from '../../shared/ids'
import type { Money } from '../../shared/money'
import { CLAIM_RULE_IDS, MANUFACTURING_COST_VALUATION, type RulePack, type WindowRule } from '../../shared/rules'
import { reasonCategory } from '../amazon/reports/reimbursement-reasons'
import { groupBy, ReimbursementIndex } from './finder-index'
import {
  closeOrSkip,
  findInventoryClaims,
  isInboundReimbursement,
  reimbursedUnits,
  type InboundItemInput,
  type RemovalOrderInput,
  type RemovalShipmentInput,
  type ReplacementInput
} from './finder-inventory'

export type { InboundItemInput, RemovalOrderInput, RemovalShipmentInput, ReplacementInput } from './finder-inventory'
export { closeOrSkip } from './finder-inventory'

/** Ledger adjustment reason codes (sp-api-notes §1.5; claim-rules.md §3.1). */
export const LOST_REASONS: ReadonlySet<string> = new Set(['M', '5'])
export const FOUND_REASONS: ReadonlySet<string> = new Set(['F', 'N'])
export const DAMAGED_REASONS: ReadonlySet<string> = new Set(['E', '6', '7', 'H', 'K', 'U'])

export type LedgerInput = {
  id: number
  occurredAt: string
  fnsku: string
  sku: string | null
  asin: string | null
  eventType: string
  referenceId: string | null
  quantity: number
  fulfillmentCenter: string | null
  reason: string | null
  country: string | null
  unreconciledQuantity: number | null
  sourceFile: string | null
  sourceLine: number | null
}

export type ReimbursementInput = {
  id: number
  reimbursementId: string
  reimbursedAt: string
  reason: string
  amazonOrderId: string | null
  sku: string
  fnsku: string | null
  currency: string
  amountPerUnitMinor: number | null
  quantityTotal: number
  originalReimbursementType: string | null
  sourceFile: string | null
  sourceLine: number | null
}

export type ReturnInput = {
  id: number
  amazonOrderId: string
  returnDate: string
  sku: string
  fnsku?: string | null
  quantity: number
  disposition: string | null
  sourceFile: string | null
  sourceLine: number | null
}

/**
 * A refund to a buyer, as the finder needs it. Filled today from Finances listTransactions
 * (claims' refund events); the settlement report import can fill it the same way.
 */
export interface RefundEvent {
  amazonOrderId: string
  sku: string
  quantity: number
  /** UTC ISO instant of the refund. */
  refundedAt: string
  /** Money given back to the buyer (positive). */
  amount: Money
  /** Where it came from ('finances', 'settlement') and the source's id of it (transaction id). */
  source: string
  sourceRef: string
  marketplaceId: string | null
  /** The file or report line, when the source has one. */
  sourceFile?: string | null
  sourceLine?: number | null
}

/** A manufacturing cost of a SKU from a day (YYYY-MM-DD). */
export type CostInput = { sku: string; fromDate: string; costMinor: number; currency: string }

export type FinderInput = {
  storeId: string
  storeName: string
  /** The store's marketplaces; the first is used when a line names none. */
  marketplaceIds: string[]
  ledger: LedgerInput[]
  reimbursements: ReimbursementInput[]
  returns: ReturnInput[]
  refunds: RefundEvent[]
  /** The seller's manufacturing costs (valuation of losses since 10 Mar 2025); none: []. */
  costs?: CostInput[]
  /** Replacement shipments, removal order/shipment detail lines, inbound shipment items (none: []). */
  replacements?: ReplacementInput[]
  removalOrders?: RemovalOrderInput[]
  removalShipments?: RemovalShipmentInput[]
  inboundItems?: InboundItemInput[]
  now: Date
  rules: RulePack
}

const ALL_MARKETPLACES = Object.values(MARKETPLACES).flat()
const MARKETPLACE_BY_COUNTRY = new Map<string, string>(ALL_MARKETPLACES.map((m) => [m.country, m.id]))
// The ledger writes ISO country codes: the UK is GB there.
MARKETPLACE_BY_COUNTRY.set('GB', 'A1F83G8C2ARO7P')
const CURRENCY_OF = new Map(ALL_MARKETPLACES.map((m) => [m.id, m.currency]))

/** Code-point order of ISO instants (same format): localeCompare's collation is ~10× slower and not needed for them. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Whether a row is an adjustment ("Adjustments", "adjustments", …); the few event type spellings are memoised. */
const adjustmentType = new Map<string, boolean>()
const isAdjustment = (r: LedgerInput): boolean => {
  let yes = adjustmentType.get(r.eventType)
  if (yes === undefined) adjustmentType.set(r.eventType, (yes = r.eventType.replace(/\s+/g, '').toLowerCase() === 'adjustments'))
  return yes
}

/** A loss/damage event with the units still open and the lines netted against it. */
type Open = { row: LedgerInput; units: number; open: number; netted: ClaimEvidence[] }

const ledgerEvidence = (r: LedgerInput, role: ClaimEvidence['role'], quantity: number): ClaimEvidence => ({
  kind: 'ledger',
  role,
  at: r.occurredAt,
  quantity,
  reference: r.referenceId,
  detail: r.reason,
  sourceFile: r.sourceFile,
  sourceLine: r.sourceLine
})
const reimbursementEvidence = (r: ReimbursementInput, quantity: number): ClaimEvidence => ({
  kind: 'reimbursement',
  role: 'reimbursed',
  at: r.reimbursedAt,
  quantity,
  reference: r.reimbursementId,
  detail: r.reason,
  sourceFile: r.sourceFile,
  sourceLine: r.sourceLine
})

/** The reimbursement category a line counts for: its own, or for a reversal the reversed line's (with negative units). */
function effectiveCategory(r: ReimbursementInput): string {
  const own = reasonCategory(r.reason)
  if (own === 'ReimbursementCancellation' && r.originalReimbursementType) return reasonCategory(r.originalReimbursementType)
  return own
}

/**
 * Nets reimbursement lines (in time order) against open events (in time order), FIFO; a reversal
 * gives units back, last netted first. A line nets only events dated at or before it (a line
 * dated before a loss paid an older one), as found units do and as the inbound and removal
 * netting takes only lines from the first receipt or request on (finder-inventory.ts).
 */
function netReimbursements(events: Open[], lines: ReimbursementInput[]): void {
  const taken: { ev: Open; line: ReimbursementInput; units: number }[] = []
  for (const line of lines) {
    if (line.quantityTotal > 0) {
      let left = line.quantityTotal
      for (const ev of events) {
        if (left === 0 || ev.row.occurredAt > line.reimbursedAt) break
        const n = Math.min(ev.open, left)
        if (n === 0) continue
        ev.open -= n
        left -= n
        ev.netted.push(reimbursementEvidence(line, n))
        taken.push({ ev, line, units: n })
      }
    } else if (line.quantityTotal < 0) {
      let back = -line.quantityTotal
      for (let i = taken.length - 1; i >= 0 && back > 0; i--) {
        const t = taken[i]!
        const n = Math.min(t.units, back)
        if (n === 0) continue
        t.units -= n
        t.ev.open += n
        back -= n
        t.ev.netted.push(reimbursementEvidence(line, -n))
      }
    }
  }
}

function statusAt(now: number, opensAt: string, closesAt: string, urgentFrom: string | null): ClaimStatus {
  if (now > Date.parse(closesAt)) return 'expired'
  if (now < Date.parse(opensAt)) return 'wait'
  if (urgentFrom && now >= Date.parse(urgentFrom)) return 'expiresSoon'
  return 'claimNow'
}

export function findClaims(input: FinderInput): ClaimFinding[] {
  const now = input.now.getTime()
  const defaultMarketplace = input.marketplaceIds[0] ?? null
  const out: ClaimFinding[] = []

  /** The latest per-unit amount Amazon paid for a SKU in a currency (its own valuation of the unit). */
  const unitValue = new Map<string, number>()
  for (const r of input.reimbursements)
    if (r.amountPerUnitMinor !== null && r.amountPerUnitMinor > 0 && r.quantityTotal > 0)
      unitValue.set(`${r.sku}\t${r.currency}`, r.amountPerUnitMinor)

  /** The cost in force for a SKU on an event's day: the latest version from that day or before. */
  const costsBySku = groupBy(input.costs ?? [], (c) => c.sku)
  const costAt = (sku: string | null, at: string): CostInput | undefined => {
    if (!sku || at < MANUFACTURING_COST_VALUATION.effectiveFrom) return undefined
    const day = at.slice(0, 10)
    return (costsBySku.get(sku) ?? []).filter((c) => c.fromDate <= day).sort((a, b) => b.fromDate.localeCompare(a.fromDate))[0]
  }

  /** One contract `rule` object per rule version, shared by its findings. */
  const ruleObjects = new Map<WindowRule, ClaimFinding['rule']>()
  const ruleOf = (r: WindowRule): ClaimFinding['rule'] => {
    let o = ruleObjects.get(r)
    if (!o) ruleObjects.set(r, (o = { id: r.id, effectiveFrom: r.effectiveFrom, sources: [...r.sources], note: r.note ?? null }))
    return o
  }
  const place = (
    type: ClaimType,
    marketplaceId: string | null,
    anchorAt: string
  ): { opensAt: string; closesAt: string; status: ClaimStatus; rule: ClaimFinding['rule'] } | null => {
    const w = input.rules.place(CLAIM_RULE_IDS[type], marketplaceId, anchorAt)
    if (!w) return null
    return {
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      status: statusAt(now, w.opensAt, w.closesAt, w.urgentFrom),
      rule: ruleOf(w.rule)
    }
  }

  // --- FC lost and FC damaged, per FNSKU ---------------------------------------------------
  const byFnsku = groupBy(input.ledger, (r) => (isAdjustment(r) ? r.fnsku : null))
  const paidIndex = new ReimbursementIndex(input.reimbursements, effectiveCategory)
  // Inbound reimbursements pay inbound shortages (finder-inventory.ts), never a loss in the warehouse.
  const reimbursementsFor = (fnsku: string, skus: Set<string>, category: string) =>
    paidIndex.forFnsku(fnsku, skus, category).filter((r) => !isInboundReimbursement(r))

  for (const [fnsku, rows] of byFnsku) {
    rows.sort((a, b) => byText(a.occurredAt, b.occurredAt) || a.id - b.id)
    const skus = new Set(rows.map((r) => r.sku).filter((s): s is string => !!s))
    const units = (r: LedgerInput) => (r.unreconciledQuantity !== null ? r.unreconciledQuantity : -r.quantity)
    const lost: Open[] = []
    const damaged: Open[] = []
    for (const r of rows) {
      const reason = (r.reason ?? '').toUpperCase()
      if (LOST_REASONS.has(reason) && r.quantity < 0 && units(r) > 0) lost.push({ row: r, units: units(r), open: units(r), netted: [] })
      else if (DAMAGED_REASONS.has(reason) && r.quantity < 0 && units(r) > 0)
        damaged.push({ row: r, units: units(r), open: units(r), netted: [] })
      else if (FOUND_REASONS.has(reason) && r.quantity > 0) {
        // Found units net against the oldest loss still open at the time they were found.
        let left = r.quantity
        for (const ev of lost) {
          if (left === 0 || ev.row.occurredAt > r.occurredAt) break
          const n = Math.min(ev.open, left)
          if (n === 0) continue
          ev.open -= n
          left -= n
          ev.netted.push(ledgerEvidence(r, 'found', n))
        }
      }
    }
    netReimbursements(lost, reimbursementsFor(fnsku, skus, 'WarehouseLost'))
    netReimbursements(damaged, reimbursementsFor(fnsku, skus, 'WarehouseDamaged'))
    for (const [type, events] of [
      ['fcLost', lost],
      ['fcDamaged', damaged]
    ] as const) {
      for (const ev of events) {
        const shown = closeOrSkip(ev.open, reimbursedUnits(ev.netted))
        if (!shown) continue
        const r = ev.row
        const marketplaceId = (r.country && MARKETPLACE_BY_COUNTRY.get(r.country.toUpperCase())) || defaultMarketplace
        const w = place(type, marketplaceId, r.occurredAt)
        if (!w) continue
        const currency = marketplaceId ? (CURRENCY_OF.get(marketplaceId) ?? null) : null
        const cost = costAt(r.sku, r.occurredAt)
        const perUnit = r.sku && currency ? unitValue.get(`${r.sku}\t${currency}`) : undefined
        out.push({
          id: `${type}:${input.storeId}:${fnsku}:${r.referenceId ?? ''}:${r.occurredAt}:${r.id}`,
          storeId: input.storeId,
          storeName: input.storeName,
          type,
          sku: r.sku,
          fnsku,
          asin: r.asin,
          amazonOrderId: null,
          marketplaceId,
          fulfillmentCenter: r.fulfillmentCenter,
          quantity: shown.quantity,
          eventAt: r.occurredAt,
          ...w,
          ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
          value: cost
            ? { amountMinor: cost.costMinor * shown.quantity, currency: cost.currency }
            : perUnit !== undefined && currency
              ? { amountMinor: perUnit * shown.quantity, currency }
              : null,
          valueBasis: cost ? 'manufacturingCost' : perUnit !== undefined ? 'lastReimbursement' : null,
          evidence: [ledgerEvidence(r, 'event', ev.units), ...ev.netted]
        })
      }
    }
  }

  // --- Customer refunded, item not returned, per order and SKU -------------------------------
  /** Per order and SKU: the return and reimbursed units this type used (finder-inventory.ts nets only the rest). */
  const usedReturns = new Map<string, number>()
  const usedReimbursed = new Map<string, number>()
  const refunds = groupBy(input.refunds, (f) => `${f.amazonOrderId}\t${f.sku}`)
  const returnsOf = groupBy(input.returns, (r) => `${r.amazonOrderId}\t${r.sku}`)
  for (const [k, list] of refunds) {
    list.sort((a, b) => byText(a.refundedAt, b.refundedAt))
    const [orderId, sku] = k.split('\t') as [string, string]
    const refunded = list.reduce((a, f) => a + f.quantity, 0)
    if (refunded <= 0) continue
    const evidence: ClaimEvidence[] = list.map((f) => ({
      kind: 'refund',
      role: 'event',
      at: f.refundedAt,
      quantity: f.quantity,
      reference: f.sourceRef,
      detail: f.source,
      sourceFile: f.sourceFile ?? null,
      sourceLine: f.sourceLine ?? null
    }))
    let open = refunded
    usedReturns.set(k, 0)
    for (const r of returnsOf.get(k) ?? []) {
      if (open <= 0) break
      if (r.quantity <= 0) continue
      const n = Math.min(open, r.quantity)
      open -= n
      usedReturns.set(k, usedReturns.get(k)! + n)
      evidence.push({
        kind: 'return',
        role: 'returned',
        at: r.returnDate,
        quantity: n,
        reference: orderId,
        detail: r.disposition,
        sourceFile: r.sourceFile,
        sourceLine: r.sourceLine
      })
    }
    let reimbursed = 0
    for (const r of paidIndex.forOrder(orderId, 'CustomerReturn')) {
      if (r.sku !== sku && r.sku !== '') continue
      reimbursed += r.quantityTotal
      evidence.push(reimbursementEvidence(r, r.quantityTotal))
    }
    const paid = Math.max(0, Math.min(open, reimbursed))
    usedReimbursed.set(k, paid)
    const shown = closeOrSkip(open - paid, paid)
    if (!shown) continue
    const first = list[0]!
    const marketplaceId = first.marketplaceId ?? defaultMarketplace
    const w = place('customerReturn', marketplaceId, first.refundedAt)
    if (!w) continue
    const currency = first.amount.currency
    const amount = list.filter((f) => f.amount.currency === currency).reduce((a, f) => a + f.amount.amountMinor, 0)
    out.push({
      id: `customerReturn:${input.storeId}:${orderId}:${sku}`,
      storeId: input.storeId,
      storeName: input.storeName,
      type: 'customerReturn',
      sku,
      fnsku: null,
      asin: null,
      amazonOrderId: orderId,
      marketplaceId,
      fulfillmentCenter: null,
      quantity: shown.quantity,
      eventAt: first.refundedAt,
      ...w,
      ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
      // The refunded amount of the units still owed (or reimbursed), rounded down to the minor unit.
      value: { amountMinor: Math.floor((amount * shown.quantity) / refunded), currency },
      valueBasis: 'refund',
      evidence
    })
  }

  out.push(
    ...findInventoryClaims(
      {
        reimbursements: input.reimbursements,
        returns: input.returns,
        refunds: input.refunds,
        replacements: input.replacements ?? [],
        removalOrders: input.removalOrders ?? [],
        removalShipments: input.removalShipments ?? [],
        inboundItems: input.inboundItems ?? []
      },
      {
        storeId: input.storeId,
        storeName: input.storeName,
        defaultMarketplace,
        place,
        costAt,
        unitValue: (sku, currency) => (sku && currency ? unitValue.get(`${sku}\t${currency}`) : undefined),
        currencyOf: (m) => (m ? (CURRENCY_OF.get(m) ?? null) : null),
        category: effectiveCategory,
        usedReturns,
        usedReimbursed
      }
    )
  )

  return out.sort((a, b) => byText(a.closesAt, b.closesAt) || a.id.localeCompare(b.id))
}
