/**
 * Where later domains (SP-API client, emulator-backed demo store, schedulers) plug into the
 * services after they are built. Returns what must be started and stopped with the app.
 */
import type { Services } from './services'
import { createDemo } from './amazon/demo'
import { createSpApiFactory, endpointsFromEnv } from './amazon/spapi'
import { timeScaleFromEnv } from './amazon/spapi/endpoints'
import { registerRmaDownloadJob } from './rmas/download.job'
import { registerReimbursementSyncJob } from './reimbursements/sync.job'
import { queueLeaseFromEnv, wireQueue } from './queue/wire'
import { registerOrderSyncJob } from './orders/sync.job'
import { registerHoldNotifyJob } from './holds/notify.job'
import { registerOrderReportDownloadJob } from './orders/report-download.job'

export type Extensions = { start(): Promise<void>; stop(): Promise<void> }

export type ExtensionOptions = {
  /** Create the demo store on first start (host and Electron: yes; CLI: only with --demo). */
  demo?: boolean
}

export function wireExtensions(services: Services, opts: ExtensionOptions = {}): Extensions {
  // SP-API: endpoints from SBO_SPAPI_BASE_URL / SBO_LWA_TOKEN_URL, else Amazon's. Demo stores
  // talk to the in-process emulator, started on first use.
  const demo = createDemo(services)
  const endpoints = endpointsFromEnv()
  // Online means: the SP-API endpoint we talk to answers (any HTTP status).
  services.network.setProbeUrl(endpoints.spApiBaseUrl.NA)
  // Per store (the header badge): a demo store talks to the in-process emulator, a real one to
  // its region's endpoint.
  services.network.setStoreEndpoints(async (storeId) => {
    const store = await services.stores.get(storeId).catch(() => null)
    if (!store) return null
    return store.isDemo ? { kind: 'local' } : { kind: 'url', url: endpoints.spApiBaseUrl[store.region] }
  })
  const spApi = createSpApiFactory({
    stores: services.stores,
    endpoints,
    log: services.log,
    clock: services.clock,
    rateScale: timeScaleFromEnv(),
    demo: demo.backend
  })
  services.spApi = spApi
  services.testConnection = (storeId) => spApi.testConnection(storeId)

  // Periodic jobs (the scheduler runs them per store when their setting is on).
  registerRmaDownloadJob(services.scheduler, {
    clock: services.clock,
    stores: services.stores,
    jobs: services.jobs,
    rmas: services.rmas,
    clientFor: (storeId) => spApi.forStore(storeId)
  })
  registerReimbursementSyncJob(services.scheduler, { sqlite: services.sqlite, clock: services.clock, events: services.events, importer: services.reimbursements.importer, stores: services.stores, clientFor: (storeId) => spApi.forStore(storeId) })
  registerOrderSyncJob(services.scheduler, { db: services.db, clock: services.clock, events: services.events, orders: services.orders, jobs: services.jobs, stores: services.stores, clientFor: (storeId) => spApi.forStore(storeId) })
  registerHoldNotifyJob(services.scheduler, { holds: services.holds, events: services.events })
  registerOrderReportDownloadJob(services.scheduler, { clock: services.clock, stores: services.stores, importer: services.orderImport, clientFor: (storeId) => spApi.forStore(storeId) })
  // Refund/cancel queue: the feed submission engine and the 30-minute auto-submit job.
  const engine = wireQueue(services, spApi, { leaseMs: queueLeaseFromEnv() })
  return {
    start: async () => {
      if (opts.demo ?? true) {
        await demo.ensureDemoStore().catch((e: unknown) => services.log.warn('could not create the demo store', { error: e }))
      }
      // Jobs are registered by the domains above (services.scheduler.register); start ticking
      // and catch up on whatever fell due while the app was closed, asleep or offline.
      services.scheduler.start()
      // Resume batches a crash or a shutdown left half-way (never resubmitting: see queue/submission.ts).
      services.queue.kick()
    },
    stop: async () => {
      engine.stop()
      await services.scheduler.stop()
      await demo.stop()
    }
  }
}
