/**
 * The import's three ways through a file give the same result:
 * - streaming (a return's rows adjacent, the usual case), parsed on this thread;
 * - streaming with the rows parsed on a worker thread (large files; forced here for small ones);
 * - the staging fallback when a return's rows are not adjacent.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ImportSummary, RmaDetail } from '../../../src/shared/contract/rmas'
import { makeServices, tempDir, validStore } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const FIX = join(ROOT, 'test/fixtures/rmas')
const t = tempDir('sbo-rmas-paths-')
afterAll(() => t.cleanup())

const HEADER =
  'Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\tMerchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\tOrder Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\tSafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount'
const line = (
  i: number,
  rma = `R${String(i).padStart(9, '0')}`,
  sku = i % 7 === 0 ? 'KIT-PARENT' : `SKU-${i % 13}`,
  status = i % 10 === 9 ? 'Closed' : 'Approved'
) =>
  `${String(100 + (i % 50)).padStart(3, '0')}-${String(i % 400).padStart(7, '0')}-1234567\t10-Jul-2025\t14-Jul-2025\t${status}\t${rma}\t\tAmazonPrePaidLabel\t4.14\tUSD\tUPS\t1Z${i}\tSeller\tN\tN\tB0CXYZ1234\t${sku}\tMug ${i}\t${1 + (i % 3)}\tAMZ-PG-BAD-DESC\tY\tC-Returns\tStandardRefund\tINV-${i}\t\t${10 + (i % 50)}.25\t1\t\t\t\t\t\t${i % 4 === 0 ? '' : '9.99'}`

function dump(file: string, parallel: boolean) {
  const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(__dirname, 'import-dump.ts'), file, t.dir], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, SBO_RMA_PARALLEL_BYTES: parallel ? '1' : String(Number.MAX_SAFE_INTEGER) }
  })
  return JSON.parse(out) as {
    summary: ImportSummary & { error?: unknown }
    rmas: unknown[]
    items: { raw: string | null }[]
    notes: unknown[]
    history: unknown[]
    orders: unknown[]
  }
}

describe('RMA import paths', () => {
  it('parsing on a worker thread gives the same rows, summary and ids as parsing on the import thread', () => {
    // Multi-item returns (adjacent rows, one duplicated), kits, not-Approved rows, a rejected row, orders shared by several returns.
    const rows: string[] = [HEADER]
    for (let i = 0; i < 3000; i++) {
      rows.push(line(i))
      if (i % 11 === 0) rows.push(line(i, undefined, 'SPOON-2'))
      if (i % 97 === 0) rows.push(line(i))
      if (i % 500 === 0)
        rows.push(
          line(i)
            .replace('\t1Z', '\t1Z')
            .replace(/\t[123]\tAMZ/, '\ttwo\tAMZ')
        )
    }
    const file = join(t.dir, 'many.tsv')
    writeFileSync(file, rows.join('\n') + '\n')
    const a = dump(file, false)
    const b = dump(file, true)
    expect(a.summary.created).toBeGreaterThan(2000)
    expect(a.summary.rejectedCount).toBeGreaterThan(0)
    expect(a.summary.skipped.some((s) => s.code === 'duplicate_row')).toBe(true)
    expect(b).toEqual(a)
    // Several returns of one order share the minimal order this (first) import created for it.
    const created = a.rmas as { amazon_order_id: string }[]
    expect(a.orders).toHaveLength(new Set(created.map((r) => r.amazon_order_id)).size)
    expect(a.summary.ordersCreated).toBe(a.orders.length)
    expect(a.orders.length).toBeLessThan(created.length)
    // XML too (entities, CDATA, rejected items, multi-item returns).
    expect(dump(join(FIX, 'mfn-returns-multi.xml'), true)).toEqual(dump(join(FIX, 'mfn-returns-multi.xml'), false))
    // A file the parser refuses fails the same way (code, message with line and column, details), writing nothing.
    for (const bad of ['malformed.xml', 'dtd.xml']) {
      const w = dump(join(FIX, bad), true)
      expect(w).toEqual(dump(join(FIX, bad), false))
      expect(w.summary).toMatchObject({ error: { name: 'AppError', code: 'VALIDATION' } })
      expect(w.rmas).toEqual([])
    }
  })

  it('a return whose rows are not adjacent is imported as if they were (staging fallback)', async () => {
    const imp = async (text: string) => {
      const s = makeServices()
      try {
        const storeId = (await s.services.stores.create(validStore)).id
        const summary = await s.services.rmas.importReport({ storeId, source: Buffer.from(text), fileName: 'x.tsv', commit: true })
        const list = s.services.rmas.list({ storeId, page: 1, pageSize: 50, sortBy: 'id', sortDir: 'asc' } as never)
        const details = list.rows
          .map((r) => s.services.rmas.get(r.id))
          .map((d: RmaDetail) => ({
            rma: d.orderSourceRmaId,
            items: d.items.map((i) => [i.sku, i.quantity, i.sourceLine]),
            notes: d.notes.map((n) => n.body),
            history: d.history.map((h) => [h.event, h.detail])
          }))
        return { summary, details }
      } finally {
        s.close()
      }
    }
    const a1 = line(1, 'RMA-A', 'SKU-1')
    const b = line(2, 'RMA-B', 'SKU-2')
    const a2 = line(3, 'RMA-A', 'SKU-3').replace(/^\S+/, a1.split('\t')[0]!)
    const split = await imp([HEADER, a1, b, a2].join('\n'))
    expect(split.summary).toMatchObject({ created: 2, rows: 3, skippedCount: 0, committed: true })
    const rmaA = split.details.find((d) => d.rma === 'RMA-A')!
    expect(rmaA.items).toEqual([
      ['SKU-1', 2, 2],
      ['SKU-3', 1, 4]
    ])
    expect(rmaA.history).toEqual([['created', 'from x.tsv, line 2']])
    // Same RMAs as the file with the rows of RMA-A together (line numbers aside).
    const together = await imp([HEADER, a1, a2, b].join('\n'))
    expect(together.details.map((d) => [d.rma, d.items.map((i) => i.slice(0, 2))])).toEqual(
      split.details.map((d) => [d.rma, d.items.map((i) => i.slice(0, 2))])
    )
    // Re-importing the split file changes nothing.
  })

  it('rma_items.raw keeps the cells not stored in columns', async () => {
    const s = makeServices()
    try {
      const storeId = (await s.services.stores.create(validStore)).id
      await s.services.rmas.importReport({ storeId, source: join(FIX, 'mfn-returns.tsv'), fileName: 'mfn-returns.tsv', commit: true })
      const raws = s.services.sqlite.prepare('SELECT raw FROM rma_items ORDER BY id').pluck().all() as string[]
      expect(JSON.parse(raws[0]!)).toEqual({ 'A-to-Z Claim': 'N', 'Is prime': 'N', 'In policy': 'Y', 'Order quantity': '1' })
    } finally {
      s.close()
    }
  })
})
