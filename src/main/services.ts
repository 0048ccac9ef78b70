/**
 * The composition root: the one place that builds every service, through constructors, in
 * dependency order (no setters after construction). Electron (index.ts), the browser-mode host
 * and the CLI (bootstrap.ts) all call this, so they run the same code on the same database.
 *
 * Order: platform (clock, log, events, database, files, jobs) → SP-API (when configured) →
 * stores → orders → queue (with its submission engine) → order actions → RMAs → reimbursements →
 * holds → claims and deadlines (one DeadlineSource per domain) → backups → the team client → the periodic jobs. `start()` starts what runs by itself (scheduler, network
 * probe, the queue's resume); `close()` stops it and closes the database.
 */
import { dirname, join } from 'node:path'
import { ORDERS_V0_REMOVAL } from './amazon/spapi/orders-version'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { AppInfo } from '../shared/contract'
import { createDemo } from './amazon/demo'
import { demoSettings, seedDemoAudit, seedDemoCases, seedDemoQueue } from './demo-seed'
import { createSpApiFactory, type SpApiFactory, type SpApiFactoryOptions } from './amazon/spapi/factory'
import { deprecationWarnings, describeWarning } from './amazon/spapi/deprecations'
import type { Endpoints } from './amazon/spapi/endpoints'
import { AuditsService } from './audits/service'
import { BackupService } from './backups/service'
import { claimDeadlineSource } from './claims/deadlines'
import { registerClaimsDownloadJob } from './claims/download.job'
import { ClaimsService } from './claims/service'
import { CasesService } from './cases/service'
import type { Clock } from './clock'
import { systemClock } from './clock'
import { openDatabase, type OpenedDb } from './db/client'
import { EventBus } from './events'
import { settlementDownloadJob } from './finances/download.job'
import { SettlementsService } from './finances/service'
import { defaultStagingRoot, FileStaging } from './files'
import { deadlineNotifyJob } from './deadlines/notify.job'
import { DeadlinesService } from './deadlines/service'
import { registerHoldNotifyJob } from './holds/notify.job'
import { HoldsService } from './holds/service'
import { JobRunsService } from './jobs/runs'
import { Scheduler } from './jobs/scheduler'
import type { Logger } from './log'
import { createLogger } from './log'
import { NetworkMonitor } from './network'
import { OrderActionsService } from './orders/actions'
import { OrderClaimsService } from './orders/claims'
import { orderDeadlineSource } from './orders/deadlines'
import { OrderImportService } from './orders/import'
import { registerOrderReportDownloadJob } from './orders/report-download.job'
import { OrdersService } from './orders/service'
import { registerOrderSyncJob } from './orders/sync.job'
import { autoSubmitJob } from './queue/auto-submit.job'
import { QueueService } from './queue/service'
import { scaledTimings, SubmissionEngine, type EngineTimings } from './queue/submission'
import { ReimbursementsService } from './reimbursements/service'
import { CatalogService } from './reimbursements/catalog'
import { catalogJob } from './reimbursements/catalog.job'
import { ImportsService } from './imports/service'
import { registerReimbursementSyncJob } from './reimbursements/sync.job'
import { aToZFlaggedOrders, rmaDeadlineSource } from './rmas/deadlines'
import { registerRmaDownloadJob } from './rmas/download.job'
import { KitsService } from './rmas/kits'
import { RmasService, type ProductCatalog } from './rmas/service'
import type { Vault } from './secrets/vault'
import { StoresService } from './stores/service'
import { TeamClient } from './team/client/service'
import { UpdatesService, type UpdateFeed } from './updates/service'

/** How the app talks to Amazon (or the emulator). Absent: no SP-API at all (unit and file-only tests). */
export type SpApiSettings = {
  endpoints: Endpoints
  /** Emulator speed-up (SBO_SPAPI_TIME_SCALE): the published rates and the queue's timings scale with it. */
  rateScale?: number
  retry?: SpApiFactoryOptions['retry']
  sleep?: SpApiFactoryOptions['sleep']
  /** The refund/cancel queue's submission engine: timings (tests shorten them) and batch lease. */
  queue?: { timings?: Partial<EngineTimings>; leaseMs?: number }
  /** Create the demo store (backed by the in-process emulator) at the first start(). */
  demoStore?: boolean
  /** The Orders API (SBO_ORDERS_API_VERSION): 2026-01-01 by default, v0 until Amazon removes it. */
  ordersApiVersion?: SpApiFactoryOptions['ordersApiVersion']
}

