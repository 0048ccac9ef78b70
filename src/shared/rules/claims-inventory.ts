/**
 * Claim windows of the claim types added for removals, replacements, damaged returns and inbound
 * shipments (#15), from `claim-rules.md` §3.1. Same conventions as `claims.ts` (exact days, a
 * week's warning); the finder places them through `CLAIM_RULE_IDS`.
 */
import { CUSTOMER_RETURN_RULES } from './claims'
import type { WindowRule } from './types'

const BEGINNING = '2000-01-01T00:00:00Z'
/** US announcement 24 Jul 2024: new windows from 23 Oct 2024 [AZ2][AZ1]. */
const NEW_WINDOWS = '2024-10-23T00:00:00Z'
/** AE: from 5 Sep 2024 [AZ5]. */
const AE_FROM = '2024-09-05T00:00:00Z'
const AE = 'A2VIGQ35RCS4UG'
const WEEK = { days: 7 }

/**
 * "Return received but Amazon/carrier-damaged": the same windows as a refund whose item never
 * came back (claim-rules.md: "as RWR"), counted from the return date, with the damaged-return
 * sources added. Derived from the customer-return rules so a change there changes both.
 */
const RETURN_DAMAGED: WindowRule[] = CUSTOMER_RETURN_RULES.map((r) => ({
  ...r,
  id: 'claim.returnDamaged',
  anchor: 'returnReceived',
  sources: [...r.sources, 'SC12', 'ST1']
}))

/**
 * A replacement sent and the original never returned: the customer-return windows, counted
 * from the replacement's shipment ("60 days after refund/replacement", claim-rules.md §3.1 [AZ3][AZ28]).
 */
const REPLACEMENT_NOT_RETURNED: WindowRule[] = CUSTOMER_RETURN_RULES.map((r) => ({
  ...r,
  id: 'claim.replacementNotReturned',
  anchor: 'replacementShipped',
  sources: [...new Set([...r.sources, 'AZ28'])]
}))

/**
 * Removal lost in transit / short: from the removal shipment's date. The "received damaged"
 * window (60 days after delivery) needs a delivery date no report gives; the finder finds the
 * units missing between what the order says shipped and what the shipment lines show.
 */
const REMOVAL_SHORTAGE: WindowRule[] = [
  {
    id: 'claim.removalShortage',
    anchor: 'removalShipped',
    scope: '*',
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    earliest: { days: 14 },
    latest: { days: 548 },
    urgentBefore: WEEK,
    sources: ['YA'],
    note: 'Before 23 Oct 2024: 14 days to 18 months.'
  },
  {
    id: 'claim.removalShortage',
    anchor: 'removalShipped',
    scope: '*',
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 15 },
    latest: { days: 75 },
    urgentBefore: WEEK,
    sources: ['AZ2', 'AZ1'],
    note: 'US: 15 to 75 days after the removal shipment was created.'
  },
  {
    id: 'claim.removalShortage',
    anchor: 'removalShipped',
    scope: [AE],
    effectiveFrom: AE_FROM,
    earliest: { days: 15 },
    latest: { days: 75 },
    urgentBefore: WEEK,
    sources: ['AZ5'],
    note: 'AE: 15 to 75 days after the ship date, since 5 Sep 2024.'
  }
]

/**
 * Inbound shipment received short: from the first receipt of the shipment (the ledger's Receipts
 * row; no API gives the delivery date). 15 to 60 days after delivery is Amazon's AE text and the
 * third parties' US reading (UNCONFIRMED as official US text); before Oct 2024: 9 months (US).
 */
const INBOUND_SHORTAGE: WindowRule[] = [
  {
    id: 'claim.inboundShortage',
    anchor: 'inboundReceived',
    scope: '*',
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    latest: { days: 274 },
    urgentBefore: WEEK,
    sources: ['AZ21'],
    note: 'Before 23 Oct 2024: 9 months after delivery (older US policy).'
  },
  {
    id: 'claim.inboundShortage',
    anchor: 'inboundReceived',
    scope: '*',
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 15 },
    latest: { days: 60 },
    urgentBefore: WEEK,
    sources: ['AZ5', 'AZ24'],
    note: '15 to 60 days after delivery (AE official; US per third parties, unconfirmed). The shipment must be closed.'
  }
]

export const CLAIM_INVENTORY_RULES: WindowRule[] = [
  ...RETURN_DAMAGED,
  ...REPLACEMENT_NOT_RETURNED,
  ...REMOVAL_SHORTAGE,
  ...INBOUND_SHORTAGE
]
