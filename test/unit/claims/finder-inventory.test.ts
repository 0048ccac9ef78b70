/**
 * The finder's newer claim types (pure): a fixture whose findings are known by construction —
 * every status, partial and reversed reimbursements, returns already used by "refunded, not
 * returned", units found nowhere, two currencies — and the finder's output must equal it exactly.
 */
import { describe, expect, it } from 'vitest'
import {
  findClaims,
  type FinderInput,
  type InboundItemInput,
  type LedgerInput,
  type RefundEvent,
  type ReimbursementInput,
  type RemovalOrderInput,
  type RemovalShipmentInput,
  type ReplacementInput,
  type ReturnInput
} from '../../../src/main/claims/finder'
import type { ClaimFinding } from '../../../src/shared/contract/claims'
import { RULES, RulePack } from '../../../src/shared/rules'
import { CLAIM_RULES } from '../../../src/shared/rules/claims'
import { CLAIM_INVENTORY_RULES } from '../../../src/shared/rules/claims-inventory'
import { RULE_SOURCES } from '../../../src/shared/rules/sources'

const US = 'ATVPDKIKX0DER'
const DE = 'A1PA6795UKMFR9'
const NOW = new Date('2026-12-03T12:00:00.000Z')
let nextId = 1
const reimb = (p: Partial<ReimbursementInput> & Pick<ReimbursementInput, 'reason' | 'quantityTotal'>): ReimbursementInput => ({
  id: nextId++,
  reimbursementId: `R${nextId}`,
  reimbursedAt: '2026-11-25T00:00:00.000Z',
  amazonOrderId: null,
  sku: 'MUG',
  fnsku: 'X001',
  currency: 'USD',
  amountPerUnitMinor: 1234,
  originalReimbursementType: null,
  sourceFile: 'reimbursements.tsv',
  sourceLine: nextId,
  ...p
})
const ret = (p: Partial<ReturnInput> & Pick<ReturnInput, 'amazonOrderId' | 'returnDate' | 'disposition'>): ReturnInput => ({
  id: nextId++,
  sku: 'MUG',
  fnsku: 'X001',
  quantity: 1,
  sourceFile: 'returns.tsv',
  sourceLine: nextId,
  ...p
})
const refund = (p: Partial<RefundEvent> & Pick<RefundEvent, 'amazonOrderId' | 'refundedAt'>): RefundEvent => ({
  sku: 'MUG',
  quantity: 1,
  amount: { amountMinor: 2000, currency: 'USD' },
  source: 'finances',
  sourceRef: `tx-${nextId++}`,
  marketplaceId: US,
  ...p
})
const replacement = (p: Partial<ReplacementInput> & Pick<ReplacementInput, 'originalOrderId' | 'shippedAt'>): ReplacementInput => ({
  id: nextId++,
  sku: 'MUG',
  asin: 'B01',
  quantity: 1,
  reasonCode: '1',
  replacementOrderId: `RPL-${nextId}`,
  fulfillmentCenter: 'ONT8',
  sourceFile: 'replacements.tsv',
  sourceLine: nextId,
  ...p
})
const removal = (p: Partial<RemovalOrderInput> & Pick<RemovalOrderInput, 'orderId' | 'requested' | 'updatedAt'>): RemovalOrderInput => ({
  id: nextId++,
  requestedAt: '2026-10-01T00:00:00.000Z',
  orderType: 'Return',
  orderStatus: 'Completed',
  sku: 'MUG',
  fnsku: 'X001',
  disposition: 'Sellable',
  cancelled: 0,
  disposed: 0,
  shipped: 0,
  inProcess: 0,
  sourceFile: 'removal-orders.tsv',
  sourceLine: nextId,
  ...p
})
const shipment = (
  p: Partial<RemovalShipmentInput> & Pick<RemovalShipmentInput, 'orderId' | 'shippedAt' | 'quantity'>
): RemovalShipmentInput => ({
  id: nextId++,
  sku: 'MUG',
  fnsku: 'X001',
  carrier: 'UPS',
  trackingNumber: `1Z${nextId}`,
  sourceFile: 'removal-shipments.tsv',
  sourceLine: nextId,
  ...p
})
const inbound = (
  p: Partial<InboundItemInput> & Pick<InboundItemInput, 'shipmentId' | 'quantityShipped' | 'quantityReceived'>
): InboundItemInput => ({
  id: nextId++,
  shipmentStatus: 'CLOSED',
  sku: 'MUG',
  fnsku: 'X001',
  receivedAt: '2026-10-20T00:00:00.000Z',
  fulfillmentCenter: 'ONT8',
  sourceFile: 'Fulfillment Inbound getShipmentItemsByShipmentId',
  sourceLine: null,
  ...p
})
const find = (p: Partial<FinderInput>) =>
  findClaims({
    storeId: 's1',
    storeName: 'Mugs US',
    marketplaceIds: [US],
    ledger: [],
    reimbursements: [],
    returns: [],
    refunds: [],
    costs: [{ sku: 'MUG', fromDate: '2026-01-01', costMinor: 500, currency: 'USD' }],
    now: NOW,
    rules: RULES,
    ...p
  })
