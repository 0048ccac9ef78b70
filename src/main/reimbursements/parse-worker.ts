/**
 * Worker thread entry: parses a reimbursements report file into chunks (rows.ts) and sends them
 * to the importing thread, hashing the bytes on the way. Protocol: parse-parallel.ts.
 */
import { workerData } from 'node:worker_threads'
import { openReimbursementsReport } from '../amazon/reports/reimbursements'
import { channelSender, errorMessage } from '../worker-channel'
import { CHUNKS_PER_MESSAGE, MAX_AHEAD, type WorkerInput, type WorkerMessage } from './parse-parallel'
import { chunksOf, hashedBytes, type Chunk } from './rows'

const input = workerData as WorkerInput
// Blocking while the importer catches up is fine: this thread has nothing else to do.
const send: (m: WorkerMessage) => void = channelSender(input, MAX_AHEAD)

async function main(): Promise<void> {
  const bytes = hashedBytes(input.file)
  const report = await openReimbursementsReport(bytes.stream, input.hint)
  send({
    t: 'open',
    encoding: report.encoding,
    encodingEvidence: report.encodingEvidence,
    header: report.header,
    headerLine: report.headerLine,
    hasReimbursementTime: report.hasReimbursementTime
  })
  let out: Chunk[] = []
  for await (const chunk of chunksOf(report.batches)) {
    out.push(chunk)
    if (out.length === CHUNKS_PER_MESSAGE) {
      send({ t: 'rows', b: JSON.stringify(out) })
      out = []
    }
  }
  if (out.length > 0) send({ t: 'rows', b: JSON.stringify(out) })
  send({ t: 'end', sha256: bytes.sha256() })
}

main().catch((e: unknown) => send(errorMessage(e)))
