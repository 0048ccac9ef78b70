/** Handlers of the deadlines.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { OrderClaimsService } from '../orders/claims'
import type { DeadlinesService } from './service'

type DeadlinesChannel = Extract<keyof Handlers, `deadlines.${string}`>

export function deadlineHandlers(s: { deadlines: DeadlinesService; orderClaims: OrderClaimsService }): Pick<Handlers, DeadlinesChannel> {
  return {
    'deadlines.list': (q) => s.deadlines.list(q),
    'deadlines.counts': (q) => s.deadlines.counts(q),
    'deadlines.recordClaim': (input) => s.orderClaims.record(input),
    'deadlines.claims': (q) => s.orderClaims.list(q)
  }
}
