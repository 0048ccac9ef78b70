/** Plugs the submission engine and the auto-submit job into the services (see extensions.ts). */
import type { SpApiFactory } from '../amazon/spapi/factory'
import type { Services } from '../services'
import { autoSubmitJob } from './auto-submit.job'
import { scaledTimings, SubmissionEngine, type EngineTimings } from './submission'

export function wireQueue(services: Services, spApi: Pick<SpApiFactory, 'forStore'>, opts: { timings?: Partial<EngineTimings>; leaseMs?: number } = {}): SubmissionEngine {
  const engine = new SubmissionEngine({
    sqlite: services.sqlite,
    clock: services.clock,
    log: services.log,
    events: services.events,
    leaseMs: opts.leaseMs,
    clientFor: async (storeId) => {
      const client = await spApi.forStore(storeId)
      return { client, marketplaceIds: client.marketplaceIds, timings: { ...scaledTimings(client.timeScale), ...opts.timings } }
    }
  })
  services.queue.attachEngine(engine)
  services.scheduler.register(autoSubmitJob({ queue: services.queue, stores: services.stores }))
  // Offline-first: batches wait with "waiting for network" and go out when it returns.
  services.events.onAny((name, payload) => {
    if (name === 'network.changed' && (payload as { online: boolean }).online) services.queue.kick()
  })
  return engine
}
