/**
 * Worker thread entry: parses a returns report file (openReturnsReportSync) and sends the rows
 * to the importing thread in batches, so parsing runs on another core while the import writes.
 * Protocol and encoding: see returns-parallel.ts. Memory stays bounded: the worker waits while
 * more than MAX_AHEAD batches are unread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openReturnsReportSync } from './returns'
import { rawExtras, type ParsedReturn, type ReturnRow } from './returns-types'
import { channelSender, errorMessage } from '../../worker-channel'
import { BATCH_ROWS, MAX_AHEAD, type WorkerInput, type WorkerMessage } from './returns-parallel'

const input = workerData as WorkerInput
const send: (m: WorkerMessage) => void = channelSender(input, MAX_AHEAD)

const FORMATS = ['mfn-flat', 'mfn-xml', 'fba-customer-returns'] as const

/** One row as an array; `withRaw`: the row shares its RMA ID with a neighbour (the rules compare raw rows of a group). */
function encode(r: ReturnRow, withRaw: boolean): unknown[] {
  return [
    1,
    r.line,
    FORMATS.indexOf(r.format),
    r.orderId,
    r.orderDate,
    r.amazonRmaId,
    r.merchantRmaId,
    r.status,
    r.requestDate,
    r.sku,
    r.asin,
    r.itemName,
    r.quantity,
    r.reason,
    r.trackingId,
    r.carrier,
    r.labelType,
    r.labelPaidBy,
    r.returnType,
    r.resolution,
    r.returnless,
    r.inPolicy,
    r.isPrime,
    r.aToZClaim,
    r.labelCost,
    r.orderAmount,
    r.refundedAmount,
    r.fba,
    withRaw ? r.raw : null,
    rawExtras(r.raw),
    r.refundAmount ?? null,
    r.column ?? null
  ]
}

function main(): void {
  const report = openReturnsReportSync(input.file, input.hint)
  send({ t: 'open', format: report.format, encoding: report.encoding, encodingEvidence: report.encodingEvidence })
  let batch: unknown[] = []
  const flush = () => {
    if (batch.length === 0) return
    send({ t: 'rows', b: JSON.stringify(batch) })
    batch = []
  }
  // One row of lookahead: a row goes out once we know whether its neighbours share its RMA ID.
  let prev: ReturnRow | null = null
  let prevShared = false
  let lastRmaId: string | null = null
  const out = (r: ReturnRow, shared: boolean) => {
    batch.push(encode(r, shared))
    if (batch.length >= BATCH_ROWS) flush()
  }
  for (const item of report.rows as Generator<ParsedReturn>) {
    if (item.kind === 'rejected') {
      // Rejections keep their place in file order; the row before goes out with its raw cells
      // (whether the next row shares its RMA ID is not known yet).
      if (prev) out(prev, true)
      prev = null
      batch.push([0, item.line, item.reason])
      continue
    }
    const r = item.row
    const same = r.amazonRmaId !== null && lastRmaId === r.amazonRmaId
    if (prev) out(prev, prevShared || same)
    prev = r
    prevShared = same
    lastRmaId = r.amazonRmaId
  }
  if (prev) out(prev, prevShared)
  flush()
  send({ t: 'end' })
}

try {
  main()
} catch (e) {
  send(errorMessage(e))
}
void parentPort
