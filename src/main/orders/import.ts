/**
 * Amazon order report import (#6/#7): order and item rows, and the optional buyer-cancellation
 * columns that put orders On Hold. One transaction per file, all or nothing: a file with a bad
 * row imports nothing and the summary lists every bad row (line, column, what was expected).
 * Idempotent: re-importing the same file reports every order `unchanged` and adds no note or hold.
 *
 * Preview runs the very same import in a transaction that is rolled back, so its counts are
 * exactly what the import would do.
 */
import type { z } from 'zod'
import type { OrderImportSummary, contract } from '../../shared/contract'
import { CANCEL_COLUMNS_HOWTO, openOrderReport, type OrderReportRow } from '../amazon/reports/orders'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { Logger } from '../log'
import type { StoresService } from '../stores/service'
import type { OrdersService } from './service'
import { inTransaction } from '../db/transaction'
import { upsertOrder, type IncomingOrder } from './upsert'

const JP = 'A1VC38T7YXB528'

class Rollback extends Error {}

export type OrderImportDeps = {
  db: Db
  clock: Clock
  events: EventBus
  log: Logger
  stores: StoresService
  orders: OrdersService
  files: FileStaging
}

export class OrderImportService {
  constructor(private readonly deps: OrderImportDeps) {}

  importFile(input: z.output<(typeof contract)['orders.import']['input']>, commit: boolean): Promise<OrderImportSummary> {
    const f = this.deps.files.get(input.fileId)
    const run = () =>
      this.importReport({ storeId: input.storeId, source: f.path, fileName: f.name, commit, detailLimit: input.detailLimit })
    // Committed: the staged copy (buyer names, addresses) is deleted at once.
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  /** Also used by the scheduled report download (source = the downloaded document). */
  async importReport(opts: {
    storeId: string
    source: Source
    fileName?: string
    charset?: string | null
    commit: boolean
    detailLimit?: number
  }): Promise<OrderImportSummary> {
    const store = await this.deps.stores.get(opts.storeId)
    const report = await openOrderReport(opts.source, {
      file: opts.fileName,
      charset: opts.charset ?? null,
      japanese: store.marketplaceIds.includes(JP)
    })
    const limit = opts.detailLimit ?? 1000
    const rejected: OrderImportSummary['rejected'] = []
    let rejectedCount = 0
    let rows = 0
    const byOrder = new Map<string, OrderReportRow[]>()
    const itemLines = new Map<string, number>()
    for await (const p of report.rows) {
      rows++
      if (p.kind === 'rejected') {
        rejectedCount++
        if (rejected.length < limit) rejected.push({ line: p.line, ...(p.column ? { column: p.column } : {}), reason: p.reason })
        continue
      }
      const r = p.row
      if (r.orderItemId) {
        const key = `${r.amazonOrderId} ${r.orderItemId}`
        const seen = itemLines.get(key)
        if (seen !== undefined) {
          rejectedCount++
          if (rejected.length < limit)
            rejected.push({
              line: r.line,
              column: 'order-item-id',
              reason: `order item ${r.orderItemId} of order ${r.amazonOrderId} is already on line ${seen} (expected each item once)`
            })
          continue
        }
        itemLines.set(key, r.line)
      }
      let list = byOrder.get(r.amazonOrderId)
      if (!list) byOrder.set(r.amazonOrderId, (list = []))
      list.push(r)
    }

    const now = this.deps.clock.now().toISOString()
    const counts = { inserted: 0, updated: 0, unchanged: 0, held: 0, flagged: 0 }
    const apply = () => {
      inTransaction(this.deps.db.$client, () => {
        const tx = this.deps.db
        for (const [amazonOrderId, list] of byOrder) {
          const out = upsertOrder(tx, this.deps.orders, opts.storeId, now, toIncoming(amazonOrderId, list, now))
          counts[out.change]++
          if (out.hold === 'held') counts.held++
          if (out.hold === 'flagged') counts.flagged++
        }
        if (!(opts.commit && rejectedCount === 0)) throw new Rollback()
      })
    }
    try {
      apply()
    } catch (e) {
      if (!(e instanceof Rollback)) throw e
    }
    const committed = opts.commit && rejectedCount === 0
    if (committed && counts.inserted + counts.updated > 0)
      this.deps.events.emit('data.changed', { domains: counts.held + counts.flagged > 0 ? ['orders', 'holds'] : ['orders'] })
    if (committed) this.deps.log.info('order report imported', { storeId: opts.storeId, file: opts.fileName, rows, ...counts })
    return {
      format: report.format,
      encoding: report.encoding,
      encodingEvidence: report.encodingEvidence,
      rows,
      ...counts,
      cancelColumnsMissing: report.hasCancelColumns ? null : CANCEL_COLUMNS_HOWTO,
      rejected,
      rejectedCount,
      committed
    }
  }
}

/** The rows of one order -> what upsertOrder takes. */
function toIncoming(amazonOrderId: string, list: OrderReportRow[], now: string): IncomingOrder {
  const currency = list.find((r) => r.currency)?.currency ?? null
  const pick = <K extends keyof OrderReportRow>(k: K): OrderReportRow[K] | undefined =>
    list.find((r) => r[k] !== null && r[k] !== undefined)?.[k]
  // Every item cancelled: the order is cancelled, whatever the order-status cell says.
  const allCancelled = list.every((r) => r.itemStatus === 'Cancelled')
  return {
    amazonOrderId,
    marketplaceId: pick('marketplaceId') ?? undefined,
    status: allCancelled ? 'Canceled' : pick('status'),
    fulfillmentChannel: pick('fulfillmentChannel') ?? undefined,
    purchaseDate: pick('purchaseDate') ?? undefined,
    lastUpdateDate: pick('lastUpdateDate') ?? undefined,
    latestShipDate: pick('latestShipDate') ?? undefined,
    latestDeliveryDate: pick('latestDeliveryDate') ?? undefined,
    currency: currency ?? undefined,
    source: 'report',
    // Order reports carry no time for the buyer's request: the time it is first seen stands in.
    requestedAt: now,
    items: list.map((r) => ({
      orderItemId: r.orderItemId,
      sku: r.sku,
      asin: r.asin ?? undefined,
      title: r.title ?? undefined,
      quantityOrdered: r.quantityOrdered,
      quantityShipped: r.quantityShipped,
      quantityCancelled: r.quantityCancelled,
      currency: r.currency ?? currency ?? undefined,
      itemPriceMinor: r.itemPriceMinor,
      itemTaxMinor: r.itemTaxMinor,
      shippingPriceMinor: r.shippingPriceMinor,
      shippingTaxMinor: r.shippingTaxMinor,
      promotionDiscountMinor: r.promotionDiscountMinor,
      buyerRequestedCancel: r.buyerRequestedCancel,
      buyerCancelReason: r.buyerCancelReason
    }))
  }
}
