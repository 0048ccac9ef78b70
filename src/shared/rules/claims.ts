/**
 * Claim windows (#15): when Amazon expects a reimbursement claim at the earliest (before it, Amazon
 * may still pay on its own) and the deadline, per marketplace and effective date, from
 * `claim-rules.md` §3.1. The finder (src/main/claims) places them with `RULES.place`.
 *
 * "18 months" of the pre-October-2024 rules is written as 548 days: the pack counts exact days
 * (types.ts), and 18 months is 546–549 days depending on the months crossed; 548 is the usual
 * count and errs by at most a day or two on a deadline that closed long ago.
 */
import type { WindowRule } from './types'

/** Marketplace ids (shared/ids.ts MARKETPLACES). */
const US = 'ATVPDKIKX0DER'
const CA = 'A2EUQ1WTGCTBG2'
const UK = 'A1F83G8C2ARO7P'
const AE = 'A2VIGQ35RCS4UG'
const AU = 'A39IBJ37TRP1C6'
/** The EU marketplaces of the EU announcement [AZ4] (the UK has its own dates [AZ22]). */
const EU = [
  'A1PA6795UKMFR9', // DE
  'A13V1IB3VIYZZH', // FR
  'APJ6JRA9NG5V4', // IT
  'A1RKKUPIHCS9HS', // ES
  'A1805IZSGTT6HS', // NL
  'A2NODRKZP88ZB9', // SE
  'A1C3SOZRARQ6R3', // PL
  'AMEN7PMS3EDWL', // BE
  'A28R8C7NBKEWEA' // IE
]

/** The old rules applied to every event before the new windows; a start well before any report's 18 months. */
const BEGINNING = '2000-01-01T00:00:00Z'
/** US announcement 24 Jul 2024: new windows from 23 Oct 2024 [AZ2][AZ1]. */
const NEW_WINDOWS = '2024-10-23T00:00:00Z'
/** AE: 60 days from 5 Sep 2024 [AZ5]. */
const AE_FROM = '2024-09-05T00:00:00Z'
/** UK: from 9 Jan 2025 [AZ22]. */
const UK_FROM = '2025-01-09T00:00:00Z'
const EIGHTEEN_MONTHS = { days: 548 }
const WEEK = { days: 7 }

/** A rule with the same shape in several dated/scoped versions. */
function versions(base: Pick<WindowRule, 'id' | 'anchor'>, list: Omit<WindowRule, 'id' | 'anchor' | 'urgentBefore'>[]): WindowRule[] {
  return list.map((v) => ({ ...base, urgentBefore: WEEK, ...v }))
}

/** Lost in a fulfillment center: ledger adjustments M / 5, from the day Amazon reported them lost. */
const FC_LOST = versions({ id: 'claim.fcLost', anchor: 'reportedLost' }, [
  {
    scope: '*',
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    latest: EIGHTEEN_MONTHS,
    sources: ['YA', 'AZ2'],
    note: 'Before 23 Oct 2024: 18 months.'
  },
  {
    scope: '*',
    effectiveFrom: NEW_WINDOWS,
    latest: { days: 60 },
    sources: ['AZ2', 'AZ1', 'MCP1'],
    note: '60 days after the unit was reported lost; since 1 Nov 2024 Amazon reimburses almost all lost units by itself.'
  },
  { scope: [AE], effectiveFrom: AE_FROM, latest: { days: 60 }, sources: ['AZ5'], note: 'AE: 60 days from "Misplaced" since 5 Sep 2024.' },
  {
    scope: [UK],
    effectiveFrom: BEGINNING,
    effectiveTo: UK_FROM,
    latest: EIGHTEEN_MONTHS,
    sources: ['AZ20'],
    note: 'UK before 9 Jan 2025: 18 months.'
  },
  { scope: [UK], effectiveFrom: UK_FROM, latest: { days: 60 }, sources: ['AZ22', 'AZ2'], note: 'UK from 9 Jan 2025: 60 days.' }
])

/** Damaged in a fulfillment center: ledger adjustments E, 6, 7, H, K, U. */
const FC_DAMAGED = versions({ id: 'claim.fcDamaged', anchor: 'reportedDamaged' }, [
  {
    scope: '*',
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    latest: EIGHTEEN_MONTHS,
    sources: ['YA', 'AZ2'],
    note: 'Before 23 Oct 2024: 18 months.'
  },
  {
    scope: '*',
    effectiveFrom: NEW_WINDOWS,
    latest: { days: 60 },
    sources: ['AZ2', 'AZ8', 'AZ9', 'AZ1'],
    note: '60 days after the unit was reported damaged.'
  },
  { scope: [AE], effectiveFrom: AE_FROM, latest: { days: 60 }, sources: ['AZ5', 'AZ8'], note: 'AE: 60 days since 5 Sep 2024.' },
  {
    scope: [AU],
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 10 },
    latest: { days: 60 },
    sources: ['AZ19', 'AZ2'],
    note: 'AU: warehouse-damaged units are compensated within 10 days of the damage date: wait those 10 days.'
  },
  {
    scope: [UK],
    effectiveFrom: BEGINNING,
    effectiveTo: UK_FROM,
    latest: EIGHTEEN_MONTHS,
    sources: ['AZ20'],
    note: 'UK before 9 Jan 2025: 18 months.'
  },
  { scope: [UK], effectiveFrom: UK_FROM, latest: { days: 60 }, sources: ['AZ22', 'AZ2'], note: 'UK from 9 Jan 2025: 60 days.' }
])

