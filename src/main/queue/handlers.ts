/** Handlers of the queue.* channels (spread into createHandlers). */
import { readFileSync } from 'node:fs'
import type { FileStaging } from '../files'
import type { Handlers } from '../handler-types'
import type { QueueService } from './service'

type QueueChannel = Extract<keyof Handlers, `queue.${string}`>

/** A report's text: UTF-8 (with or without BOM), else windows-1252 (Seller Central's flat files in NA/EU). */
function reportText(path: string): string {
  const bytes = readFileSync(path)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

export function queueHandlers(s: { queue: QueueService; files: FileStaging }): Pick<Handlers, QueueChannel> {
  return {
    'queue.list': (q) => s.queue.list(q),
    'queue.process': ({ kind, selection }) => s.queue.process(kind, selection),
    'queue.reject': ({ kind, selection, reason }) => s.queue.reject(kind, selection, reason),
    'queue.batches': (q) => s.queue.batches(q),
    'queue.batch': ({ id }) => s.queue.batch(id),
    'queue.retryFailed': ({ batchId }) => s.queue.retryFailed(batchId),
    'queue.resolveUncertain': ({ ids, outcome, note }) => s.queue.resolveUncertain(ids, outcome, note),
    'queue.adjustmentsFile': ({ batchId }) => s.queue.adjustmentsFile(batchId),
    'queue.importAdjustmentsReport': ({ batchId, fileId }) => {
      const f = s.files.get(fileId)
      return s.files.consume(fileId, () => s.queue.importAdjustmentsReport(batchId, reportText(f.path), f.name))
    },
    'queue.recordByHand': ({ batchId, entries, note }) => s.queue.recordByHand(batchId, entries, note)
  }
}
