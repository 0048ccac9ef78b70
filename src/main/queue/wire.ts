/** Plugs the submission engine and the auto-submit job into the services (see extensions.ts). */
import type { SpApiFactory } from '../amazon/spapi/factory'
import type { Services } from '../services'
import { autoSubmitJob } from './auto-submit.job'
import { scaledTimings, SubmissionEngine, type EngineTimings } from './submission'

/**
 * SBO_QUEUE_LEASE_MS: the batch lease (default 120 s). Only honoured together with
 * SBO_SPAPI_BASE_URL (the emulator), like SBO_SPAPI_TIME_SCALE: tests shorten it to make a
 * network wait outlive a lease; a real install always uses the default.
 */
export function queueLeaseFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!env.SBO_SPAPI_BASE_URL || !env.SBO_QUEUE_LEASE_MS) return undefined
  const n = Number(env.SBO_QUEUE_LEASE_MS)
  return Number.isFinite(n) && n >= 200 ? n : undefined
}

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
