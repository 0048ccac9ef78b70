/** The claims finder's rules (pure): netting, windows from the rule pack, statuses, values, evidence. */
import { describe, expect, it } from 'vitest'
import {
  findClaims,
  type FinderInput,
  type LedgerInput,
  type RefundEvent,
  type ReimbursementInput,
  type ReturnInput
} from '../../../src/main/claims/finder'
import { isClaimable, reimbursedBy } from '../../../src/shared/contract/claims'
import { RULES, RulePack } from '../../../src/shared/rules'
import { CLAIM_RULES } from '../../../src/shared/rules/claims'
import { RULE_SOURCES } from '../../../src/shared/rules/sources'

const US = 'ATVPDKIKX0DER'
let nextId = 1
const ledger = (p: Partial<LedgerInput> & Pick<LedgerInput, 'occurredAt' | 'quantity' | 'reason'>): LedgerInput => ({
  id: nextId++,
  fnsku: 'X001',
  sku: 'MUG',
  asin: 'B01',
  eventType: 'Adjustments',
  referenceId: `ref-${nextId}`,
  fulfillmentCenter: 'ONT8',
  country: 'US',
  unreconciledQuantity: null,
  sourceFile: 'ledger.tsv',
  sourceLine: nextId,
  ...p
})
const reimbursement = (p: Partial<ReimbursementInput> & Pick<ReimbursementInput, 'reason' | 'quantityTotal'>): ReimbursementInput => ({
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
const refund = (p: Partial<RefundEvent> & Pick<RefundEvent, 'amazonOrderId' | 'refundedAt'>): RefundEvent => ({
  sku: 'MUG',
  quantity: 1,
  amount: { amountMinor: 2000, currency: 'USD' },
  source: 'finances',
  sourceRef: `tx-${nextId++}`,
  marketplaceId: US,
  ...p
})
const ret = (p: Partial<ReturnInput> & Pick<ReturnInput, 'amazonOrderId'>): ReturnInput => ({
  id: nextId++,
  returnDate: '2026-11-01T00:00:00.000Z',
  sku: 'MUG',
  quantity: 1,
  disposition: 'SELLABLE',
  sourceFile: 'returns.tsv',
  sourceLine: nextId,
  ...p
})

const NOW = new Date('2026-12-03T12:00:00.000Z')
const find = (p: Partial<FinderInput>) =>
  findClaims({
    storeId: 's1',
    storeName: 'Mugs US',
    marketplaceIds: [US],
    ledger: [],
    reimbursements: [],
    returns: [],
    refunds: [],
    now: NOW,
    rules: RULES,
    ...p
  })

describe('claims finder: FC lost', () => {
  it('nets later found units and Lost_Warehouse reimbursements, FIFO, and keeps every line used as evidence', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -3, reason: 'M', unreconciledQuantity: 3 })
    const found = ledger({ occurredAt: '2026-11-22T10:00:00.000Z', quantity: 1, reason: 'F' })
    const paid = reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1 })
    const [f, ...rest] = find({ ledger: [lost, found], reimbursements: [paid] })
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      type: 'fcLost',
      fnsku: 'X001',
      sku: 'MUG',
      quantity: 1,
      eventAt: '2026-11-20T10:00:00.000Z',
      opensAt: '2026-11-20T10:00:00.000Z',
      closesAt: '2027-01-19T10:00:00.000Z',
      status: 'claimNow',
      value: { amountMinor: 1234, currency: 'USD' },
      valueBasis: 'lastReimbursement',
      marketplaceId: US
    })
    expect(f!.rule).toMatchObject({ id: 'claim.fcLost', effectiveFrom: '2024-10-23T00:00:00Z' })
    expect(f!.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceLine])).toEqual([
      ['ledger', 'event', 3, lost.sourceLine],
      ['ledger', 'found', 1, found.sourceLine],
      ['reimbursement', 'reimbursed', 1, paid.sourceLine]
    ])
  })

  it('closes itself as "reimbursed", linked to the reimbursements, when Amazon paid every unit; not money to claim', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -3, reason: '5' })
    const found = ledger({ occurredAt: '2026-11-21T10:00:00.000Z', quantity: 1, reason: 'F' })
    const open = find({ ledger: [lost, found] })
    expect(open.map((f) => [f.status, f.quantity])).toEqual([['claimNow', 2]])
    const paid = [
      reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, reimbursementId: 'R-A' }),
      reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, reimbursementId: 'R-B' })
    ]
    const [f, ...rest] = find({ ledger: [lost, found], reimbursements: paid })
    expect(rest).toEqual([])
    // The same finding (same id) changes in place: reimbursed, its units the reimbursed ones.
    expect(f).toMatchObject({ id: open[0]!.id, status: 'reimbursed', quantity: 2, value: { amountMinor: 2468, currency: 'USD' } })
    expect(reimbursedBy(f!)).toEqual(['R-A', 'R-B'])
    expect(isClaimable(f!.status)).toBe(false)
  })

  it('is no finding when found units (not money) netted every unit', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -2, reason: 'M' })
    const found = ledger({ occurredAt: '2026-11-21T10:00:00.000Z', quantity: 2, reason: 'N' })
    expect(find({ ledger: [lost, found] })).toEqual([])
  })

  it('is NOT found when the ledger says nothing is unreconciled, nor for found units before the loss', () => {
    const reconciled = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -2, reason: 'M', unreconciledQuantity: 0 })
    expect(find({ ledger: [reconciled] })).toEqual([])
    // A unit found before the loss does not net it.
    const earlyFound = ledger({ occurredAt: '2026-11-01T00:00:00.000Z', quantity: 1, reason: 'F' })
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M' })
    expect(find({ ledger: [earlyFound, lost] }).map((f) => f.quantity)).toEqual([1])
  })

  it('is found again when the reimbursement is reversed', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M' })
    const paid = reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, reimbursementId: '458' })
    const reversal = reimbursement({
      reason: 'Reimbursement_Reversal',
      quantityTotal: -1,
      originalReimbursementType: 'Lost_Warehouse',
      reimbursedAt: '2026-11-28T00:00:00.000Z'
    })
    expect(find({ ledger: [lost], reimbursements: [paid] }).map((f) => [f.status, reimbursedBy(f)])).toEqual([['reimbursed', ['458']]])
    const [f] = find({ ledger: [lost], reimbursements: [paid, reversal] })
    expect(f).toMatchObject({ type: 'fcLost', quantity: 1, status: 'claimNow' })
    expect(reimbursedBy(f!)).toEqual([])
    expect(f!.evidence.map((e) => [e.role, e.quantity])).toEqual([
      ['event', 1],
      ['reimbursed', 1],
      ['reimbursed', -1]
    ])
  })

  it('a reimbursement for another FNSKU does not net, nor a damaged one a loss', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M' })
    const other = reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, fnsku: 'X999', sku: 'OTHER' })
    const damaged = reimbursement({ reason: 'Damaged_Warehouse', quantityTotal: 1 })
    expect(find({ ledger: [lost], reimbursements: [other, damaged] }).map((f) => f.quantity)).toEqual([1])
  })

  it('a reimbursement dated before the loss does not net it (it paid an older loss); one dated on or after it does', () => {
    // Known by construction: two losses of one unit each, 20 Nov and 25 Nov; one Lost_Warehouse
    // line dated 22 Nov. It may pay the first loss only: the second stays open to claim.
    const first = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M', referenceId: 'first' })
    const second = ledger({ occurredAt: '2026-11-25T10:00:00.000Z', quantity: -1, reason: 'M', referenceId: 'second' })
    const between = reimbursement({
      reason: 'Lost_Warehouse',
      quantityTotal: 2,
      reimbursementId: 'R-22',
      reimbursedAt: '2026-11-22T00:00:00.000Z'
    })
    const fs = find({ ledger: [first, second], reimbursements: [between] })
    expect(fs.map((f) => [f.eventAt, f.status, f.quantity, reimbursedBy(f)])).toEqual([
      ['2026-11-20T10:00:00.000Z', 'reimbursed', 1, ['R-22']],
      ['2026-11-25T10:00:00.000Z', 'claimNow', 1, []]
    ])
    // A line dated before every loss nets nothing; one dated at the loss's own instant nets it.
    const early = reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, reimbursedAt: '2026-11-01T00:00:00.000Z' })
    expect(find({ ledger: [second], reimbursements: [early] }).map((f) => [f.status, f.quantity])).toEqual([['claimNow', 1]])
    const sameInstant = reimbursement({ reason: 'Lost_Warehouse', quantityTotal: 1, reimbursedAt: second.occurredAt })
    expect(find({ ledger: [second], reimbursements: [sameInstant] }).map((f) => f.status)).toEqual(['reimbursed'])
  })

  it('FC damaged: a Damaged_Warehouse reimbursement dated before the damage does not net it', () => {
    const damage = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -2, reason: 'E', fnsku: 'XDD' })
    const early = reimbursement({ reason: 'Damaged_Warehouse', quantityTotal: 2, fnsku: 'XDD', reimbursedAt: '2026-11-19T23:59:59.000Z' })
    const later = reimbursement({ reason: 'Damaged_Warehouse', quantityTotal: 1, fnsku: 'XDD', reimbursedAt: '2026-11-21T00:00:00.000Z' })
    expect(find({ ledger: [damage], reimbursements: [early] }).map((f) => [f.type, f.status, f.quantity])).toEqual([
      ['fcDamaged', 'claimNow', 2]
    ])
    expect(find({ ledger: [damage], reimbursements: [early, later] }).map((f) => [f.status, f.quantity])).toEqual([['claimNow', 1]])
  })

  it('uses the rule version in force at the event: 18 months before 23 Oct 2024, and the UK from 9 Jan 2025', () => {
    const old = ledger({ occurredAt: '2024-10-01T00:00:00.000Z', quantity: -1, reason: 'M', fnsku: 'XOLD' })
    const ukBefore = ledger({ occurredAt: '2024-12-01T00:00:00.000Z', quantity: -1, reason: 'M', fnsku: 'XUK', country: 'GB' })
    const fs = find({ ledger: [old, ukBefore], now: new Date('2025-01-05T00:00:00Z') })
    const byFnsku = Object.fromEntries(fs.map((f) => [f.fnsku, f]))
    expect(byFnsku.XOLD!.closesAt).toBe('2026-04-02T00:00:00.000Z') // + 548 days
    expect(byFnsku.XUK!.marketplaceId).toBe('A1F83G8C2ARO7P')
    expect(byFnsku.XUK!.rule.sources).toEqual(['AZ20'])
    expect(byFnsku.XUK!.closesAt).toBe('2026-06-02T00:00:00.000Z')
  })

  it('changing a window in the rule pack recomputes the deadline', () => {
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M' })
    const changed = new RulePack(
      CLAIM_RULES.map((r) => (r.id === 'claim.fcLost' && r.scope === '*' && !r.effectiveTo ? { ...r, latest: { days: 10 } } : r)),
      RULE_SOURCES
    )
    expect(find({ ledger: [lost] })[0]).toMatchObject({ status: 'claimNow', closesAt: '2027-01-19T10:00:00.000Z' })
    expect(find({ ledger: [lost], rules: changed })[0]).toMatchObject({ status: 'expired', closesAt: '2026-11-30T10:00:00.000Z' })
  })

  it('gives the same ids on a second run (never duplicates), one finding per repeated identical line', () => {
    const a = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -1, reason: 'M', referenceId: 'same' })
    const b = { ...a, id: nextId++, sourceLine: a.sourceLine! + 1 }
    const first = find({ ledger: [a, b] })
    expect(first).toHaveLength(2)
    expect(new Set(first.map((f) => f.id)).size).toBe(2)
    expect(find({ ledger: [a, b] }).map((f) => f.id)).toEqual(first.map((f) => f.id))
  })
})