export type ServicesOptions = {
  dbFile: string
  migrationsFolder: string
  vault: Vault
  mode: 'desktop' | 'browser' | 'cli'
  version?: string
  clock?: Clock
  log?: Logger
  /** The watched folder's debounce and rescan period (tests shorten them; imports/service.ts). */
  watch?: { stableMs?: number; scanMs?: number }
  /** Where uploaded/picked files are staged before import (default: a per-process temp dir). */
  stagingDir?: string
  spApi?: SpApiSettings
  /**
   * The entry point's way to restart on a restored backup (it must close the database first):
   * browser-mode host and Electron give one; without it, restore is offered through the CLI only.
   */
  onRestore?: (backupFile: string) => void
  /** The release feed (electron-updater), given by the packaged desktop app only (updates/). */
  updateFeed?: UpdateFeed
  /** Desktop only: opens a file with the system's app (Electron's shell.openPath); cases' evidence. */
  openPath?: (path: string) => Promise<string>
}

export type Services = ReturnType<typeof createServices>

export function createServices(opts: ServicesOptions) {
  // Platform.
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? createLogger()
  const events = new EventBus()
  const opened: OpenedDb = openDatabase(opts.dbFile, { migrationsFolder: opts.migrationsFolder, log })
  const { db } = opened
  // Per OS user, 0700, one folder per process inside (see files.ts).
  const files = new FileStaging(opts.stagingDir ?? defaultStagingRoot())
  const jobs = new JobRunsService({ db, clock, events })
  const stores = new StoresService({ db, vault: opts.vault, clock, events, log })
  const scheduler = new Scheduler({
    clock,
    runs: jobs,
    log,
    storeIds: () => stores.ids(),
    emitProgress: (p) => events.emit('job.progress', p)
  })

  // SP-API: one client per store; demo stores talk to the in-process emulator, started on first use.
  const demo = createDemo({ db, stores, clock, log })
  // What each store's client calls, for the deprecation check (deprecations.ts): written at most
  // once an hour per store and operation, and never in the way of the call itself.
  const operationWritten = new Map<string, number>()
  const recordOperation = (storeId: string, operation: string) => {
    const key = `${storeId}\u0000${operation}`
    const now = clock.now()
    if (now.getTime() - (operationWritten.get(key) ?? -Infinity) < 3600_000) return
    operationWritten.set(key, now.getTime())
    try {
      stores.recordOperation(storeId, operation, now.toISOString())
    } catch (e) {
      log.warn('could not record an SP-API operation', { operation, error: e })
    }
  }
  /**
   * Operations a store is configured to use, whether or not called yet: with the Orders API switch
   * on v0 (SBO_ORDERS_API_VERSION), every store with SP-API access uses v0's order operations.
   */
  const configuredOperations = (_storeId: string): string[] =>
    opts.spApi?.ordersApiVersion === 'v0' ? [...ORDERS_V0_REMOVAL.operations] : []
  const spApi: SpApiFactory | null = opts.spApi
    ? createSpApiFactory({
        onOperation: recordOperation,
        stores,
        endpoints: opts.spApi.endpoints,
        log,
        clock,
        rateScale: opts.spApi.rateScale,
        retry: opts.spApi.retry,
        sleep: opts.spApi.sleep,
        ordersApiVersion: opts.spApi.ordersApiVersion,
        demo: demo.backend
      })
    : null
  const spApiSettings = opts.spApi
  // Online means: the SP-API endpoint a store talks to answers (any HTTP status).
  const network = new NetworkMonitor({
    probeUrl: spApiSettings ? spApiSettings.endpoints.spApiBaseUrl.NA : null,
    clock,
    events,
    endpointFor: async (storeId) => {
      const store = await stores.get(storeId).catch(() => null)
      if (!store || !spApiSettings) return null
      return store.isDemo ? { kind: 'local' } : { kind: 'url', url: spApiSettings.endpoints.spApiBaseUrl[store.region] }
    },
    apiStoreIds: () => stores.ids().filter((id) => !stores.fileOnly(id))
  })

  // Domains.
  const orders = new OrdersService({ db, clock })
  const engine = spApi
    ? new SubmissionEngine({
        db,
        clock,
        log,
        events,
        orders,
        stores,
        leaseMs: spApiSettings?.queue?.leaseMs,
        clientFor: async (storeId) => {
          const client = await spApi.forStore(storeId)
          return {
            client,
            marketplaceIds: client.marketplaceIds,
            timings: { ...scaledTimings(client.timeScale), ...spApiSettings?.queue?.timings }
          }
        }
      })
    : null
  const queue = new QueueService({ db, clock, events, log, stores, orders, engine })
  const orderActions = new OrderActionsService({ db, clock, events, stores, orders, queue })
  const orderImport = new OrderImportService({ db, clock, events, log, stores, orders, files })
  const rmas = new RmasService({
    db,
    clock,
    events,
    log,
    stores,
    orders,
    queue,
    files,
    jobs,
    refunder: {
      refund: (input, inTx) => orderActions.refund(input, { source: 'rma', ...inTx }),
      entriesForRma: (id) => queue.entriesForRma(id)
    },
    // The catalog belongs to reimbursements, built next (it reads RMAs): asked only when a code is
    // scanned or a page of RMAs is read, long after construction.
    catalog: {
      skusForCode: (code, storeId): ReturnType<ProductCatalog['skusForCode']> => reimbursements.skusForCode(code, storeId),
      productsFor: (keys): ReturnType<ProductCatalog['productsFor']> => catalog.productsFor(keys)
    }
  })
  const kits = new KitsService({ db, clock, events })
  const reimbursements: ReimbursementsService = new ReimbursementsService({
    db,
    clock,
    events,
    log,
    files,
    jobs,
    stores,
    orders,
    queue,
    rmas
  })
  const settlements = new SettlementsService({ db, clock, events, files, jobs, stores })
  // Claims read reimbursements and FBA customer returns through their owners' services. The
  // settlement import's refunds are not a refund source yet (its lines are per order, without quantities).
  const claims = new ClaimsService({ db, clock, events, files, jobs, stores, reimbursements, rmas, dbFile: opened.file, log })
  // The product catalog (All Listings report, Catalog Items API): the products table, owned by reimbursements.
  const catalog = new CatalogService({ db, clock, events, files, jobs, stores })
  // Cases (#16): findings through the claims service (a port: cases/ stands beside claims/), the
  // matcher run after every reimbursements commit (import and sync both emit data.changed).
  const cases = new CasesService({
    db,
    clock,
    events,
    log,
    files,
    stores,
    findings: (storeId) => claims.findingsAt(storeId, clock.now()),
    reimbursements,
    rmas,
    evidenceDir: join(dirname(opts.dbFile), 'case-evidence'),
    ...(opts.openPath ? { openPath: opts.openPath } : {})
  })
  const offCaseMatching = events.onAny((name, payload) => {
    if (name !== 'data.changed' || !(payload as { domains: string[] }).domains.includes('reimbursements')) return
    try {
      cases.match()
    } catch (e) {
      log.warn('could not match reimbursements to cases', { error: e })
    }
  })
  // Audits read reimbursements and the claims domain's manufacturing costs through their owners.
  const audits = new AuditsService({ db, clock, events, files, stores, reimbursements, costs: claims })
  const holds = new HoldsService({ db, clock, events, log, stores, orders, queue, orderActions })
  const orderClaims = new OrderClaimsService({ db, clock, orders })
  const storeMarketplace = (storeId: string): string | null => {
    try {
      return stores.basics(storeId).marketplaceIds[0] ?? null
    } catch {
      return null
    }
  }
  // Deadlines: one source per domain that runs a clock against the seller (orders, RMAs, the claims
  // finder's windows); a new domain plugs in with one more line here.
  const deadlines = new DeadlinesService({
    db,
    clock,
    log,
    storeNames: () => stores.names(),
    sources: [
      orderDeadlineSource({ db, claims: orderClaims, storeMarketplace }),
      rmaDeadlineSource({ db, orders, storeMarketplace }),
      claimDeadlineSource(claims)
    ],
    inferredClaims: { flagged: (storeId) => aToZFlaggedOrders(db, storeId), record: (flags) => orderClaims.recordInferred(flags) }
  })
  const backups = new BackupService({ dbFile: opened.file, migrationsFolder: opts.migrationsFolder, clock, log, onRestore: opts.onRestore })
  // The watched folder: a recognised file goes through its domain's import, as from the screen,
  // after a verified backup — at most one per 10 minutes (a downloads folder full of old reports
  // would otherwise take one per file); the Adjustments processing report needs its batch, chosen by a person.
  let folderBackupAt = -Infinity
  const importOf =
    (run: (input: { storeId: string; fileId: string; detailLimit: number }) => Promise<object>) =>
    async (storeId: string, fileId: string) => {
      if (Date.now() - folderBackupAt > 10 * 60_000) {
        await backups.beforeImport()
        folderBackupAt = Date.now()
      }
      return run({ storeId, fileId, detailLimit: 20 })
    }
  const imports = new ImportsService({
    db,
    clock,
    events,
    log,
    files,
    storeIds: () => stores.ids(),
    stableMs: opts.watch?.stableMs,
    scanMs: opts.watch?.scanMs,
    importers: {
      reimbursements: importOf((i) => reimbursements.importFile(i, true)),
      returns: importOf((i) => rmas.importFile(i, true)),
      ledger: importOf((i) => claims.importFile(i, true)),
      removalOrders: importOf((i) => claims.importReportFile(i, true)),
      removalShipments: importOf((i) => claims.importReportFile(i, true)),
      replacements: importOf((i) => claims.importReportFile(i, true)),
      settlement: importOf((i) => settlements.importFile(i, true)),
      orders: importOf((i) => orderImport.importFile(i, true)),
      listings: importOf((i) => catalog.importFile(i, true)),
      adjustmentsReport: {
        byHand: 'an Adjustments processing report closes one upload batch: import it from that batch on the Queue screen'
      }
    }
  })
  // Team mode: the connection, outbox and local copy. It only reads its own tables until the user
  // connects; start() syncs in the background only when a team connection exists (single-seat:
  // nothing runs, nothing changes).
  const team = new TeamClient({ db, clock, vault: opts.vault, log, events, filesDir: join(dirname(opts.dbFile), 'team-outbox-files') })

  // Periodic jobs: the scheduler runs each per store when its setting is on.
  scheduler.register(backups.dailyJob())
  registerHoldNotifyJob(scheduler, { holds, events })
  scheduler.register(deadlineNotifyJob({ deadlines, events }))
  if (spApi) {
    const clientFor = (storeId: string) => spApi.forStore(storeId)
    registerRmaDownloadJob(scheduler, { clock, stores, jobs, rmas, clientFor })
    registerReimbursementSyncJob(scheduler, { db, clock, events, importer: reimbursements.importer, stores, clientFor })
    registerOrderSyncJob(scheduler, { db, clock, events, orders, jobs, stores, clientFor })
    registerOrderReportDownloadJob(scheduler, { clock, stores, importer: orderImport, clientFor })
    registerClaimsDownloadJob(scheduler, { clock, stores, jobs, claims, rmas, clientFor })
    scheduler.register(autoSubmitJob({ queue, stores }))
    scheduler.register(settlementDownloadJob({ clock, jobs, settlements, clientFor }))
    scheduler.register(catalogJob({ stores, catalog, clientFor }))
  }
  /** SP-API operations a store still uses within 90 days of their removal (status line, start-up log). */
  const deprecations = () => {
    const used = stores.operationsUsed()
    const names = stores.names()
    return deprecationWarnings(
      [...names].map(([storeId, storeName]) => ({
        storeId,
        storeName,
        called: used.get(storeId) ?? [],
        configured: configuredOperations(storeId)
      })),
      clock.now()
    )
  }
  // Offline-first: batches wait with "waiting for network" and go out when it returns.
  const offNetwork = events.onAny((name, payload) => {
    if (name === 'network.changed' && (payload as { online: boolean }).online) queue.kick()
  })

  const bootId = randomUUID()
  // Application updates: a setting (off by default) and the user's yes before any download.
  const updates = new UpdatesService({ db, feed: opts.updateFeed ?? null, clock, log, currentVersion: opts.version ?? '0.0.0' })

  let started = false
  // The demo's first-start queue seeding (demo-seed.ts), stopped with the services.
  let demoSeeding: AbortController | null = null
  const stop = async () => {
    demoSeeding?.abort()
    if (!started) return
    started = false
    updates.stop()
    imports.stop()
    engine?.stop()
    team.stop()
    network.stop()
    await scheduler.stop()
    await demo.stop()
  }
  return {
    clock,
    log,
    events,
    stores,
    orders,
    rmas,
    kits,
    reimbursements,
    settlements,
    deprecations,
    claims,
    /** Cases filed from claim findings (cases/). */
    cases,
    /** Statement audits and paid below cost (audits/). */
    audits,
    queue,
    orderActions,
    orderImport,
    holds,
    /** The product catalog (reimbursements/catalog.ts). */
    catalog,
    /** The watched folder and the Imports log (imports/). */
    imports,
    /** A-to-z and SAFE-T claims on orders (orders/claims.ts). */
    orderClaims,
    /** Every deadline from every domain (deadlines/). */
    deadlines,
    jobs,
    scheduler,
    network,
    files,
    backups,
    /** Team mode on this desktop (team/client). */
    team,
    /** SP-API clients per store; null when the app was built without SP-API (file-only tests). */
    spApi,
    /** The demo store's emulator (started on first use). */
    demo,
    /** Application updates (desktop app). */
    updates,
    info: (): z.output<typeof AppInfo> => ({
      version: opts.version ?? '0.0.0',
      mode: opts.mode === 'desktop' ? 'desktop' : 'browser',
      dbPath: opened.file,
      spApiConfigured: spApi !== null,
      bootId
    }),
    /** Starts what runs by itself: the demo store (first start), network probe, scheduler, queue resume. */
    start: async () => {
      started = true
      for (const w of deprecations())
        log.warn(describeWarning(w), { storeId: w.storeId, operation: w.operation, removalDate: w.removalDate })
      if (spApiSettings?.demoStore) {
        const created = await demo.ensureDemoStore().catch((e: unknown) => {
          log.warn('could not create the demo store', { error: e })
          return null
        })
        // Before the scheduler's first round, so the demo's RMA download runs at once.
        if (created) demoSettings({ stores }, created)
      }
      if (spApi) {
        demoSeeding?.abort()
        const ctl = new AbortController()
        demoSeeding = ctl
        void seedDemoQueue({ db, clock, log, stores, orderActions, queue, orderClaims }, { signal: ctl.signal }).catch((e: unknown) =>
          log.warn('could not seed the demo queue', { error: e })
        )
        void seedDemoCases({ db, clock, log, cases, findings: (id) => claims.findingsAt(id, clock.now()) }, { signal: ctl.signal }).catch(
          (e: unknown) => log.warn('could not seed the demo cases', { error: e })
        )
        void seedDemoAudit({ db, log, reimbursements, claims, audits }, { signal: ctl.signal, now: () => clock.now() }).catch(
          (e: unknown) => log.warn('could not seed the demo audit', { error: e })
        )
      }
      // The start-up health check of a file the app closed cleanly (db/client.ts), now on a worker.
      if (opened.checkDeferred) void backups.checkInBackground()
      network.start()
      // Start ticking and catch up on whatever fell due while the app was closed, asleep or offline.
      scheduler.start()
      // Resume batches a crash or a shutdown left half-way (never resubmitting: see queue/submission.ts).
      queue.kick()
      // Team mode: periodic sync (30 s) and at once when the network returns — only while a team
      // connection exists (a connect from the screen starts it; single-seat runs nothing).
      team.start()
      // Checks for a new version only while the user's "Check for updates" setting is on.
      updates.start()
      // Each store's watched folder, if it has one (the CLI never calls start(): no watcher there).
      imports.start()
    },
    /** Stops timers and background work; the database stays open. */
    stop,
    /** Stops everything at once and closes the database (a graceful stop first is `await stop()`). */
    close: () => {
      started = false
      demoSeeding?.abort()
      updates.stop()
      imports.stop()
      engine?.stop()
      team.stop()
      network.stop()
      void scheduler.stop()
      void demo.stop()
      offNetwork()
      offCaseMatching()
      opened.close()
      files.cleanup()
    },
    /** The database handles, for tests and benches that check rows directly (domains get `db` only). */
    db,
    sqlite: opened.sqlite
  }
}
