/**
 * Amazon order report import (#6/#7): order and item rows, and the optional buyer-cancellation
 * columns that put orders On Hold. One transaction per file, idempotent.
 */
import type { z } from 'zod'
import type { OrderImportSummary, contract } from '../../shared/contract'
import { AppError } from '../errors'

export class OrderImportService {
  constructor(private readonly deps: Record<string, unknown>) {}

  importFile(_input: z.output<(typeof contract)['orders.import']['input']>, _commit: boolean): OrderImportSummary {
    void this.deps
    throw new AppError('NOT_IMPLEMENTED', 'orders.import')
  }
}