/** Customer refunded, item not returned: from the refund (or replacement). */
const CUSTOMER_RETURN = versions({ id: 'claim.customerReturn', anchor: 'refund' }, [
  {
    scope: '*',
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    earliest: { days: 45 },
    latest: EIGHTEEN_MONTHS,
    sources: ['YA', 'AZ35'],
    note: 'Before 23 Oct 2024: 45 days to 18 months after the refund.'
  },
  {
    scope: '*',
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 60 },
    latest: { days: 120 },
    sources: ['AZ3', 'AZ2', 'AZ28'],
    note: "60 to 120 days after the refund (Amazon's US text; used where a marketplace has no version of its own)."
  },
  {
    scope: EU,
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 45 },
    latest: { days: 105 },
    sources: ['AZ4'],
    note: 'EU: 45 to 105 days after the refund (the EU announcement; its start date is taken as the US one).'
  },
  {
    scope: [UK],
    effectiveFrom: BEGINNING,
    effectiveTo: UK_FROM,
    earliest: { days: 45 },
    latest: EIGHTEEN_MONTHS,
    sources: ['AZ20', 'YA'],
    note: 'UK before 9 Jan 2025: 45 days to 18 months.'
  },
  {
    scope: [UK],
    effectiveFrom: UK_FROM,
    earliest: { days: 45 },
    latest: { days: 105 },
    sources: ['AZ22', 'AZ4'],
    note: 'UK from 9 Jan 2025: 45 to 105 days, as the EU.'
  },
  {
    scope: [CA],
    effectiveFrom: BEGINNING,
    effectiveTo: NEW_WINDOWS,
    earliest: { days: 45 },
    latest: EIGHTEEN_MONTHS,
    sources: ['AZ35'],
    note: 'CA (older text): 45 days to 18 months.'
  },
  {
    scope: [US],
    effectiveFrom: NEW_WINDOWS,
    earliest: { days: 60 },
    latest: { days: 120 },
    sources: ['AZ3', 'AZ2'],
    note: 'US: 60 to 120 days after the refund.'
  }
])

export const CLAIM_RULES: WindowRule[] = [...FC_LOST, ...FC_DAMAGED, ...CUSTOMER_RETURN]

/** The customer-return windows (claims-inventory.ts derives the replacement and damaged-return ones from them). */
export const CUSTOMER_RETURN_RULES: readonly WindowRule[] = CUSTOMER_RETURN

/** The claim windows' rule ids, by the finder's claim type. */
export const CLAIM_RULE_IDS = {
  fcLost: 'claim.fcLost',
  fcDamaged: 'claim.fcDamaged',
  customerReturn: 'claim.customerReturn',
  // claims-inventory.ts
  returnDamaged: 'claim.returnDamaged',
  replacementNotReturned: 'claim.replacementNotReturned',
  removalShortage: 'claim.removalShortage',
  inboundShortage: 'claim.inboundShortage'
} as const

/**
 * Valuation of units lost or damaged before a customer order: at the manufacturing cost from
 * 10 Mar 2025 (Amazon's own post [AZ6]; one trade site says 31 Mar — Amazon's date wins).
 */
export const MANUFACTURING_COST_VALUATION = {
  effectiveFrom: '2025-03-10T00:00:00Z',
  sources: ['AZ6'] as const
}

/** The day the claim rules were last checked against their sources (claim-rules.md). */
export const CLAIM_RULES_CHECKED = '2026-12-03'

/**
 * The claim rule pack's version as the Claims screen shows it: the day the rules were last checked
 * and a fingerprint of the claim rules in `pack` (every version of every claim rule id), so any
 * change of a window, date or source changes the version without anyone bumping it by hand.
 * FNV-1a 32-bit by hand: src/shared also runs in the renderer (no node:crypto) and a 8-hex-digit
 * fingerprint is all this needs.
 */
export function claimRulesVersion(pack: { versions(id: string): readonly WindowRule[] }): string {
  const text = JSON.stringify(Object.values(CLAIM_RULE_IDS).map((id) => pack.versions(id)))
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return `${CLAIM_RULES_CHECKED}.${h.toString(16).padStart(8, '0')}`
}
