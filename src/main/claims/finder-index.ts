/**
 * Lookups the finder makes per FNSKU and per order, answered from maps built once (O(n)) instead
 * of filtering every line per key (O(n·m): 2 M ledger rows × 50 k reimbursements took minutes,
 * bench/claims.bench.ts). Every answer keeps the input order, so netting (first in, first out)
 * gives the same result as the filters it replaces (test/unit/claims/finder-index.test.ts).
 * Written by hand: a Map of arrays is all it takes; no library is needed for it.
 */

/** Items grouped by a key, each group in input order; items whose key is null are left out. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const t of items) {
    const k = key(t)
    if (k === null) continue
    const list = out.get(k)
    if (list) list.push(t)
    else out.set(k, [t])
  }
  return out
}

type Line = { fnsku: string | null; sku: string; amazonOrderId: string | null }

/**
 * Reimbursement lines by category and FNSKU (lines without an FNSKU: by category and SKU), and by
 * category and order. `category` is computed once per line.
 */
export class ReimbursementIndex<R extends Line> {
  private readonly byFnsku: Map<string, { at: number; line: R }[]>
  private readonly bySku: Map<string, { at: number; line: R }[]>
  private readonly byOrder: Map<string, R[]>

  constructor(lines: readonly R[], category: (r: R) => string) {
    const cats = lines.map(category)
    const positioned = lines.map((line, at) => ({ at, line, cat: cats[at]! }))
    this.byFnsku = groupBy(positioned, (p) => (p.line.fnsku ? `${p.cat}\t${p.line.fnsku}` : null))
    this.bySku = groupBy(positioned, (p) => (p.line.fnsku ? null : `${p.cat}\t${p.line.sku}`))
    this.byOrder = new Map(
      [...groupBy(positioned, (p) => (p.line.amazonOrderId !== null ? `${p.cat}\t${p.line.amazonOrderId}` : null))].map(([k, l]) => [
        k,
        l.map((p) => p.line)
      ])
    )
  }

  /**
   * The lines of `category` for an FNSKU: its own, and those without an FNSKU whose SKU is one of
   * `skus`, in input order. Same as
   * `lines.filter((r) => category(r) === c && (r.fnsku ? r.fnsku === fnsku : skus.has(r.sku)))`.
   */
  forFnsku(fnsku: string, skus: Iterable<string>, c: string): R[] {
    const parts = [this.byFnsku.get(`${c}\t${fnsku}`) ?? []]
    for (const sku of skus) {
      const l = this.bySku.get(`${c}\t${sku}`)
      if (l) parts.push(l)
    }
    if (parts.length === 1) return parts[0]!.map((p) => p.line)
    return parts
      .flat()
      .sort((a, b) => a.at - b.at)
      .map((p) => p.line)
  }

  /** The lines of `category` for an order, in input order. */
  forOrder(orderId: string, c: string): readonly R[] {
    return this.byOrder.get(`${c}\t${orderId}`) ?? []
  }
}
