/**
 * Composition root: builds every service from its ports. Electron (index.ts), the browser-mode
 * host and the CLI all call this, so they run the same code on the same database.
 */
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { AppInfo, ConnectionResult } from '../shared/contract'
import type { Clock } from './clock'
import { systemClock } from './clock'
import { openDatabase, type OpenedDb } from './db/client'
import { EventBus } from './events'
import { defaultStagingRoot, FileStaging } from './files'
import { JobRunsService } from './jobs/runs'
import { Scheduler } from './jobs/scheduler'
import { stores as storesTable } from './db/schema'
import type { Logger } from './log'
import { createLogger } from './log'
import { NetworkMonitor } from './network'
import type { Vault } from './secrets/vault'
import { StoresService } from './stores/service'
import { OrdersService } from './orders/service'
import type { SpApiFactory } from './amazon/spapi/factory'
import { RmasService } from './rmas/service'
import { KitsService } from './rmas/kits'
import { ReimbursementsService } from './reimbursements/service'
import { QueueService } from './queue/service'
import { OrderActionsService } from './orders/actions'
import { OrderImportService } from './orders/import'
import { HoldsService } from './holds/service'
import { BackupService } from './backups/service'

export type ServicesOptions = {
  dbFile: string
  migrationsFolder: string
  vault: Vault
  mode: 'desktop' | 'browser' | 'cli'
  version?: string
  clock?: Clock
  log?: Logger
  /** Base URL of the SP-API endpoint (or emulator) used to judge online/offline. */
  spApiProbeUrl?: string | null
  /** Where uploaded/picked files are staged before import (default: a per-process temp dir). */
  stagingDir?: string
}

export type Services = ReturnType<typeof createServices>

export function createServices(opts: ServicesOptions) {
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? createLogger()
  const events = new EventBus()
  const opened: OpenedDb = openDatabase(opts.dbFile, { migrationsFolder: opts.migrationsFolder, log })
  const { db } = opened
  const stores = new StoresService({ db, vault: opts.vault, clock, events, log })
  const orders = new OrdersService({ db, clock })
  const jobs = new JobRunsService({ db, clock, events })
  const scheduler = new Scheduler({
    clock,
    runs: jobs,
    log,
    storeIds: () => db.select({ id: storesTable.id }).from(storesTable).all().map((r) => r.id),
    emitProgress: (p) => events.emit('job.progress', p)
  })
  // Per OS user, 0700, one folder per process inside (see files.ts).
  const files = new FileStaging(opts.stagingDir ?? defaultStagingRoot())
  const rmas = new RmasService({ db, sqlite: opened.sqlite, clock, events, log, stores, files, jobs })
  const kits = new KitsService({ db, clock, events })
  const reimbursements = new ReimbursementsService({ sqlite: opened.sqlite, clock, events, log, files, jobs })
  const queue = new QueueService({ db, sqlite: opened.sqlite, clock, events, log, stores })
  const orderActions = new OrderActionsService({ db, sqlite: opened.sqlite, clock, events, stores, orders, queue })
  rmas.setRefunder({ refund: (input, inTx) => orderActions.refund(input, { source: 'rma', ...inTx }), entriesForRma: (id) => queue.entriesForRma(id) })
  const orderImport = new OrderImportService({ db, sqlite: opened.sqlite, clock, events, log, stores, orders, files })
  const holds = new HoldsService({ db, clock, events, log, stores, orders, orderActions })
  const network = new NetworkMonitor({ probeUrl: opts.spApiProbeUrl ?? null, clock, events })
  const backups = new BackupService({ dbFile: opened.file, migrationsFolder: opts.migrationsFolder, clock, log })
  scheduler.register(backups.dailyJob())

  const bootId = randomUUID()
  const services = {
    db,
    sqlite: opened.sqlite,
    clock,
    log,
    events,
    vault: opts.vault,
    stores,
    orders,
    rmas,
    kits,
    reimbursements,
    queue,
    orderActions,
    orderImport,
    holds,
    jobs,
    scheduler,
    network,
    files,
    backups,
    /** SP-API clients per store (set by wireExtensions): `await services.spApi!.forStore(id)`. */
    spApi: undefined as undefined | SpApiFactory,
    /** Set by the SP-API layer when it is wired in; absent means "not available in this build". */
    testConnection: undefined as undefined | ((storeId: string) => Promise<z.output<typeof ConnectionResult>>),
    info: (): z.output<typeof AppInfo> => ({
      version: opts.version ?? '0.0.0',
      mode: opts.mode === 'desktop' ? 'desktop' : 'browser',
      dbPath: opened.file,
      spApiConfigured: services.testConnection !== undefined,
      bootId
    }),
    close: () => {
      queue.stop()
      network.stop()
      void scheduler.stop()
      opened.close()
      files.cleanup()
    }
  }
  return services
}
