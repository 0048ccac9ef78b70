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
import { Worker } from 'node:worker_threads'
import type { ErrorCode } from '../../shared/errors'
import type { Encoding } from '../amazon/reports/tabular'
import { AppError } from '../errors'
import { ChannelReader, type ChannelEnds } from '../worker-channel'
import { workerFile } from '../worker-file'
import type { Chunk } from './rows'

export const CHUNKS_PER_MESSAGE = 10
export const MAX_AHEAD = 16

export type Hint = { file?: string; charset?: string | null; japanese?: boolean }
export type WorkerInput = { file: string; hint: Hint } & ChannelEnds
export type ReportHead = { encoding: Encoding; header: string[]; headerLine: number; hasReimbursementTime: boolean }
export type WorkerMessage =
  | ({ t: 'open' } & ReportHead)
  | { t: 'rows'; b: string }
  | { t: 'end'; sha256: string }
  | { t: 'error'; code: string; message: string; details: unknown }

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
  const channel = new ChannelReader<WorkerMessage>()
  let worker: Worker
  try {
    // Heap limits: the parser keeps little alive; a default-sized young generation added ~100 MB
    // to a million-row import's peak memory, a smaller one costs time in GC (bench/: 32 MB).
    worker = new Worker(wf, {
      workerData: { file, hint, ...channel.ends } satisfies WorkerInput,
      transferList: [channel.ends.port],
      resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 128 }
    })
  } catch {
    channel.close()
    return null
  }
  // Not unref'd: a pending Atomics.waitAsync does not keep the event loop alive, the worker does
  // (until close(), which every path through the import reaches).
  // A worker that could not load or crashed: seen as silence before 'open', an error after.
  let dead = false
  worker.on('error', () => (dead = true))
  worker.on('exit', () => (dead = true))
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    channel.close()
    void worker.terminate()
  }
  const take = (timeoutMs: number) => channel.take(timeoutMs, () => dead)
  const fail = (m: Extract<WorkerMessage, { t: 'error' }>): never => {
    close()
    throw new AppError(m.code as ErrorCode, m.message, m.details)
  }
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
    header: head.header,
    headerLine: head.headerLine,
    hasReimbursementTime: head.hasReimbursementTime,
    chunks: chunks(),
    waitedMs: () => Math.round(channel.waitedMs),
    sha256: () => {
      if (sha256 === null) throw new Error('sha256 before the end of the report')
      return sha256
    },
    close
  }
}
