/** Handlers of the deadlines.* channels (spread into createHandlers). */
import type { FileStaging } from '../files'
import type { Handlers } from '../handler-types'
import type { OrderClaimsService } from '../orders/claims'
import type { StoresService } from '../stores/service'
import type { DeadlinesService } from './service'

type DeadlinesChannel = Extract<keyof Handlers, `deadlines.${string}`>

export function deadlineHandlers(s: {
  deadlines: DeadlinesService
  orderClaims: OrderClaimsService
  files: FileStaging
  stores: Pick<StoresService, 'getSettings'>
}): Pick<Handlers, DeadlinesChannel> {
  const importClaims = (input: { storeId: string; fileId: string; detailLimit: number }, commit: boolean) => {
    s.stores.getSettings(input.storeId) // NOT_FOUND for an unknown store
    const f = s.files.get(input.fileId)
    const run = () =>
      s.orderClaims.importCsv({ storeId: input.storeId, source: f.path, fileName: f.name, commit, detailLimit: input.detailLimit })
    return commit ? s.files.consume(input.fileId, run) : run()
  }
  return {
    'deadlines.importClaims': (input) => importClaims(input, true),
    'deadlines.previewClaimsImport': (input) => importClaims(input, false),
    // The claims finder's part is computed on a worker thread first (DeadlinesService.prepare).
    'deadlines.list': async (q) => {
      await s.deadlines.prepare(q.storeId)
      return s.deadlines.list(q)
    },
    'deadlines.counts': async (q) => {
      await s.deadlines.prepare(q.storeId)
      return s.deadlines.counts(q)
    },
    'deadlines.recordClaim': (input) => s.orderClaims.record(input),
    'deadlines.claims': (q) => s.orderClaims.list(q)
  }
}
