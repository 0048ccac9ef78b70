/**
 * The app's rule pack: every dated window Amazon runs against the seller. Register each domain's
 * rule file here (claims: #15, order-side deadlines: #17).
 */
import { CLAIM_RULES } from './claims'
import { CLAIM_INVENTORY_RULES } from './claims-inventory'
import { ORDER_RULES } from './orders'
import { RulePack } from './pack'
import { RULE_SOURCES } from './sources'

export type { PlacedWindow, RuleDuration, RuleSource, WindowRule } from './types'
export { RulePack, closesAfter, durationMs } from './pack'
export { localDate, localMidnightAfter, MARKETPLACE_TIME_ZONES, startOfLocalDate, timeZoneOf } from './zones'
export { CLAIM_RULE_IDS, MANUFACTURING_COST_VALUATION, claimRulesVersion } from './claims'

export const RULES = new RulePack([...CLAIM_RULES, ...CLAIM_INVENTORY_RULES, ...ORDER_RULES], RULE_SOURCES)
