/**
 * The claims finder's newer types (pure, no IO, no clock), called by `findClaims` (finder.ts) with
 * its window placement and valuation helpers:
 *
 * - returnDamaged: an FBA customer return whose detailed disposition says Amazon or the carrier
 *   damaged it (CARRIER_DAMAGED, DAMAGED; claim-rules.md §3.1 — CUSTOMER_DAMAGED, DEFECTIVE and
 *   EXPIRED are not reimbursed), per return line, net (oldest line first) of the order's
 *   CustomerReturn and warehouse-damaged reimbursements that the order's "refunded, not returned"
 *   finding did not already use.
 * - replacementNotReturned: a replacement shipped (replacement report) and the original order's
 *   units never came back: the replacement's units minus the original order's FBA returns and
 *   CustomerReturn reimbursements, again after what "refunded, not returned" used. A separate
 *   type (not folded into customerReturn) because its clock starts at the replacement's shipment
 *   and it has no refund to value it by.
 * - removalShortage: per removal order (order type Return) and FNSKU, once the order is Completed:
 *   requested − cancelled − disposed − in process − the units the removal shipment detail lines
 *   show shipped. That is both units lost in the warehouse before shipping and units the order
 *   says shipped that no shipment line carries. Net of reimbursements for that removal order id
 *   (Amazon puts it in amazon-order-id), or with a removal reason, same FNSKU (SKU when the
 *   reimbursement has none), reversals giving units back.
 * Each type closes the same way as the others (`closeOrSkip`): once reimbursements net all of a
 * finding's units it stays, status `reimbursed`, with the reimbursed units and lines.
 * - inboundShortage: per inbound shipment and FNSKU of a CLOSED shipment, quantity shipped −
 *   quantity received (Fulfillment Inbound API), from the shipment's first ledger receipt; net,
 *   oldest shipment first, of the FNSKU's inbound reimbursements (Lost_Inbound, Damaged_Inbound,
 *   MissingFromInbound and their reversals) dated from the first receipt on (an earlier one paid
 *   for an older shipment); removal-reason reimbursements likewise from the removal request on. finder.ts keeps those reasons out of FC lost/damaged.
 */
import type { ClaimEvidence, ClaimFinding, ClaimStatus, ClaimType } from '../../shared/contract/claims'

export type RemovalOrderInput = {
  id: number
  orderId: string
  requestedAt: string
  orderType: string
  orderStatus: string
  updatedAt: string
  sku: string | null
  fnsku: string
  disposition: string | null
  requested: number
  cancelled: number
  disposed: number
  shipped: number
  inProcess: number
  sourceFile: string | null
  sourceLine: number | null
}

export type RemovalShipmentInput = {
  id: number
  orderId: string
  shippedAt: string
  sku: string | null
  fnsku: string
  quantity: number
  carrier: string | null
  trackingNumber: string | null
  sourceFile: string | null
  sourceLine: number | null
}

export type ReplacementInput = {
  id: number
  shippedAt: string
  sku: string
  asin: string | null
  quantity: number
  reasonCode: string | null
  replacementOrderId: string
  originalOrderId: string
  fulfillmentCenter: string | null
  sourceFile: string | null
  sourceLine: number | null
}

export type InboundItemInput = {
  id: number
  shipmentId: string
  shipmentStatus: string
  sku: string | null
  fnsku: string
  quantityShipped: number
  quantityReceived: number
  /** The shipment's first ledger Receipts row (its delivery, as near as the reports tell); null: not received yet. */
  receivedAt: string | null
  fulfillmentCenter: string | null
  sourceFile: string | null
  sourceLine: number | null
}

/** What these rules read of a reimbursement line (finder.ts ReimbursementInput fits). */
type Reimb = {
  reimbursementId: string
  reimbursedAt: string
  reason: string
  amazonOrderId: string | null
  sku: string
  fnsku: string | null
  quantityTotal: number
  originalReimbursementType: string | null
  sourceFile: string | null
  sourceLine: number | null
}
type Ret = {
  amazonOrderId: string
  returnDate: string
  sku: string
  fnsku?: string | null
  quantity: number
  disposition: string | null
  sourceFile: string | null
  sourceLine: number | null
}
type Refund = { amazonOrderId: string; sku: string; quantity: number; amount: { amountMinor: number; currency: string } }

