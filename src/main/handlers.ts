/**
 * Every channel's handler: app.* and jobs.* here, each domain's from its handlers.ts (which takes
 * that domain's services, not the whole set). The mapped type makes a missing or mistyped handler a compile error.
 * Handlers receive input already validated by dispatch.
 */
import type { Handlers } from './handler-types'
import { AppError } from './errors'
import type { Services } from './services'
import { rmaHandlers } from './rmas/handlers'
import { reimbursementHandlers } from './reimbursements/handlers'
import { orderHandlers } from './orders/handlers'
import { queueHandlers } from './queue/handlers'
import { holdHandlers } from './holds/handlers'
import { backupHandlers } from './backups/handlers'
import { storeHandlers } from './stores/handlers'
import { teamHandlers } from './team/client/handlers'
import { updateHandlers } from './updates/handlers'
import { settlementHandlers } from './finances/handlers'
import { deadlineHandlers } from './deadlines/handlers'
import { claimHandlers } from './claims/handlers'
import { catalogHandlers } from './reimbursements/catalog-handlers'
import { importsHandlers } from './imports/handlers'
import { caseHandlers } from './cases/handlers'
import { claimCostHandlers } from './claims/costs-handlers'
import { auditHandlers } from './audits/handlers'
import { teamRouted } from './team/client/router'

export type { Handlers }

/** A report file the user imports (screen or CLI) is a bulk import: a verified backup first. */
const BULK_IMPORTS = [
  'reimbursements.import',
  'rmas.import',
  'orders.import',
  'settlements.import',
  'claims.importLedger',
  'catalog.importListings'
] as const

/**
 * Every channel's handler, behind team mode's router (team/client/router.ts): while this desktop is
 * connected to a team server, the channels the server serves are answered by it (or by the outbox
 * and the local copy); otherwise, and for every other channel, by the local handler.
 */
export function createHandlers(s: Services): Handlers {
  return teamRouted({ team: s.team, files: s.files }, createLocalHandlers(s))
}

function createLocalHandlers(s: Services): Handlers {
  const handlers = createDomainHandlers(s)
  for (const channel of BULK_IMPORTS) {
    const run = handlers[channel] as (input: unknown) => unknown
    ;(handlers as Record<string, (input: unknown) => unknown>)[channel] = async (input) => {
      await s.backups.beforeImport()
      return run(input)
    }
  }
  return handlers
}

function createDomainHandlers(s: Services): Handlers {
  return {
    'app.info': () => s.info(),
    'app.networkStatus': ({ storeId }) => s.network.statusFor(storeId ?? null),
    'jobs.lastRun': () => s.jobs.lastForStatusLine(),
    'app.deprecations': () => s.deprecations(),
    'jobs.recent': ({ limit }) => s.jobs.recent(limit),
    'jobs.schedule': ({ storeId }) => s.scheduler.status(storeId),
    'jobs.runNow': async ({ name, storeId }) => {
      await s.stores.get(storeId)
      if (!s.scheduler.status(storeId).some((j) => j.name === name)) throw new AppError('NOT_FOUND', `No job ${name}`)
      // Runs in the background; job.finished tells the screen when it is done.
      void s.scheduler.runNow(name, storeId).catch(() => undefined)
      return { started: true }
    },

    ...storeHandlers({ stores: s.stores, testConnection: s.spApi ? (id) => s.spApi!.testConnection(id) : null }),
    ...rmaHandlers(s),
    ...reimbursementHandlers(s),
    ...orderHandlers(s),
    ...queueHandlers(s),
    ...holdHandlers(s),
    ...backupHandlers(s),
    ...teamHandlers(s),
    ...updateHandlers(s),
    ...settlementHandlers(s),
    ...deadlineHandlers(s),
    ...claimHandlers(s),
    ...catalogHandlers(s),
    ...importsHandlers(s),
    ...caseHandlers(s),
    ...claimCostHandlers(s),
    ...auditHandlers(s)
  }
}
