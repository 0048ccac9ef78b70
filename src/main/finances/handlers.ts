/** Handlers of the settlements.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { SettlementsService } from './service'

type SettlementChannel = Extract<keyof Handlers, `settlements.${string}`>

export function settlementHandlers(s: { settlements: SettlementsService }): Pick<Handlers, SettlementChannel> {
  return {
    'settlements.previewImport': (input) => s.settlements.importFile(input, false),
    'settlements.import': (input) => s.settlements.importFile(input, true),
    'settlements.list': ({ storeId }) => s.settlements.list(storeId),
    'settlements.refundsByOrder': ({ storeId, orderId }) => s.settlements.refundsByOrder(storeId, orderId)
  }
}