/** What a finding is, compared exactly (evidence as [kind, role, quantity, source line]). */
const shape = (f: ClaimFinding) => ({
  id: f.id,
  quantity: f.quantity,
  eventAt: f.eventAt,
  opensAt: f.opensAt,
  closesAt: f.closesAt,
  status: f.status,
  rule: f.rule.id,
  value: f.value,
  valueBasis: f.valueBasis,
  evidence: f.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceLine])
})

describe('claims finder: returned damaged, replacement not returned, removal short, inbound short', () => {
  // Returns damaged by Amazon / the carrier.
  const rA = ret({ amazonOrderId: 'A', returnDate: '2026-09-01T00:00:00.000Z', disposition: 'CARRIER_DAMAGED' })
  const rB = ret({ amazonOrderId: 'B', returnDate: '2026-11-20T00:00:00.000Z', disposition: 'DAMAGED', quantity: 2 })
  const rC = ret({ amazonOrderId: 'C', returnDate: '2026-11-01T00:00:00.000Z', disposition: 'CUSTOMER_DAMAGED' })
  const rD = ret({ amazonOrderId: 'D', returnDate: '2026-05-01T00:00:00.000Z', disposition: 'CARRIER_DAMAGED' })
  const rE = ret({ amazonOrderId: 'E', returnDate: '2026-08-10T00:00:00.000Z', disposition: 'DAMAGED' })
  const rF = ret({ amazonOrderId: 'F', returnDate: '2026-09-05T00:00:00.000Z', disposition: 'DAMAGED' })
  const rH = ret({ amazonOrderId: 'H', returnDate: '2026-10-01T00:00:00.000Z', disposition: 'SELLABLE' })
  const fA = refund({ amazonOrderId: 'A', refundedAt: '2026-08-25T00:00:00.000Z' })
  const fF = refund({
    amazonOrderId: 'F',
    refundedAt: '2026-08-20T00:00:00.000Z',
    quantity: 2,
    amount: { amountMinor: 4000, currency: 'USD' }
  })
  const pB = reimb({ reason: 'CustomerReturn', quantityTotal: 1, amazonOrderId: 'B' })
  const pE = reimb({ reason: 'Damaged_Warehouse', quantityTotal: 1, amazonOrderId: 'E', reimbursedAt: '2026-10-01T00:00:00.000Z' })
  const pE2 = reimb({
    reason: 'Reimbursement_Reversal',
    quantityTotal: -1,
    amazonOrderId: 'E',
    originalReimbursementType: 'Damaged_Warehouse',
    reimbursedAt: '2026-10-20T00:00:00.000Z'
  })
  // F: 2 refunded, 1 returned damaged, 1 reimbursed as not returned — the reimbursement is used by
  // "refunded, not returned", so the damaged return stays owed.
  const pF = reimb({ reason: 'CustomerReturn', quantityTotal: 1, amazonOrderId: 'F' })
  // Replacements.
  const xG = replacement({ originalOrderId: 'G', shippedAt: '2026-09-20T00:00:00.000Z' })
  const xH = replacement({ originalOrderId: 'H', shippedAt: '2026-09-10T00:00:00.000Z' })
  const xJ = replacement({ originalOrderId: 'J', shippedAt: '2026-11-01T00:00:00.000Z', quantity: 2 })
  const pJ = reimb({ reason: 'CustomerReturn', quantityTotal: 1, amazonOrderId: 'J' })
  // Removals: RO1 says 9 shipped, its shipment lines carry 8; RO2 never shipped its 4 units, one reimbursed.
  const o1 = removal({ orderId: 'RO1', requested: 10, cancelled: 1, shipped: 9, updatedAt: '2026-11-06T00:00:00.000Z' })
  const s1a = shipment({ orderId: 'RO1', shippedAt: '2026-11-01T00:00:00.000Z', quantity: 5 })
  const s1b = shipment({ orderId: 'RO1', shippedAt: '2026-11-05T00:00:00.000Z', quantity: 3 })
  const o2 = removal({ orderId: 'RO2', requested: 4, updatedAt: '2026-11-25T00:00:00.000Z' })
  const pRO2 = reimb({ reason: 'Removal_Order_Lost', quantityTotal: 1, amazonOrderId: 'RO2' })
  const o3 = removal({ orderId: 'RO3', requested: 4, orderStatus: 'Pending', updatedAt: '2026-11-25T00:00:00.000Z' })
  const o4 = removal({ orderId: 'RO4', requested: 4, orderType: 'Disposal', updatedAt: '2026-11-25T00:00:00.000Z' })
  const o5 = removal({ orderId: 'RO5', requested: 3, shipped: 3, updatedAt: '2026-11-02T00:00:00.000Z' })
  const s5 = shipment({ orderId: 'RO5', shippedAt: '2026-11-02T00:00:00.000Z', quantity: 3 })
  // Inbound: FBA1 received 18 of 20, one reimbursed; FBA2 still open; FBA3 complete.
  const i1 = inbound({ shipmentId: 'FBA1', quantityShipped: 20, quantityReceived: 18 })
  const pI1 = reimb({ reason: 'Lost_Inbound', quantityTotal: 1 })
  const i2 = inbound({ shipmentId: 'FBA2', quantityShipped: 10, quantityReceived: 5, shipmentStatus: 'WORKING' })
  const i3 = inbound({ shipmentId: 'FBA3', quantityShipped: 10, quantityReceived: 10 })

  const all = find({
    returns: [rA, rB, rC, rD, rE, rF, rH],
    refunds: [fA, fF],
    reimbursements: [pE, pE2, pF, pB, pJ, pRO2, pI1],
    replacements: [xG, xH, xJ],
    removalOrders: [o1, o2, o3, o4, o5],
    removalShipments: [s1a, s1b, s5],
    inboundItems: [i1, i2, i3]
  })

  it('finds exactly the expected findings, values and evidence', () => {
    expect(all.map(shape).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      // F's refunded-not-returned unit: reimbursed by Amazon, shown closed (status reimbursed).
      {
        id: 'customerReturn:s1:F:MUG',
        quantity: 1,
        eventAt: '2026-08-20T00:00:00.000Z',
        opensAt: '2026-10-19T00:00:00.000Z',
        closesAt: '2026-12-18T00:00:00.000Z',
        status: 'reimbursed',
        rule: 'claim.customerReturn',
        value: { amountMinor: 2000, currency: 'USD' },
        valueBasis: 'refund',
        evidence: [
          ['refund', 'event', 2, null],
          ['return', 'returned', 1, rF.sourceLine],
          ['reimbursement', 'reimbursed', 1, pF.sourceLine]
        ]
      },
      {
        id: 'inboundShortage:s1:FBA1:X001',
        quantity: 1,
        eventAt: '2026-10-20T00:00:00.000Z',
        opensAt: '2026-11-04T00:00:00.000Z',
        closesAt: '2026-12-19T00:00:00.000Z',
        status: 'claimNow',
        rule: 'claim.inboundShortage',
        value: { amountMinor: 500, currency: 'USD' },
        valueBasis: 'manufacturingCost',
        evidence: [
          ['inbound', 'event', 20, null],
          ['inbound', 'received', 18, null],
          ['reimbursement', 'reimbursed', 1, pI1.sourceLine]
        ]
      },
      {
        id: 'removalShortage:s1:RO1:X001',
        quantity: 1,
        eventAt: '2026-11-05T00:00:00.000Z',
        opensAt: '2026-11-20T00:00:00.000Z',
        closesAt: '2027-01-19T00:00:00.000Z',
        status: 'claimNow',
        rule: 'claim.removalShortage',
        value: { amountMinor: 500, currency: 'USD' },
        valueBasis: 'manufacturingCost',
        evidence: [
          ['removalOrder', 'event', 1, o1.sourceLine],
          ['removalShipment', 'shipped', 5, s1a.sourceLine],
          ['removalShipment', 'shipped', 3, s1b.sourceLine]
        ]
      },
      {
        id: 'removalShortage:s1:RO2:X001',
        quantity: 3,
        eventAt: '2026-11-25T00:00:00.000Z',
        opensAt: '2026-12-10T00:00:00.000Z',
        closesAt: '2027-02-08T00:00:00.000Z',
        status: 'wait',
        rule: 'claim.removalShortage',
        value: { amountMinor: 1500, currency: 'USD' },
        valueBasis: 'manufacturingCost',
        evidence: [
          ['removalOrder', 'event', 4, o2.sourceLine],
          ['reimbursement', 'reimbursed', 1, pRO2.sourceLine]
        ]
      },
      {
        id: 'replacementNotReturned:s1:G:MUG:' + xG.replacementOrderId,
        quantity: 1,
        eventAt: '2026-09-20T00:00:00.000Z',
        opensAt: '2026-11-19T00:00:00.000Z',
        closesAt: '2027-01-18T00:00:00.000Z',
        status: 'claimNow',
        rule: 'claim.replacementNotReturned',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [['replacement', 'event', 1, xG.sourceLine]]
      },
      {
        id: 'replacementNotReturned:s1:J:MUG:' + xJ.replacementOrderId,
        quantity: 1,
        eventAt: '2026-11-01T00:00:00.000Z',
        opensAt: '2026-12-31T00:00:00.000Z',
        closesAt: '2027-03-01T00:00:00.000Z',
        status: 'wait',
        rule: 'claim.replacementNotReturned',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['replacement', 'event', 2, xJ.sourceLine],
          ['reimbursement', 'reimbursed', 1, pJ.sourceLine]
        ]
      },
      {
        id: 'returnDamaged:s1:A:MUG:2026-09-01T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-09-01T00:00:00.000Z',
        opensAt: '2026-10-31T00:00:00.000Z',
        closesAt: '2026-12-30T00:00:00.000Z',
        status: 'claimNow',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 2000, currency: 'USD' },
        valueBasis: 'refund',
        evidence: [['return', 'event', 1, rA.sourceLine]]
      },
      {
        id: 'returnDamaged:s1:B:MUG:2026-11-20T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-11-20T00:00:00.000Z',
        opensAt: '2027-01-19T00:00:00.000Z',
        closesAt: '2027-03-20T00:00:00.000Z',
        status: 'wait',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['return', 'event', 2, rB.sourceLine],
          ['reimbursement', 'reimbursed', 1, pB.sourceLine]
        ]
      },
      {
        id: 'returnDamaged:s1:D:MUG:2026-05-01T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-05-01T00:00:00.000Z',
        opensAt: '2026-06-30T00:00:00.000Z',
        closesAt: '2026-08-29T00:00:00.000Z',
        status: 'expired',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [['return', 'event', 1, rD.sourceLine]]
      },
      {
        id: 'returnDamaged:s1:E:MUG:2026-08-10T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-08-10T00:00:00.000Z',
        opensAt: '2026-10-09T00:00:00.000Z',
        closesAt: '2026-12-08T00:00:00.000Z',
        status: 'expiresSoon',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['return', 'event', 1, rE.sourceLine],
          ['reimbursement', 'reimbursed', 1, pE.sourceLine],
          ['reimbursement', 'reimbursed', -1, pE2.sourceLine]
        ]
      },
      {
        id: 'returnDamaged:s1:F:MUG:2026-09-05T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-09-05T00:00:00.000Z',
        opensAt: '2026-11-04T00:00:00.000Z',
        closesAt: '2027-01-03T00:00:00.000Z',
        status: 'claimNow',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 2000, currency: 'USD' },
        valueBasis: 'refund',
        evidence: [['return', 'event', 1, rF.sourceLine]]
      }
    ])
  })

  it('the same input gives the same findings (stable ids: a re-run never duplicates)', () => {
    const again = find({
      returns: [rA, rB, rC, rD, rE, rF, rH],
      refunds: [fA, fF],
      reimbursements: [pE, pE2, pF, pB, pJ, pRO2, pI1],
      replacements: [xG, xH, xJ],
      removalOrders: [o1, o2, o3, o4, o5],
      removalShipments: [s1a, s1b, s5],
      inboundItems: [i1, i2, i3]
    })
    expect(again).toEqual(all)
  })

  it('closes a finding once Amazon reimburses its units', () => {
    const paid = reimb({ reason: 'Lost_Inbound', quantityTotal: 1, reimbursedAt: '2026-11-30T00:00:00.000Z' })
    const removalPaid = reimb({ reason: 'Removal_Order_Lost', quantityTotal: 3, amazonOrderId: 'RO2' })
    const damagedPaid = reimb({
      reason: 'Damaged_Warehouse',
      quantityTotal: 1,
      amazonOrderId: 'E',
      reimbursedAt: '2026-10-01T00:00:00.000Z'
    })
    const replacementPaid = reimb({ reason: 'CustomerReturn', quantityTotal: 2, amazonOrderId: 'J' })
    const f = find({
      returns: [rE, rH],
      replacements: [xJ, xH],
      inboundItems: [i1],
      removalOrders: [o2],
      reimbursements: [pI1, paid, pRO2, removalPaid, damagedPaid, replacementPaid]
    })
    // Each stays, closed: status reimbursed, the reimbursed units as its quantity, the lines as evidence.
    // (H's replacement came back as a return: nothing was owed, so no finding at all.)
    expect(f.map(shape).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: 'inboundShortage:s1:FBA1:X001',
        quantity: 2,
        eventAt: '2026-10-20T00:00:00.000Z',
        opensAt: '2026-11-04T00:00:00.000Z',
        closesAt: '2026-12-19T00:00:00.000Z',
        status: 'reimbursed',
        rule: 'claim.inboundShortage',
        value: { amountMinor: 1000, currency: 'USD' },
        valueBasis: 'manufacturingCost',
        evidence: [
          ['inbound', 'event', 20, null],
          ['inbound', 'received', 18, null],
          ['reimbursement', 'reimbursed', 1, pI1.sourceLine],
          ['reimbursement', 'reimbursed', 1, paid.sourceLine]
        ]
      },
      {
        id: 'removalShortage:s1:RO2:X001',
        quantity: 4,
        eventAt: '2026-11-25T00:00:00.000Z',
        opensAt: '2026-12-10T00:00:00.000Z',
        closesAt: '2027-02-08T00:00:00.000Z',
        status: 'reimbursed',
        rule: 'claim.removalShortage',
        value: { amountMinor: 2000, currency: 'USD' },
        valueBasis: 'manufacturingCost',
        evidence: [
          ['removalOrder', 'event', 4, o2.sourceLine],
          ['reimbursement', 'reimbursed', 1, pRO2.sourceLine],
          ['reimbursement', 'reimbursed', 3, removalPaid.sourceLine]
        ]
      },
      {
        id: 'replacementNotReturned:s1:J:MUG:' + xJ.replacementOrderId,
        quantity: 2,
        eventAt: '2026-11-01T00:00:00.000Z',
        opensAt: '2026-12-31T00:00:00.000Z',
        closesAt: '2027-03-01T00:00:00.000Z',
        status: 'reimbursed',
        rule: 'claim.replacementNotReturned',
        value: { amountMinor: 2468, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['replacement', 'event', 2, xJ.sourceLine],
          ['reimbursement', 'reimbursed', 2, replacementPaid.sourceLine]
        ]
      },
      {
        id: 'returnDamaged:s1:E:MUG:2026-08-10T00:00:00.000Z',
        quantity: 1,
        eventAt: '2026-08-10T00:00:00.000Z',
        opensAt: '2026-10-09T00:00:00.000Z',
        closesAt: '2026-12-08T00:00:00.000Z',
        status: 'reimbursed',
        rule: 'claim.returnDamaged',
        value: { amountMinor: 1234, currency: 'USD' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['return', 'event', 1, rE.sourceLine],
          ['reimbursement', 'reimbursed', 1, damagedPaid.sourceLine]
        ]
      }
    ])
  })

  it('an inbound reimbursement from before the shipment was received does not net it (it paid for an older one)', () => {
    const old = reimb({ reason: 'Lost_Inbound', quantityTotal: 5, reimbursedAt: '2026-03-01T00:00:00.000Z' })
    expect(find({ inboundItems: [i1], reimbursements: [old] }).map((f) => [f.id, f.quantity])).toEqual([
      ['inboundShortage:s1:FBA1:X001', 2]
    ])
  })

  it('an inbound reimbursement does not net a loss in the warehouse (and stays an inbound one)', () => {
    const lost: LedgerInput = {
      id: nextId++,
      occurredAt: '2026-11-20T10:00:00.000Z',
      fnsku: 'X001',
      sku: 'MUG',
      asin: 'B01',
      eventType: 'Adjustments',
      referenceId: 'ref-lost',
      quantity: -1,
      fulfillmentCenter: 'ONT8',
      reason: 'M',
      country: 'US',
      unreconciledQuantity: null,
      sourceFile: 'ledger.tsv',
      sourceLine: 9
    }
    const f = find({ ledger: [lost], reimbursements: [reimb({ reason: 'Lost_Inbound', quantityTotal: 1 })] })
    expect(f.map((x) => [x.type, x.quantity])).toEqual([['fcLost', 1]])
  })

  it('values in the store currency: an EUR store with no cost uses the last EUR reimbursement', () => {
    const f = find({
      storeName: 'Tassen DE',
      marketplaceIds: [DE],
      inboundItems: [
        inbound({
          shipmentId: 'FBA4',
          sku: 'CUP',
          fnsku: 'X777',
          quantityShipped: 6,
          quantityReceived: 4,
          receivedAt: '2026-11-28T00:00:00.000Z'
        })
      ],
      reimbursements: [
        reimb({ reason: 'Lost_Inbound', quantityTotal: 1, sku: 'CUP', fnsku: 'X999', currency: 'EUR', amountPerUnitMinor: 900 })
      ]
    })
    expect(f.map(shape)).toEqual([
      {
        id: 'inboundShortage:s1:FBA4:X777',
        quantity: 2,
        eventAt: '2026-11-28T00:00:00.000Z',
        opensAt: '2026-12-13T00:00:00.000Z',
        closesAt: '2027-01-27T00:00:00.000Z',
        status: 'wait',
        rule: 'claim.inboundShortage',
        value: { amountMinor: 1800, currency: 'EUR' },
        valueBasis: 'lastReimbursement',
        evidence: [
          ['inbound', 'event', 6, null],
          ['inbound', 'received', 4, null]
        ]
      }
    ])
  })

  it('a window change in the rule pack recomputes the deadline', () => {
    const changed = new RulePack(
      [...CLAIM_RULES, ...CLAIM_INVENTORY_RULES].map((r) =>
        r.id === 'claim.removalShortage' && r.scope === '*' && !r.effectiveTo ? { ...r, latest: { days: 20 } } : r
      ),
      RULE_SOURCES
    )
    const f = find({ removalOrders: [o1], removalShipments: [s1a, s1b], rules: changed })
    expect(f.map((x) => [x.id, x.status, x.closesAt])).toEqual([['removalShortage:s1:RO1:X001', 'expired', '2026-11-25T00:00:00.000Z']])
  })
})
