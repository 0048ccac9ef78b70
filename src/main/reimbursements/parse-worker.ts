/**
 * Worker thread entry: parses a reimbursements report file into chunks (rows.ts) and sends them
 * to the importing thread, hashing the bytes on the way. Protocol: parse-parallel.ts.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import { workerData } from 'node:worker_threads'
import { openReimbursementsReport } from '../amazon/reports/reimbursements'
import { channelSender } from '../worker-channel'
import { CHUNKS_PER_MESSAGE, MAX_AHEAD, type WorkerInput, type WorkerMessage } from './parse-parallel'
import { chunksOf, type Chunk } from './rows'

const input = workerData as WorkerInput
// Blocking while the importer catches up is fine: this thread has nothing else to do.
const send: (m: WorkerMessage) => void = channelSender(input, MAX_AHEAD)

async function main(): Promise<void> {
  const hash = createHash('sha256')
  // 64 KiB reads: the rows of one block are alive together while it is parsed, and with 1 MiB
  // blocks (~7,000 rows) every young-generation GC copied them (bench/: 1.2 s and 60 MB more).
  const bytes = createReadStream(input.file, { highWaterMark: 1 << 16 })
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk)
      cb(null, chunk)
    }
  })
  bytes.on('error', (e: Error) => hashing.destroy(e))
  const report = await openReimbursementsReport(bytes.pipe(hashing), input.hint)
  send({ t: 'open', encoding: report.encoding, header: report.header, headerLine: report.headerLine, hasReimbursementTime: report.hasReimbursementTime })
  let out: Chunk[] = []
  for await (const chunk of chunksOf(report.batches)) {
    out.push(chunk)
    if (out.length === CHUNKS_PER_MESSAGE) {
      send({ t: 'rows', b: JSON.stringify(out) })
      out = []
    }
  }
  if (out.length > 0) send({ t: 'rows', b: JSON.stringify(out) })
  send({ t: 'end', sha256: hash.digest('hex') })
}

main().catch((e: unknown) => {
  const err = e as { code?: string; message?: string; details?: unknown }
  send({ t: 'error', code: err.code ?? 'INTERNAL', message: err.message ?? String(e), details: err.details })
})