type Placed = { opensAt: string; closesAt: string; status: ClaimStatus; rule: ClaimFinding['rule'] }

export type InventoryFinderContext = {
  storeId: string
  storeName: string
  defaultMarketplace: string | null
  place(type: ClaimType, marketplaceId: string | null, anchorAt: string): Placed | null
  /** The seller's manufacturing cost of a SKU on a day (only from 10 Mar 2025). */
  costAt(sku: string | null, at: string): { costMinor: number; currency: string } | undefined
  /** Amazon's latest per-unit reimbursement of a SKU in a currency. */
  unitValue(sku: string | null, currency: string | null): number | undefined
  currencyOf(marketplaceId: string | null): string | null
  /** The reimbursement category a line counts for (a reversal: the reversed line's). */
  category(r: Reimb): string
  /** Per `order\tsku`: FBA return units and reimbursed units the customerReturn finding already used. */
  usedReturns: Map<string, number>
  usedReimbursed: Map<string, number>
}

export type InventoryFinderInput = {
  reimbursements: Reimb[]
  returns: Ret[]
  refunds: Refund[]
  replacements: ReplacementInput[]
  removalOrders: RemovalOrderInput[]
  removalShipments: RemovalShipmentInput[]
  inboundItems: InboundItemInput[]
}

/** Detailed dispositions of a customer return Amazon is responsible for (claim-rules.md §3.1 [SC12]). */
export const AMAZON_DAMAGED_DISPOSITIONS: ReadonlySet<string> = new Set(['CARRIER_DAMAGED', 'DAMAGED'])

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-:]+/g, '')
/** Raw reimbursement reasons of inbound losses (sp-api-notes §1.1; matched squashed). */
const INBOUND_REASONS = new Set(['lostinbound', 'damagedinbound', 'missingfrominbound', 'inboundlost', 'inbounddamaged'])
/** True when a line (or the line a reversal reverses) is an inbound reimbursement. */
export function isInboundReimbursement(r: { reason: string; originalReimbursementType: string | null }): boolean {
  return (
    INBOUND_REASONS.has(squash(r.reason)) || (!!r.originalReimbursementType && INBOUND_REASONS.has(squash(r.originalReimbursementType)))
  )
}
/** Removal reimbursements: Amazon publishes no reason list; any reason naming a removal counts (UNCONFIRMED names). */
const isRemovalReason = (r: Reimb) => squash(r.reason).includes('removal') || squash(r.originalReimbursementType ?? '').includes('removal')

const reimbursed = (r: Reimb, quantity: number): ClaimEvidence => ({
  kind: 'reimbursement',
  role: 'reimbursed',
  at: r.reimbursedAt,
  quantity,
  reference: r.reimbursementId,
  detail: r.reason,
  sourceFile: r.sourceFile,
  sourceLine: r.sourceLine
})

/** Units of the reimbursement lines among a finding's netted lines (reversals count negative). */
export const reimbursedUnits = (netted: readonly ClaimEvidence[]): number =>
  netted.reduce((a, e) => a + (e.kind === 'reimbursement' ? e.quantity : 0), 0)

/**
 * What a finding with `open` units left shows: open (quantity open, status of its window), closed
 * by reimbursements (their units, status 'reimbursed'), or nothing (netted by found units or
 * returns only). Every claim type goes through it.
 */
export function closeOrSkip(open: number, reimbursed: number): { quantity: number; reimbursed: boolean } | null {
  if (open > 0) return { quantity: open, reimbursed: false }
  return reimbursed > 0 ? { quantity: reimbursed, reimbursed: true } : null
}

type Open = { units: number; open: number; netted: ClaimEvidence[] }

