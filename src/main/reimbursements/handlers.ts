/** Handlers of the reimbursements.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { ReimbursementsService } from './service'

type ReimbursementChannel = Extract<keyof Handlers, `reimbursements.${string}`>

export function reimbursementHandlers(s: { reimbursements: ReimbursementsService }): Pick<Handlers, ReimbursementChannel> {
  return {
    'reimbursements.list': (q) => s.reimbursements.list(q),
    'reimbursements.summary': (f) => s.reimbursements.summary(f),
    'reimbursements.exportCsv': (q) => s.reimbursements.exportCsv(q),
    'reimbursements.previewImport': (input) => s.reimbursements.importFile(input, false),
    'reimbursements.import': (input) => s.reimbursements.importFile(input, true),
    'reimbursements.orderDetail': ({ storeId, amazonOrderId }) => s.reimbursements.orderDetail(storeId, amazonOrderId),
    'reimbursements.syncStatus': ({ storeId }) => s.reimbursements.syncStatus(storeId)
  }
}
