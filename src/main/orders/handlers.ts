/** Handlers of the orders.* channels (spread into createHandlers). */
import type { OrderDetail } from '../../shared/contract'
import type { Handlers } from '../handler-types'
import type { OrderActionsService, OrderDetailOwn } from './actions'
import type { OrderImportService } from './import'

type OrdersChannel = Extract<keyof Handlers, `orders.${string}`>

export function orderHandlers(s: {
  orderActions: OrderActionsService
  orderImport: OrderImportService
  // Structural (RmasService, ReimbursementsService): those domains stand above the order actions.
  rmas: { forOrder(orderId: string): OrderDetail['rmas'] }
  reimbursements: { forOrder(storeId: string, amazonOrderId: string): OrderDetail['reimbursements'] }
}): Pick<Handlers, OrdersChannel> {
  // The order detail's RMA and reimbursement lists come from their owners (domains after orders),
  // merged here in the detail's field order.
  const detail = ({ hold, settings, ...rest }: OrderDetailOwn): OrderDetail => ({
    ...rest,
    rmas: s.rmas.forOrder(rest.order.id),
    reimbursements: s.reimbursements.forOrder(rest.order.storeId, rest.order.amazonOrderId),
    hold,
    settings
  })
  return {
    'orders.list': (q) => s.orderActions.list(q),
    'orders.get': (ref) => detail(s.orderActions.get(ref)),
    'orders.refund': (input) => s.orderActions.refund(input),
    'orders.cancel': (input) => s.orderActions.cancel(input),
    'orders.split': ({ lines, ...ref }) => detail(s.orderActions.split(ref, lines)),
    'orders.addNote': ({ text, ...ref }) => detail(s.orderActions.addNote(ref, text)),
    'orders.previewImport': (input) => s.orderImport.importFile(input, false),
    'orders.import': (input) => s.orderImport.importFile(input, true)
  }
}
