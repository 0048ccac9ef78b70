/** Handlers of the orders.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { OrderActionsService } from './actions'
import type { OrderImportService } from './import'

type OrdersChannel = Extract<keyof Handlers, `orders.${string}`>

export function orderHandlers(s: { orderActions: OrderActionsService; orderImport: OrderImportService }): Pick<Handlers, OrdersChannel> {
  return {
    'orders.list': (q) => s.orderActions.list(q),
    'orders.get': (ref) => s.orderActions.get(ref),
    'orders.refund': (input) => s.orderActions.refund(input),
    'orders.cancel': (input) => s.orderActions.cancel(input),
    'orders.split': ({ lines, ...ref }) => s.orderActions.split(ref, lines),
    'orders.addNote': ({ text, ...ref }) => s.orderActions.addNote(ref, text),
    'orders.previewImport': (input) => s.orderImport.importFile(input, false),
    'orders.import': (input) => s.orderImport.importFile(input, true)
  }
}
