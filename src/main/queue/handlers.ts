/** Handlers of the queue.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { QueueService } from './service'

type QueueChannel = Extract<keyof Handlers, `queue.${string}`>

export function queueHandlers(s: { queue: QueueService }): Pick<Handlers, QueueChannel> {
  return {
    'queue.list': (q) => s.queue.list(q),
    'queue.process': ({ kind, selection }) => s.queue.process(kind, selection),
    'queue.reject': ({ kind, selection, reason }) => s.queue.reject(kind, selection, reason),
    'queue.batches': (q) => s.queue.batches(q),
    'queue.batch': ({ id }) => s.queue.batch(id),
    'queue.retryFailed': ({ batchId }) => s.queue.retryFailed(batchId),
    'queue.resolveUncertain': ({ ids, outcome, note }) => s.queue.resolveUncertain(ids, outcome, note)
  }
}
