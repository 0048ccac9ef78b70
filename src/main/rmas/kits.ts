/**
 * Kit definitions per store: parent SKU -> component SKU × quantity. Returns of a parent SKU
 * become RMA items for its components (rma-rules.ts expandKit). One level: a component is not
 * expanded again (Sellercloud kits are flat), and a SKU can't be its own component.
 * CSV/TSV import: columns "parent SKU", "component SKU", "quantity" (names matched like report
 * headers; "kit SKU"/"parent", "component", "qty" also accepted), one transaction, upsert.
 */
import { and, asc, eq } from 'drizzle-orm'
import type { Kit } from '../../shared/contract/rmas'
import { openTsv, type Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { kits } from '../db/schema'
import { AppError } from '../errors'
import type { EventBus } from '../events'

export class KitsService {
  constructor(private readonly deps: { db: Db; clock: Clock; events: EventBus }) {}

  list(storeId: string): Kit[] {
    return this.deps.db
      .select({
        id: kits.id,
        storeId: kits.storeId,
        parentSku: kits.parentSku,
        componentSku: kits.componentSku,
        quantity: kits.quantity,
        updatedAt: kits.updatedAt
      })
      .from(kits)
      .where(eq(kits.storeId, storeId))
      .orderBy(asc(kits.parentSku), asc(kits.componentSku))
      .all()
  }

  private upsert(
    tx: Pick<Db, 'select' | 'insert' | 'update'>,
    storeId: string,
    parentSku: string,
    componentSku: string,
    quantity: number
  ): 'created' | 'updated' | 'unchanged' {
    if (parentSku === componentSku) throw new AppError('VALIDATION', `A kit can't contain itself (${parentSku})`)
    const now = this.deps.clock.now().toISOString()
    const ex = tx
      .select()
      .from(kits)
      .where(and(eq(kits.storeId, storeId), eq(kits.parentSku, parentSku), eq(kits.componentSku, componentSku)))
      .get()
    if (!ex) {
      tx.insert(kits).values({ storeId, parentSku, componentSku, quantity, createdAt: now, updatedAt: now }).run()
      return 'created'
    }
    if (ex.quantity === quantity) return 'unchanged'
    tx.update(kits).set({ quantity, updatedAt: now }).where(eq(kits.id, ex.id)).run()
    return 'updated'
  }

  save(storeId: string, parentSku: string, componentSku: string, quantity: number): Kit {
    this.upsert(this.deps.db, storeId, parentSku, componentSku, quantity)
    this.deps.events.emit('data.changed', { domains: ['rmas'] })
    return this.list(storeId).find((k) => k.parentSku === parentSku && k.componentSku === componentSku)!
  }

  remove(id: number): boolean {
    const r = this.deps.db.delete(kits).where(eq(kits.id, id)).run()
    if (r.changes === 0) throw new AppError('NOT_FOUND', `No kit line ${id}`)
    this.deps.events.emit('data.changed', { domains: ['rmas'] })
    return true
  }

  async import(storeId: string, source: Source, fileName: string) {
    const f = await openTsv(source, { file: fileName })
    const col = (...names: string[]) => names.map((n) => f.columns.get(n)).find((i) => i !== undefined)
    const iParent = col('parent-sku', 'kit-sku', 'parent', 'kit')
    const iComp = col('component-sku', 'component', 'child-sku')
    const iQty = col('quantity', 'qty', 'component-quantity')
    if (iParent === undefined || iComp === undefined || iQty === undefined)
      throw new AppError(
        'VALIDATION',
        `${fileName}: expected columns "parent SKU", "component SKU" and "quantity"; found ${f.header.map((h) => `"${h}"`).join(', ')}`
      )
    const rows: { line: number; parent: string; comp: string; qty: number }[] = []
    const rejected: { line: number; reason: string }[] = []
    for await (const r of f.rows) {
      const parent = (r.cells[iParent] ?? '').trim()
      const comp = (r.cells[iComp] ?? '').trim()
      const q = (r.cells[iQty] ?? '').trim()
      if (!parent || !comp) rejected.push({ line: r.line, reason: 'parent SKU and component SKU are required' })
      else if (parent === comp) rejected.push({ line: r.line, reason: `a kit can't contain itself (${parent})` })
      else if (!/^\d+$/.test(q) || Number(q) < 1 || Number(q) > 10_000)
        rejected.push({ line: r.line, reason: `quantity: expected a whole number from 1 to 10000, got "${q}"` })
      else rows.push({ line: r.line, parent, comp, qty: Number(q) })
    }
    const counts = { created: 0, updated: 0, unchanged: 0 }
    this.deps.db.transaction((tx) => {
      for (const r of rows) counts[this.upsert(tx, storeId, r.parent, r.comp, r.qty)]++
    })
    if (counts.created + counts.updated > 0) this.deps.events.emit('data.changed', { domains: ['rmas'] })
    return { ...counts, rejected }
  }
}
