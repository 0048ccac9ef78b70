/** Handlers of the claims.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { ClaimsService } from './service'

// The cost list and removal have their own file (costs-handlers.ts).
type ClaimChannel = Exclude<Extract<keyof Handlers, `claims.${string}`>, 'claims.listCosts' | 'claims.removeCost'>

export function claimHandlers(s: { claims: ClaimsService }): Pick<Handlers, ClaimChannel> {
  return {
    'claims.list': (f) => s.claims.list(f),
    'claims.exportCsv': (f) => s.claims.exportCsv(f),
    'claims.importLedger': (input) => s.claims.importFile(input, true),
    'claims.previewCostsImport': (input) => s.claims.importCostsFile(input, false),
    'claims.importCosts': (input) => s.claims.importCostsFile(input, true),
    'claims.setCost': (input) => ({ changed: s.claims.setCost(input) }),
    'claims.importReport': (input) => s.claims.importReportFile(input, true),
    'claims.previewFileImport': (input) => s.claims.importAnyFile(input, false),
    'claims.importFile': (input) => s.claims.importAnyFile(input, true)
  }
}