describe('claims finder: FC damaged', () => {
  it('finds damage codes net of Damaged_Warehouse reimbursements, status by the window: expires soon / expired', () => {
    const soon = ledger({ occurredAt: '2026-10-05T08:00:00.000Z', quantity: -2, reason: 'E', fnsku: 'XD1' })
    const gone = ledger({ occurredAt: '2026-08-01T00:00:00.000Z', quantity: -1, reason: '6', fnsku: 'XD2' })
    const paid = reimbursement({ reason: 'Damaged_Warehouse', quantityTotal: 1, fnsku: 'XD1' })
    const fs = find({ ledger: [soon, gone], reimbursements: [paid] })
    expect(fs.map((f) => [f.type, f.fnsku, f.quantity, f.status, f.closesAt])).toEqual([
      ['fcDamaged', 'XD2', 1, 'expired', '2026-09-30T00:00:00.000Z'],
      ['fcDamaged', 'XD1', 1, 'expiresSoon', '2026-12-04T08:00:00.000Z']
    ])
  })
  it('ignores the P disposition increase and other adjustments', () => {
    const p = ledger({ occurredAt: '2026-11-20T00:00:00.000Z', quantity: 1, reason: 'P' })
    const d = ledger({ occurredAt: '2026-11-20T00:00:00.000Z', quantity: -1, reason: 'D' })
    const receipt = ledger({ occurredAt: '2026-11-20T00:00:00.000Z', quantity: -1, reason: 'M', eventType: 'Receipts' })
    expect(find({ ledger: [p, d, receipt] })).toEqual([])
  })
})