/** Nets reimbursement lines (time order) against events FIFO; a reversal (negative units) gives units back, last netted first. */
function net(events: Open[], lines: Reimb[]): void {
  const taken: { ev: Open; units: number }[] = []
  for (const line of [...lines].sort((a, b) => a.reimbursedAt.localeCompare(b.reimbursedAt))) {
    if (line.quantityTotal > 0) {
      let left = line.quantityTotal
      for (const ev of events) {
        const n = Math.min(ev.open, left)
        if (n === 0) continue
        ev.open -= n
        left -= n
        ev.netted.push(reimbursed(line, n))
        taken.push({ ev, units: n })
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
        t.ev.netted.push(reimbursed(line, -n))
      }
    }
  }
}

const sameItem = (r: Reimb, fnsku: string | null, sku: string | null) => (r.fnsku && fnsku ? r.fnsku === fnsku : !!sku && r.sku === sku)

export function findInventoryClaims(input: InventoryFinderInput, ctx: InventoryFinderContext): ClaimFinding[] {
  const out: ClaimFinding[] = []
  const base = (type: ClaimType) => ({ storeId: ctx.storeId, storeName: ctx.storeName, type })
  /** Value before a customer order: manufacturing cost, else Amazon's last per-unit amount. */
  const inventoryValue = (sku: string | null, at: string, units: number, currency: string | null) => {
    const cost = ctx.costAt(sku, at)
    if (cost) return { value: { amountMinor: cost.costMinor * units, currency: cost.currency }, valueBasis: 'manufacturingCost' as const }
    const per = ctx.unitValue(sku, currency)
    if (per !== undefined && currency) return { value: { amountMinor: per * units, currency }, valueBasis: 'lastReimbursement' as const }
    return { value: null, valueBasis: null }
  }

  // --- Returned damaged by Amazon or the carrier, per return line ---------------------------
  const damagedByOrder = new Map<string, Ret[]>()
  for (const r of input.returns) {
    if (r.quantity <= 0 || !AMAZON_DAMAGED_DISPOSITIONS.has((r.disposition ?? '').trim().toUpperCase())) continue
    const k = `${r.amazonOrderId}\t${r.sku}`
    damagedByOrder.set(k, [...(damagedByOrder.get(k) ?? []), r])
  }
  for (const [k, rows] of damagedByOrder) {
    const [orderId, sku] = k.split('\t') as [string, string]
    rows.sort((a, b) => a.returnDate.localeCompare(b.returnDate))
    const events = rows.map((r) => ({ row: r, units: r.quantity, open: r.quantity, netted: [] as ClaimEvidence[] }))
    // The order's reimbursements, less the units "refunded, not returned" already netted.
    let skip = ctx.usedReimbursed.get(k) ?? 0
    const lines: Reimb[] = []
    for (const r of input.reimbursements) {
      if (r.amazonOrderId !== orderId || (r.sku !== sku && r.sku !== '')) continue
      const c = ctx.category(r)
      if (c !== 'CustomerReturn' && c !== 'WarehouseDamaged') continue
      if (skip > 0 && r.quantityTotal > 0) {
        const n = Math.min(skip, r.quantityTotal)
        skip -= n
        if (n === r.quantityTotal) continue
        lines.push({ ...r, quantityTotal: r.quantityTotal - n })
      } else lines.push(r)
    }
    net(events, lines)
    const refunds = input.refunds.filter((f) => f.amazonOrderId === orderId && f.sku === sku)
    for (const ev of events) {
      const shown = closeOrSkip(ev.open, reimbursedUnits(ev.netted))
      if (!shown) continue
      const r = ev.row
      const w = ctx.place('returnDamaged', ctx.defaultMarketplace, r.returnDate)
      if (!w) continue
      const currency = refunds[0]?.amount.currency ?? ctx.currencyOf(ctx.defaultMarketplace)
      const same = refunds.filter((f) => f.amount.currency === currency)
      const refundedUnits = same.reduce((a, f) => a + f.quantity, 0)
      const refundedMinor = same.reduce((a, f) => a + f.amount.amountMinor, 0)
      const per = ctx.unitValue(sku, currency)
      out.push({
        id: `returnDamaged:${ctx.storeId}:${orderId}:${sku}:${r.returnDate}`,
        ...base('returnDamaged'),
        sku,
        fnsku: r.fnsku ?? null,
        asin: null,
        amazonOrderId: orderId,
        marketplaceId: ctx.defaultMarketplace,
        fulfillmentCenter: null,
        quantity: shown.quantity,
        eventAt: r.returnDate,
        ...w,
        ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
        // After a customer order Amazon pays the sale price less fees: the refund per unit is the nearest figure we have.
        value:
          refundedUnits > 0 && currency
            ? { amountMinor: Math.floor((refundedMinor * shown.quantity) / refundedUnits), currency }
            : per !== undefined && currency
              ? { amountMinor: per * shown.quantity, currency }
              : null,
        valueBasis: refundedUnits > 0 ? 'refund' : per !== undefined ? 'lastReimbursement' : null,
        evidence: [
          {
            kind: 'return',
            role: 'event',
            at: r.returnDate,
            quantity: ev.units,
            reference: orderId,
            detail: r.disposition,
            sourceFile: r.sourceFile,
            sourceLine: r.sourceLine
          },
          ...ev.netted
        ]
      })
    }
  }

  // --- Replacement sent, original never returned ------------------------------------------
  const returnsLeft = new Map<string, number>()
  for (const r of input.returns) {
    const k = `${r.amazonOrderId}\t${r.sku}`
    if (r.quantity > 0) returnsLeft.set(k, (returnsLeft.get(k) ?? 0) + r.quantity)
  }
  for (const [k, used] of ctx.usedReturns) returnsLeft.set(k, Math.max(0, (returnsLeft.get(k) ?? 0) - used))
  const reimbLeft = new Map<string, number>()
  /** Per `order\tsku`: the order's CustomerReturn reimbursement lines (filtered once per key). */
  const reimbLines = new Map<string, Reimb[]>()
  for (const r of [...input.replacements].sort((a, b) => a.shippedAt.localeCompare(b.shippedAt) || a.id - b.id)) {
    if (r.quantity <= 0) continue
    const k = `${r.originalOrderId}\t${r.sku}`
    const evidence: ClaimEvidence[] = [
      {
        kind: 'replacement',
        role: 'event',
        at: r.shippedAt,
        quantity: r.quantity,
        reference: r.replacementOrderId,
        detail: r.reasonCode,
        sourceFile: r.sourceFile,
        sourceLine: r.sourceLine
      }
    ]
    let open = r.quantity
    const back = Math.min(open, returnsLeft.get(k) ?? 0)
    if (back > 0) {
      open -= back
      returnsLeft.set(k, (returnsLeft.get(k) ?? 0) - back)
      for (const ret of input.returns)
        if (ret.amazonOrderId === r.originalOrderId && ret.sku === r.sku && ret.quantity > 0)
          evidence.push({
            kind: 'return',
            role: 'returned',
            at: ret.returnDate,
            quantity: ret.quantity,
            reference: ret.amazonOrderId,
            detail: ret.disposition,
            sourceFile: ret.sourceFile,
            sourceLine: ret.sourceLine
          })
    }
    let lines = reimbLines.get(k)
    if (!lines) {
      lines = input.reimbursements.filter(
        (x) => x.amazonOrderId === r.originalOrderId && ctx.category(x) === 'CustomerReturn' && (x.sku === r.sku || x.sku === '')
      )
      reimbLines.set(k, lines)
    }
    if (!reimbLeft.has(k)) {
      reimbLeft.set(k, Math.max(0, lines.reduce((a, x) => a + x.quantityTotal, 0) - (ctx.usedReimbursed.get(k) ?? 0)))
      if (open > 0) for (const x of lines) evidence.push(reimbursed(x, x.quantityTotal))
    }
    const paid = Math.min(open, reimbLeft.get(k) ?? 0)
    // A later replacement of the same order paid from the same lines: show them as its evidence too.
    if (paid > 0 && !evidence.some((e) => e.kind === 'reimbursement')) for (const x of lines) evidence.push(reimbursed(x, x.quantityTotal))
    open -= paid
    reimbLeft.set(k, (reimbLeft.get(k) ?? 0) - paid)
    const shown = closeOrSkip(open, paid)
    if (!shown) continue
    const w = ctx.place('replacementNotReturned', ctx.defaultMarketplace, r.shippedAt)
    if (!w) continue
    const currency = ctx.currencyOf(ctx.defaultMarketplace)
    const per = ctx.unitValue(r.sku, currency)
    out.push({
      id: `replacementNotReturned:${ctx.storeId}:${r.originalOrderId}:${r.sku}:${r.replacementOrderId}`,
      ...base('replacementNotReturned'),
      sku: r.sku,
      fnsku: null,
      asin: r.asin,
      amazonOrderId: r.originalOrderId,
      marketplaceId: ctx.defaultMarketplace,
      fulfillmentCenter: r.fulfillmentCenter,
      quantity: shown.quantity,
      eventAt: r.shippedAt,
      ...w,
      ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
      value: per !== undefined && currency ? { amountMinor: per * shown.quantity, currency } : null,
      valueBasis: per !== undefined && currency ? 'lastReimbursement' : null,
      evidence
    })
  }

  // --- Removal orders short ----------------------------------------------------------------
  const shipmentsByKey = new Map<string, RemovalShipmentInput[]>()
  for (const s of input.removalShipments) {
    const k = `${s.orderId}\t${s.fnsku}`
    shipmentsByKey.set(k, [...(shipmentsByKey.get(k) ?? []), s])
  }
  const removalByFnsku = new Map<string, { row: RemovalOrderInput; ships: RemovalShipmentInput[]; anchor: string; ev: Open }[]>()
  for (const o of input.removalOrders) {
    if (o.orderType.trim().toLowerCase() !== 'return' || o.orderStatus.trim().toLowerCase() !== 'completed') continue
    const ships = (shipmentsByKey.get(`${o.orderId}\t${o.fnsku}`) ?? []).sort((a, b) => a.shippedAt.localeCompare(b.shippedAt))
    const carried = ships.reduce((a, s) => a + s.quantity, 0)
    const missing = o.requested - o.cancelled - o.disposed - o.inProcess - carried
    if (missing <= 0) continue
    const anchor = ships.at(-1)?.shippedAt ?? o.updatedAt
    const list = removalByFnsku.get(o.fnsku) ?? []
    list.push({ row: o, ships, anchor, ev: { units: missing, open: missing, netted: [] } })
    removalByFnsku.set(o.fnsku, list)
  }
  for (const [fnsku, list] of removalByFnsku) {
    list.sort((a, b) => a.anchor.localeCompare(b.anchor) || a.row.orderId.localeCompare(b.row.orderId))
    const orderIds = new Set(list.map((x) => x.row.orderId))
    const skus = list.map((x) => x.row.sku)
    const earliestRequest = list.reduce((m, x) => (x.row.requestedAt < m ? x.row.requestedAt : m), list[0]!.row.requestedAt)
    // Reimbursements naming one of these removal orders net that order first; reason-only ones FIFO.
    for (const x of list) {
      const own = input.reimbursements.filter((r) => r.amazonOrderId === x.row.orderId && sameItem(r, fnsku, x.row.sku))
      net([x.ev], own)
    }
    net(
      list.map((x) => x.ev),
      input.reimbursements.filter(
        (r) =>
          !(r.amazonOrderId && orderIds.has(r.amazonOrderId)) &&
          isRemovalReason(r) &&
          r.reimbursedAt >= earliestRequest &&
          skus.some((s) => sameItem(r, fnsku, s))
      )
    )
    for (const x of list) {
      const shown = closeOrSkip(x.ev.open, reimbursedUnits(x.ev.netted))
      if (!shown) continue
      const o = x.row
      const w = ctx.place('removalShortage', ctx.defaultMarketplace, x.anchor)
      if (!w) continue
      out.push({
        id: `removalShortage:${ctx.storeId}:${o.orderId}:${fnsku}`,
        ...base('removalShortage'),
        sku: o.sku,
        fnsku,
        asin: null,
        amazonOrderId: o.orderId,
        marketplaceId: ctx.defaultMarketplace,
        fulfillmentCenter: null,
        quantity: shown.quantity,
        eventAt: x.anchor,
        ...w,
        ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
        ...inventoryValue(o.sku, x.anchor, shown.quantity, ctx.currencyOf(ctx.defaultMarketplace)),
        evidence: [
          {
            kind: 'removalOrder',
            role: 'event',
            at: o.updatedAt,
            quantity: x.ev.units,
            reference: o.orderId,
            detail: `requested ${o.requested}, cancelled ${o.cancelled}, disposed ${o.disposed}, shipped ${o.shipped}, in process ${o.inProcess}`,
            sourceFile: o.sourceFile,
            sourceLine: o.sourceLine
          },
          ...x.ships.map((s): ClaimEvidence => ({
            kind: 'removalShipment',
            role: 'shipped',
            at: s.shippedAt,
            quantity: s.quantity,
            reference: s.trackingNumber ?? s.orderId,
            detail: s.carrier,
            sourceFile: s.sourceFile,
            sourceLine: s.sourceLine
          })),
          ...x.ev.netted
        ]
      })
    }
  }

  // --- Inbound shipments received short --------------------------------------------------------
  const inboundByFnsku = new Map<string, { row: InboundItemInput; ev: Open }[]>()
  for (const it of input.inboundItems) {
    const short = it.quantityShipped - it.quantityReceived
    if (short <= 0 || it.shipmentStatus.toUpperCase() !== 'CLOSED' || !it.receivedAt) continue
    const list = inboundByFnsku.get(it.fnsku) ?? []
    list.push({ row: it, ev: { units: short, open: short, netted: [] } })
    inboundByFnsku.set(it.fnsku, list)
  }
  for (const [fnsku, list] of inboundByFnsku) {
    list.sort((a, b) => a.row.receivedAt!.localeCompare(b.row.receivedAt!) || a.row.shipmentId.localeCompare(b.row.shipmentId))
    const skus = list.map((x) => x.row.sku)
    net(
      list.map((x) => x.ev),
      // Only reimbursements from the first receipt on: an earlier one paid for an older shipment.
      input.reimbursements.filter(
        (r) => isInboundReimbursement(r) && r.reimbursedAt >= list[0]!.row.receivedAt! && skus.some((s) => sameItem(r, fnsku, s))
      )
    )
    for (const { row: it, ev } of list) {
      const shown = closeOrSkip(ev.open, reimbursedUnits(ev.netted))
      if (!shown) continue
      const w = ctx.place('inboundShortage', ctx.defaultMarketplace, it.receivedAt!)
      if (!w) continue
      out.push({
        id: `inboundShortage:${ctx.storeId}:${it.shipmentId}:${fnsku}`,
        ...base('inboundShortage'),
        sku: it.sku,
        fnsku,
        asin: null,
        amazonOrderId: null,
        marketplaceId: ctx.defaultMarketplace,
        fulfillmentCenter: it.fulfillmentCenter,
        quantity: shown.quantity,
        eventAt: it.receivedAt!,
        ...w,
        ...(shown.reimbursed ? { status: 'reimbursed' as const } : {}),
        ...inventoryValue(it.sku, it.receivedAt!, shown.quantity, ctx.currencyOf(ctx.defaultMarketplace)),
        evidence: [
          {
            kind: 'inbound',
            role: 'event',
            at: it.receivedAt!,
            quantity: it.quantityShipped,
            reference: it.shipmentId,
            detail: it.shipmentStatus,
            sourceFile: it.sourceFile,
            sourceLine: it.sourceLine
          },
          {
            kind: 'inbound',
            role: 'received',
            at: it.receivedAt!,
            quantity: it.quantityReceived,
            reference: it.shipmentId,
            detail: null,
            sourceFile: it.sourceFile,
            sourceLine: it.sourceLine
          },
          ...ev.netted
        ]
      })
    }
  }
  return out
}
