/**
 * The claims finder's windows on the Deadlines screen (#15 → #17): every finding a seller can
 * act on now — status "claim now" or "expires soon" — is a deadline at its window's close, with
 * the finding's rule id ("claim.fcLost", "claim.fcDamaged", "claim.customerReturn").
 *
 * Not listed: "wait" findings (before the earliest date Amazon expects a claim, it may still pay
 * by itself — nothing to do yet; they appear the moment their window opens) and expired ones
 * (nothing can be done any more; the Claims screen still shows them).
 */
import type { ClaimFinding } from '../../shared/contract/claims'
import type { DeadlineDraft, DeadlineSource } from '../../shared/deadlines'
import { CLAIM_RULE_IDS, type RulePack } from '../../shared/rules'

export const CLAIM_DEADLINE_RULES: readonly string[] = Object.values(CLAIM_RULE_IDS)

/** The in-app route that opens a finding on the Claims screen. */
export const findingRoute = (id: string): string => `#/claims?finding=${encodeURIComponent(id)}`

/** One finding as a deadline draft; null when the seller cannot act on it now. Pure. */
export function findingDeadline(f: ClaimFinding, rules: RulePack): DeadlineDraft | null {
  if (f.status !== 'claimNow' && f.status !== 'expiresSoon') return null
  // The thresholds of the rule version that placed the window (the finding keeps only its id and date).
  const w = rules.place(f.rule.id, f.marketplaceId, f.eventAt)
  return {
    key: `${f.rule.id}:${f.id}`,
    ruleId: f.rule.id,
    storeId: f.storeId,
    subject: 'finding',
    subjectId: f.id,
    orderId: null,
    amazonOrderId: f.amazonOrderId,
    label: [f.sku ?? f.fnsku, `× ${f.quantity}`].filter(Boolean).join(' '),
    anchorAt: f.eventAt,
    dueAt: f.closesAt,
    warnFrom: w?.warnFrom ?? null,
    urgentFrom: w?.urgentFrom ?? null,
    route: findingRoute(f.id)
  }
}

export function claimDeadlineSource(d: {
  findingsAt(storeId: string, now: Date): ClaimFinding[]
  storeIds(): string[]
  readonly rules: RulePack
  ready?(storeIds?: string[]): Promise<void>
}): DeadlineSource {
  return {
    domain: 'claims',
    ruleIds: CLAIM_DEADLINE_RULES,
    prepare: ({ storeId }) => d.ready?.(storeId ? [storeId] : undefined) ?? Promise.resolve(),
    open: ({ storeId, now }) => {
      const out: DeadlineDraft[] = []
      for (const id of storeId ? [storeId] : d.storeIds())
        for (const f of d.findingsAt(id, now)) {
          const draft = findingDeadline(f, d.rules)
          if (draft) out.push(draft)
        }
      return out
    }
  }
}
