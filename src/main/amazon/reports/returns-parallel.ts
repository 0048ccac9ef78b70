/**
 * Parsing a large returns report on a worker thread while the importing thread writes.
 *
 * The import reads rows inside one synchronous SQLite transaction, so it can't await: it takes
 * the worker's batches with receiveMessageOnPort and sleeps with Atomics.wait on a shared
 * counter until the next batch is there (worker-channel.ts). The worker (returns-worker.ts) runs the same parser
 * (openReturnsReportSync) and sends rows as JSON arrays; a row's raw cells are sent only when a
 * neighbouring row has the same RMA ID (the rules compare the raw rows of a group), its
 * rma_items.raw extract (rawExtras) always.
 *
 * Used when a worker can be started: the built worker file next to this bundle
 * (out/main/returns-worker.js), or the TypeScript source when running under tsx. Otherwise, or
 * if the worker does not answer, the caller parses on its own thread (same rows, same result).
 */
import { AppError } from '../../errors'
import { startWorker, type ChannelEnds, type WorkerErrorMessage } from '../../worker-channel'
import { workerFile } from '../../worker-file'
import type { ParsedReturn, ReturnReportFormat, ReturnRow } from './returns-types'

export const BATCH_ROWS = 500
/** Batches the worker may be ahead of the reader (bounds memory). */
export const MAX_AHEAD = 32

export type WorkerInput = { file: string; hint: { charset?: string | null; file?: string } } & ChannelEnds
export type WorkerMessage =
  | { t: 'open'; format: ReturnReportFormat; encoding: string; encodingEvidence: string }
  | { t: 'rows'; b: string }
  | { t: 'end' }
  | WorkerErrorMessage

const FORMATS = ['mfn-flat', 'mfn-xml', 'fba-customer-returns'] as const

/** rma_items.raw extracts of rows that came from the worker, by their raw object. */
const extras = new WeakMap<object, string | null>()

/** The rawExtras of a row parsed by the worker, or undefined for a row parsed here. */
export function extrasFromWorker(raw: Record<string, string>): string | null | undefined {
  return extras.get(raw)
}

function decode(e: unknown[]): ParsedReturn {
  if (e[0] === 0) return { kind: 'rejected', line: e[1] as number, reason: e[2] as string }
  const raw = (e[28] as Record<string, string> | null) ?? {}
  extras.set(raw, e[29] as string | null)
  const row: ReturnRow = {
    format: FORMATS[e[2] as number]!,
    line: e[1] as number,
    orderId: e[3] as string,
    orderDate: e[4] as string | null,
    amazonRmaId: e[5] as string | null,
    merchantRmaId: e[6] as string | null,
    status: e[7] as string,
    requestDate: e[8] as string | null,
    sku: e[9] as string,
    asin: e[10] as string | null,
    itemName: e[11] as string | null,
    quantity: e[12] as number,
    reason: e[13] as string | null,
    trackingId: e[14] as string | null,
    carrier: e[15] as string | null,
    labelType: e[16] as string | null,
    labelPaidBy: e[17] as string | null,
    returnType: e[18] as string | null,
    resolution: e[19] as string | null,
    returnless: e[20] as boolean,
    inPolicy: e[21] as boolean | null,
    isPrime: e[22] as boolean | null,
    aToZClaim: e[23] as boolean | null,
    labelCost: e[24] as ReturnRow['labelCost'],
    orderAmount: e[25] as ReturnRow['orderAmount'],
    refundedAmount: e[26] as ReturnRow['refundedAmount'],
    fba: e[27] as ReturnRow['fba'],
    raw,
    ...(e[30] != null ? { refundAmount: e[30] as ReturnRow['refundAmount'] } : {}),
    ...(e[31] != null ? { column: e[31] as number } : {})
  }
  return { kind: 'row', row }
}

export type WorkerReport = {
  format: ReturnReportFormat
  encoding: string
  encodingEvidence: string
  rows: Generator<ParsedReturn>
  close(): void
}

/**
 * Starts parsing `file` on a worker thread. Null when no worker can run here or it did not
 * answer within `startMs` (the caller then parses itself). A parse error is thrown from `rows`
 * (or from here for the file's first bytes) as the same AppError the parser throws.
 */
export function openReturnsReportInWorker(
  file: string,
  hint: { charset?: string | null; file?: string },
  startMs = 5000
): WorkerReport | null {
  const wf = workerFile('returns-worker', __dirname)
  if (!wf) return null
  // Errors surface as messages; a worker that could not load is seen as silence.
  const w = startWorker<WorkerMessage>(wf, { file, hint }, { unref: true })
  if (!w) return null
  const { close, fail } = w
  const take = (timeoutMs: number) => w.reader.takeSync(timeoutMs)
  const first = take(startMs)
  if (!first) {
    close()
    return null
  }
  if (first.t === 'error') fail(first)
  if (first.t !== 'open') {
    close()
    return null
  }
  function* rows(): Generator<ParsedReturn> {
    try {
      for (;;) {
        const m = take(120_000)
        if (!m) throw new AppError('INTERNAL', 'The returns report parser stopped answering')
        if (m.t === 'end') return
        if (m.t === 'error') fail(m)
        if (m.t === 'rows') for (const e of JSON.parse(m.b) as unknown[][]) yield decode(e)
      }
    } finally {
      close()
    }
  }
  return { format: first.format, encoding: first.encoding, encodingEvidence: first.encodingEvidence, rows: rows(), close }
}
