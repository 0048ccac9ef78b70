/**
 * Order screens and actions (#6): list, detail (items, refunded so far, RMAs, reimbursements,
 * notes, history, splits, queue entries, buyer-cancel hold), refund, cancel, split, notes.
 * Refunds and cancellations become queue entries (QueueService.add) in one transaction.
 */
import type { z } from 'zod'
import type { CancelInput, OrderDetail, RefundInput, contract } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { QueueService } from '../queue/service'
import type { StoresService } from '../stores/service'
import type { OrdersService } from './service'

type Ref = { storeId: string; amazonOrderId: string }
export type ActionResult = z.output<(typeof contract)['orders.refund']['output']>

export class OrderActionsService {
  constructor(private readonly deps: { db: Db; clock: Clock; events: EventBus; stores: StoresService; orders: OrdersService; queue: QueueService }) {}

  list(_q: z.output<(typeof contract)['orders.list']['input']>): z.output<(typeof contract)['orders.list']['output']> {
    throw new AppError('NOT_IMPLEMENTED', 'orders.list')
  }
  get(_ref: Ref): OrderDetail {
    throw new AppError('NOT_IMPLEMENTED', 'orders.get')
  }
  refund(_input: RefundInput, _origin: { source?: 'order' | 'rma' } = {}): ActionResult {
    throw new AppError('NOT_IMPLEMENTED', 'orders.refund')
  }
  /** `origin.holdId` when a buyer-cancel hold is accepted (#7). */
  cancel(_input: CancelInput, _origin: { source?: 'order' | 'hold' | 'split'; holdId?: number } = {}): ActionResult {
    throw new AppError('NOT_IMPLEMENTED', 'orders.cancel')
  }
  split(_ref: Ref, _lines: { orderItemId: string; quantity: number }[]): OrderDetail {
    throw new AppError('NOT_IMPLEMENTED', 'orders.split')
  }
  addNote(_ref: Ref, _text: string): OrderDetail {
    throw new AppError('NOT_IMPLEMENTED', 'orders.addNote')
  }
}
