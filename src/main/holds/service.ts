/** Buyer-cancellation holds (#7): list, accept (cancel through the queue), decline, follow-up. */
import type { z } from 'zod'
import type { HoldRow, contract } from '../../shared/contract'
import { AppError } from '../errors'

export class HoldsService {
  constructor(private readonly deps: Record<string, unknown>) {}

  list(_q: z.output<(typeof contract)['holds.list']['input']>): z.output<(typeof contract)['holds.list']['output']> {
    void this.deps
    throw new AppError('NOT_IMPLEMENTED', 'holds.list')
  }
  accept(_id: number, _note?: string): HoldRow {
    throw new AppError('NOT_IMPLEMENTED', 'holds.accept')
  }
  decline(_id: number, _note: string): HoldRow {
    throw new AppError('NOT_IMPLEMENTED', 'holds.decline')
  }
  resolveFollowUp(_id: number, _note: string): HoldRow {
    throw new AppError('NOT_IMPLEMENTED', 'holds.resolveFollowUp')
  }
}