describe('claims finder: customer refunded, item not returned', () => {
  it('refunds minus returns minus CustomerReturn reimbursements; the window and status from the refund (US: 60–120 days)', () => {
    const fs = find({
      refunds: [
        refund({ amazonOrderId: 'O-wait', refundedAt: '2026-10-20T00:00:00.000Z' }),
        refund({
          amazonOrderId: 'O-two',
          refundedAt: '2026-09-01T00:00:00.000Z',
          quantity: 2,
          amount: { amountMinor: 3001, currency: 'USD' }
        }),
        refund({ amazonOrderId: 'O-paid', refundedAt: '2026-09-01T00:00:00.000Z' }),
        refund({ amazonOrderId: 'O-back', refundedAt: '2026-09-01T00:00:00.000Z' })
      ],
      returns: [ret({ amazonOrderId: 'O-two' }), ret({ amazonOrderId: 'O-back', disposition: 'CUSTOMER_DAMAGED' })],
      reimbursements: [reimbursement({ reason: 'CustomerReturn', quantityTotal: 1, amazonOrderId: 'O-paid' })]
    })
    // O-paid: reimbursed by Amazon (closed, linked); O-back: returned (no finding).
    expect(fs.map((f) => [f.amazonOrderId, f.quantity, f.status, f.opensAt, f.closesAt, f.value])).toEqual([
      ['O-paid', 1, 'reimbursed', '2026-10-31T00:00:00.000Z', '2026-12-30T00:00:00.000Z', { amountMinor: 2000, currency: 'USD' }],
      ['O-two', 1, 'claimNow', '2026-10-31T00:00:00.000Z', '2026-12-30T00:00:00.000Z', { amountMinor: 1500, currency: 'USD' }],
      ['O-wait', 1, 'wait', '2026-12-19T00:00:00.000Z', '2027-02-17T00:00:00.000Z', { amountMinor: 2000, currency: 'USD' }]
    ])
    expect(reimbursedBy(fs[0]!)).toHaveLength(1)
    const [two] = fs.filter((f) => f.amazonOrderId === 'O-two')
    expect(two!.evidence.map((e) => [e.kind, e.role, e.quantity])).toEqual([
      ['refund', 'event', 2],
      ['return', 'returned', 1]
    ])
  })
  it('uses the EU window (45–105 days) for an EU marketplace', () => {
    const [f] = find({
      refunds: [refund({ amazonOrderId: 'O-de', refundedAt: '2026-11-01T00:00:00.000Z', marketplaceId: 'A1PA6795UKMFR9' })]
    })
    expect([f!.opensAt, f!.closesAt]).toEqual(['2026-12-16T00:00:00.000Z', '2027-02-14T00:00:00.000Z'])
    expect(f!.rule.sources).toEqual(['AZ4'])
  })
})

