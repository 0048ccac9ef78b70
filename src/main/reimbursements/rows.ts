/**
 * The import's row form, shared by the importing thread and the parser worker: one report line
 * as a flat tuple in the order the INSERT binds it, and chunks of INSERT_BATCH tuples. Flat
 * arrays cross threads as one JSON string per message and go to SQLite without reshaping.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import type { ParsedRow, ReimbursementRecord } from '../amazon/reports/reimbursements'
import { lineKey } from './rules'

/** Columns compared to decide "changed" (the line key covers sku, fnsku, reason, order id, original id). */
export const COMPARED = [
  ['approved_at', 'approvedAt'],
  ['reimbursed_at', 'reimbursedAt'],
  ['time_from_approval', 'timeFromApproval'],
  ['case_id', 'caseId'],
  ['reason_category', 'reasonCategory'],
  ['asin', 'asin'],
  ['product_name', 'productName'],
  ['condition', 'condition'],
  ['currency', 'currency'],
  ['amount_per_unit_minor', 'amountPerUnitMinor'],
  ['amount_total_minor', 'amountTotalMinor'],
  ['quantity_cash', 'quantityCash'],
  ['quantity_inventory', 'quantityInventory'],
  ['quantity_total', 'quantityTotal'],
  ['original_reimbursement_type', 'originalReimbursementType']
] as const
export type Compared = (typeof COMPARED)[number][1]

export type Cell = string | number | null

/** Tuple layout: reimbursement id, line key, the COMPARED values (as stored), then these. */
export const T = {
  id: 0,
  key: 1,
  compared: 2,
  reimbursedAt: 3,
  timeFromApproval: 4,
  reasonCategory: 6,
  currency: 10,
  amountTotal: 12,
  order: 2 + COMPARED.length,
  reason: 3 + COMPARED.length,
  sku: 4 + COMPARED.length,
  fnsku: 5 + COMPARED.length,
  originalId: 6 + COMPARED.length,
  line: 7 + COMPARED.length,
  raw: 8 + COMPARED.length
} as const
export const ROW_WIDTH = 9 + COMPARED.length
export const INSERT_BATCH = 100

/**
 * Appends a row's tuple. Written out field by field (a loop over COMPARED with dynamic keys costs
 * a tenth of a second per million rows); test/unit/reimbursements/rows.test.ts checks the order
 * against COMPARED and T. Booleans are stored as 0/1, as SQLite returns them.
 */
export function pushTuple(out: Cell[], r: ReimbursementRecord): void {
  out.push(
    r.reimbursementId,
    lineKey(r),
    r.approvedAt,
    r.reimbursedAt,
    r.timeFromApproval ? 1 : 0,
    r.caseId,
    r.reasonCategory,
    r.asin,
    r.productName,
    r.condition,
    r.currency,
    r.amountPerUnitMinor,
    r.amountTotalMinor,
    r.quantityCash,
    r.quantityInventory,
    r.quantityTotal,
    r.originalReimbursementType,
    r.amazonOrderId,
    r.reason,
    r.sku,
    r.fnsku,
    r.originalReimbursementId,
    r.line,
    r.raw
  )
}

/** Up to INSERT_BATCH rows (exactly that many except at the end), and the lines rejected among or before them. */
export type Chunk = { rows: Cell[]; n: number; rejected: [number, string][] }

/** Groups parsed rows into chunks, in file order. */
export async function* chunksOf(batches: AsyncIterable<ParsedRow[]>): AsyncGenerator<Chunk> {
  let chunk: Chunk = { rows: [], n: 0, rejected: [] }
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.kind === 'rejected') chunk.rejected.push([item.line, item.reason])
      else {
        pushTuple(chunk.rows, item.row)
        chunk.n++
      }
      if (chunk.n === INSERT_BATCH || chunk.rejected.length >= 4 * INSERT_BATCH) {
        yield chunk
        chunk = { rows: [], n: 0, rejected: [] }
      }
    }
  }
  if (chunk.n > 0 || chunk.rejected.length > 0) yield chunk
}

/**
 * A report's bytes (a file, read in 64 KiB blocks, or a stream) hashed as they are read; the
 * SHA-256 is complete once the parser has read everything. 64 KiB: the rows of one block are
 * alive together while it is parsed, and with 1 MiB blocks (~7,000 rows) every young-generation
 * GC copied them (bench/: 1.2 s and 60 MB more on a million rows).
 */
export function hashedBytes(source: string | Readable): { stream: Readable; sha256(): string; destroy(): void } {
  const hash = createHash('sha256')
  const bytes = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 16 }) : source
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk)
      cb(null, chunk)
    }
  })
  bytes.on('error', (e: Error) => hashing.destroy(e))
  return { stream: bytes.pipe(hashing), sha256: () => hash.digest('hex'), destroy: () => bytes.destroy() }
}
