/** Handlers of the cases.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { CasesService } from './service'

type CaseChannel = Extract<keyof Handlers, `cases.${string}`>

export function caseHandlers(s: { cases: CasesService }): Pick<Handlers, CaseChannel> {
  return {
    'cases.list': (q) => s.cases.list(q),
    'cases.get': ({ id }) => s.cases.get(id),
    'cases.create': (input) => s.cases.create(input),
    'cases.setState': (input) => s.cases.setState(input),
    'cases.addEvidence': (input) => s.cases.addEvidence(input),
    'cases.openEvidence': (input) => s.cases.openEvidence(input),
    'cases.forFindings': ({ findingIds }) => s.cases.forFindings(findingIds),
    'cases.orderTimeline': ({ storeId, amazonOrderId }) => s.cases.orderTimeline(storeId, amazonOrderId)
  }
}
