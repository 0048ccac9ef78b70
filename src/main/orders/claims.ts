/**
 * A-to-z Guarantee and SAFE-T claims on orders (#17). Amazon offers no API for them: the seller
 * records a claim by hand (screen or CLI) or a CSV, and an A-to-z claim is also inferred from the
 * returns report's "A-to-Z Claim" column (the RMAs domain reads it; `recordInferred` stores it).
 * One claim per order and kind: recording again updates it and writes the order's history.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ClaimInput, ClaimRow, ClaimsImportSummary } from '../../shared/contract/deadlines'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { orderClaims, orders } from '../db/schema'
import { AppError } from '../errors'
import { importClaimsCsv } from './claims-import'
import type { OrdersService } from './service'

export type OrderClaimRow = typeof orderClaims.$inferSelect
type Input = z.output<typeof ClaimInput>

export class OrderClaimsService {
  constructor(private readonly deps: { db: Db; clock: Clock; orders: OrdersService }) {}

  list(q: { storeId?: string; orderId?: string } = {}): ClaimRow[] {
    const where: SQL[] = []
    if (q.storeId) where.push(eq(orderClaims.storeId, q.storeId))
    if (q.orderId) where.push(eq(orderClaims.orderId, q.orderId))
    return this.deps.db
      .select({ c: orderClaims, amazonOrderId: orders.amazonOrderId })
      .from(orderClaims)
      .innerJoin(orders, eq(orders.id, orderClaims.orderId))
      .where(and(...where))
      .orderBy(asc(orderClaims.id))
      .all()
      .map(({ c, amazonOrderId }) => ({
        id: c.id,
        storeId: c.storeId,
        orderId: c.orderId,
        amazonOrderId,
        kind: c.kind,
        claimType: c.claimType,
        filedAt: c.filedAt,
        amountMinor: c.amountMinor,
        currency: c.currency,
        state: c.state,
        infoRequestedAt: c.infoRequestedAt,
        grantedAt: c.grantedAt,
        amazonRefundAt: c.amazonRefundAt,
        source: c.source,
        note: c.note,
        updatedAt: c.updatedAt
      }))
  }

  /** Records or updates a claim (one per order and kind). The order is created as a minimal record when unknown. */
  record(input: Input, source: 'manual' | 'csv' = 'manual'): ClaimRow {
    if ((input.amountMinor === undefined) !== (input.currency === undefined))
      throw new AppError('VALIDATION', 'amount and currency go together: give both or neither')
    if (input.state === 'info-requested' && !input.infoRequestedAt)
      throw new AppError('VALIDATION', 'state info-requested needs infoRequestedAt (when Amazon asked)')
    if (input.state === 'granted' && !input.grantedAt)
      throw new AppError('VALIDATION', 'state granted needs grantedAt (when Amazon granted it)')
    if (input.kind === 'safet' && !input.amazonRefundAt)
      throw new AppError('VALIDATION', 'a SAFE-T claim needs amazonRefundAt (when Amazon refunded the buyer): its 60 days start there')
    const now = this.deps.clock.now().toISOString()
    const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString())
    const id = this.deps.db.transaction((tx) => {
      const order = this.deps.orders.ensure(input.storeId, input.amazonOrderId, tx)
      const fields = {
        claimType: input.claimType,
        filedAt: iso(input.filedAt),
        amountMinor: input.amountMinor,
        currency: input.currency?.toUpperCase(),
        state: input.state,
        infoRequestedAt: iso(input.infoRequestedAt),
        grantedAt: iso(input.grantedAt),
        amazonRefundAt: iso(input.amazonRefundAt),
        note: input.note
      }
      const existing = tx
        .select()
        .from(orderClaims)
        .where(and(eq(orderClaims.orderId, order.id), eq(orderClaims.kind, input.kind)))
        .get()
      if (existing) {
        tx.update(orderClaims)
          .set({ ...fields, source, updatedAt: now })
          .where(eq(orderClaims.id, existing.id))
          .run()
        this.deps.orders.history(
          order.id,
          `claim-${input.kind}`,
          { code: 'claim-changed', params: { kind: input.kind, from: existing.state, to: input.state, source } },
          tx
        )
        return existing.id
      }
      const r = tx
        .insert(orderClaims)
        .values({ storeId: input.storeId, orderId: order.id, kind: input.kind, ...fields, source, createdAt: now, updatedAt: now })
        .returning({ id: orderClaims.id })
        .get()
      this.deps.orders.history(
        order.id,
        `claim-${input.kind}`,
        { code: 'claim-recorded', params: { kind: input.kind, state: input.state, source } },
        tx
      )
      return r.id
    })
    return this.list({ storeId: input.storeId }).find((c) => c.id === id)!
  }

  /** Imports (commit) or previews a claims CSV (claims-import.ts). */
  importCsv(req: {
    storeId: string
    source: Source
    fileName: string
    commit: boolean
    detailLimit: number
  }): Promise<ClaimsImportSummary> {
    return importClaimsCsv(this, req)
  }

  /**
   * An A-to-z claim the returns report flags (its "A-to-Z Claim" column): recorded once as open,
   * filed at the return request date; a claim already recorded (by hand or before) is left alone.
   * Returns how many were new.
   */
  recordInferred(flags: { storeId: string; orderId: string; requestDate: string | null }[]): number {
    if (flags.length === 0) return 0
    const now = this.deps.clock.now().toISOString()
    let added = 0
    this.deps.db.transaction((tx) => {
      for (const f of flags) {
        const r = tx
          .insert(orderClaims)
          .values({
            storeId: f.storeId,
            orderId: f.orderId,
            kind: 'atoz',
            filedAt: f.requestDate,
            state: 'open',
            source: 'returns-report',
            note: 'The returns report flags an A-to-z claim on this order',
            createdAt: now,
            updatedAt: now
          })
          .onConflictDoNothing()
          .run()
        if (r.changes > 0) {
          added++
          this.deps.orders.history(f.orderId, 'claim-atoz', { code: 'claim-flagged', params: { kind: 'atoz' } }, tx)
        }
      }
    })
    return added
  }

  /** Open claims with a running clock, for the deadlines source. */
  withClocks(storeId?: string): (OrderClaimRow & { amazonOrderId: string; marketplaceId: string | null })[] {
    const where: SQL[] = []
    if (storeId) where.push(eq(orderClaims.storeId, storeId))
    return this.deps.db
      .select({ c: orderClaims, amazonOrderId: orders.amazonOrderId, marketplaceId: orders.marketplaceId })
      .from(orderClaims)
      .innerJoin(orders, eq(orders.id, orderClaims.orderId))
      .where(and(...where))
      .all()
      .map(({ c, amazonOrderId, marketplaceId }) => ({ ...c, amazonOrderId, marketplaceId }))
  }
}