describe('claims finder: valuation at manufacturing cost', () => {
  it("values a loss at the cost in force on its day since 10 Mar 2025, before Amazon's last per-unit amount", () => {
    const costs = [
      { sku: 'MUG', fromDate: '2026-01-01', costMinor: 450, currency: 'USD' },
      { sku: 'MUG', fromDate: '2026-11-21', costMinor: 999, currency: 'USD' }
    ]
    const lost = ledger({ occurredAt: '2026-11-20T10:00:00.000Z', quantity: -2, reason: 'M' })
    const paid = reimbursement({ reason: 'CustomerServiceIssue', quantityTotal: 1, amountPerUnitMinor: 1234 })
    expect(find({ ledger: [lost], reimbursements: [paid], costs })[0]).toMatchObject({
      value: { amountMinor: 900, currency: 'USD' },
      valueBasis: 'manufacturingCost'
    })
    // Before 10 Mar 2025 the cost is not Amazon's basis: no manufacturing-cost value.
    const old = ledger({ occurredAt: '2025-03-09T23:59:59.000Z', quantity: -1, reason: 'M' })
    expect(
      find({ ledger: [old], costs: [{ sku: 'MUG', fromDate: '2020-01-01', costMinor: 450, currency: 'USD' }] })[0]!.valueBasis
    ).toBeNull()
  })
})
