/**
 * Parsing a large reimbursements report on a worker thread while the import writes: parsing is
 * about a third of a million-row import, and on a second core it runs alongside the inserts.
 *
 * The worker (parse-worker.ts) runs the same parser and chunking (rows.ts) and also hashes the
 * file's bytes; it sends ten chunks per message as one JSON string (JSON.parse is several times
 * faster than structured clone for arrays of small values) and waits while more than MAX_AHEAD
 * messages are unread, so memory stays bounded. Errors come back as the parser's AppError.
 *
 * Null when no worker can run here or it did not answer in time: the caller parses itself
 * (same chunks, same result).
 */
import type { Encoding } from '../amazon/reports/tabular'
import { AppError } from '../errors'
import { startWorker, type ChannelEnds, type WorkerErrorMessage } from '../worker-channel'
import { workerFile } from '../worker-file'
import type { Chunk } from './rows'

export const CHUNKS_PER_MESSAGE = 10
export const MAX_AHEAD = 16

export type Hint = { file?: string; charset?: string | null; japanese?: boolean }
export type WorkerInput = { file: string; hint: Hint } & ChannelEnds
export type ReportHead = {
  encoding: Encoding
  encodingEvidence?: string
  header: string[]
  headerLine: number
  hasReimbursementTime: boolean
}
export type WorkerMessage = ({ t: 'open' } & ReportHead) | { t: 'rows'; b: string } | { t: 'end'; sha256: string } | WorkerErrorMessage

export type ParallelReport = ReportHead & {
  chunks: AsyncGenerator<Chunk>
  /** Milliseconds the reader spent waiting for the worker (bench/ figures). */
  waitedMs(): number
  /** The file's SHA-256, once `chunks` is done. */
  sha256(): string
  close(): void
}

export async function openReimbursementsInWorker(file: string, hint: Hint, startMs = 5000): Promise<ParallelReport | null> {
  const wf = workerFile('parse-worker', __dirname)
  if (!wf) return null
  // Heap limits: the parser keeps little alive; a default-sized young generation added ~100 MB
  // to a million-row import's peak memory, a smaller one costs time in GC (bench/: 32 MB).
  // Not unref'd: a pending Atomics.waitAsync does not keep the event loop alive, the worker does
  // (until close(), which every path through the import reaches).
  const w = startWorker<WorkerMessage>(
    wf,
    { file, hint },
    { resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 128 } }
  )
  if (!w) return null
  const { close, fail } = w
  // A worker that could not load or crashed: seen as silence before 'open', an error after.
  const take = (timeoutMs: number) => w.reader.take(timeoutMs, w.dead)
  const first = await take(startMs)
  if (!first || (first.t !== 'open' && first.t !== 'error')) {
    close()
    return null
  }
  if (first.t === 'error') fail(first)
  const head = first as Extract<WorkerMessage, { t: 'open' }>
  let sha256: string | null = null
  async function* chunks(): AsyncGenerator<Chunk> {
    try {
      for (;;) {
        const m = await take(120_000)
        if (!m) throw new AppError('INTERNAL', 'The reimbursements report parser stopped answering')
        if (m.t === 'end') {
          sha256 = m.sha256
          return
        }
        if (m.t === 'error') fail(m)
        if (m.t === 'rows') yield* JSON.parse(m.b) as Chunk[]
      }
    } finally {
      close()
    }
  }
  return {
    encoding: head.encoding,
    encodingEvidence: head.encodingEvidence,
    header: head.header,
    headerLine: head.headerLine,
    hasReimbursementTime: head.hasReimbursementTime,
    chunks: chunks(),
    waitedMs: () => Math.round(w.reader.waitedMs),
    sha256: () => {
      if (sha256 === null) throw new Error('sha256 before the end of the report')
      return sha256
    },
    close
  }
}
