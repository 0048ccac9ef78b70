/**
 * The finder's indexed lookups (finder-index.ts) answer exactly what the O(n·m) filters they
 * replaced answered — same lines, same order (netting is first in, first out, so order matters) —
 * on random data with lines without an FNSKU, shared SKUs, reversals and orders.
 */
import { describe, expect, it } from 'vitest'
import { groupBy, ReimbursementIndex } from '../../../src/main/claims/finder-index'

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Line = { n: number; fnsku: string | null; sku: string; amazonOrderId: string | null; cat: string }
const CATS = ['WarehouseLost', 'WarehouseDamaged', 'CustomerReturn']

function lines(seed: number, count: number): Line[] {
  const r = rng(seed)
  const pick = (k: number) => Math.floor(r() * k)
  return Array.from({ length: count }, (_, n) => {
    const p = pick(12)
    return {
      n,
      fnsku: pick(4) === 0 ? null : `X${p}`,
      // SKUs are shared across FNSKUs now and then (a relabelled product).
      sku: `S${pick(5) === 0 ? pick(12) : p}`,
      amazonOrderId: pick(2) === 0 ? null : `O${pick(30)}`,
      cat: CATS[pick(3)]!
    }
  })
}

describe('claims finder indexes', () => {
  it.each([1, 2, 3, 4, 5])('forFnsku and forOrder equal the filters they replace (seed %i)', (seed) => {
    const all = lines(seed, 400)
    const index = new ReimbursementIndex(all, (l) => l.cat)
    for (const c of CATS) {
      for (let p = 0; p < 13; p++) {
        const fnsku = `X${p}`
        for (const skus of [new Set<string>(), new Set([`S${p}`]), new Set([`S${p}`, `S${(p + 3) % 12}`, 'S-none'])]) {
          const naive = all.filter((r) => r.cat === c && (r.fnsku ? r.fnsku === fnsku : skus.has(r.sku)))
          expect(index.forFnsku(fnsku, skus, c)).toEqual(naive)
        }
      }
      for (let o = 0; o < 31; o++) {
        const naive = all.filter((r) => r.amazonOrderId === `O${o}` && r.cat === c)
        expect(index.forOrder(`O${o}`, c)).toEqual(naive)
      }
    }
  })

  it('groupBy keeps input order per key and leaves out null keys', () => {
    const all = lines(9, 200)
    const g = groupBy(all, (l) => l.fnsku)
    for (const [k, list] of g) expect(list).toEqual(all.filter((l) => l.fnsku === k))
    expect([...g.values()].flat().length).toBe(all.filter((l) => l.fnsku !== null).length)
  })
})
