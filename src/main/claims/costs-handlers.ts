/** Handlers of the manufacturing cost list and removal (contract/claim-costs.ts), spread into createHandlers. */
import type { Handlers } from '../handler-types'
import type { ClaimsService } from './service'

export function claimCostHandlers(s: { claims: ClaimsService }): Pick<Handlers, 'claims.listCosts' | 'claims.removeCost'> {
  return {
    'claims.listCosts': (f) => s.claims.listCosts(f),
    'claims.removeCost': (input) => ({ removed: s.claims.removeCost(input) })
  }
}
