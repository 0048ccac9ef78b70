/**
 * Shared start-up for the Node entry points (browser-mode host, CLI): resolve paths, pick the
 * vault and the SP-API endpoints, then build the services (services.ts, the composition root).
 * Electron's index.ts does the same with app.getPath().
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { endpointsFromEnv, timeScaleFromEnv } from './amazon/spapi/endpoints'
import { ordersApiVersionFromEnv } from './amazon/spapi/orders-version'
import { findAppRoot, migrationsFolder, resolveDbPath } from './paths'
import { queueLeaseFromEnv } from './queue/submission'
import { createServices, type ServicesOptions, type SpApiSettings } from './services'
import { createKeytarVault } from './secrets/keytar-vault'
import type { Vault } from './secrets/vault'
import { createLogger, logFile, type Logger } from './log'
import { clockFromEnv } from './clock'

export function appVersion(appRoot: string): string {
  return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version
}

/**
 * SP-API as the app uses it: endpoints from SBO_SPAPI_BASE_URL / SBO_LWA_TOKEN_URL (the emulator),
 * else Amazon's; the emulator's speed-up and the queue's lease from the environment (honoured only
 * with the emulator), the Orders API version from SBO_ORDERS_API_VERSION (default 2026-01-01). The
 * demo store is created on the first start when `demoStore` is set.
 */
export function spApiFromEnv(demoStore: boolean): SpApiSettings {
  return {
    endpoints: endpointsFromEnv(),
    rateScale: timeScaleFromEnv(),
    queue: { leaseMs: queueLeaseFromEnv() },
    demoStore,
    ordersApiVersion: ordersApiVersionFromEnv()
  }
}

export function bootServices(opts: {
  here: string
  dbFlag?: string
  mode: ServicesOptions['mode']
  vault?: Vault
  log?: Logger
  onRestore?: (backupFile: string) => void
}) {
  const appRoot = findAppRoot(opts.here)
  const dbFile = resolveDbPath({ flag: opts.dbFlag })
  const version = appVersion(appRoot)
  // The log file beside the database (README, "Logs"); stderr keeps SBO_LOG_LEVEL, stdout gets nothing.
  const log = opts.log ?? createLogger({ file: { path: logFile(dbFile), startMeta: { mode: opts.mode, version } } })
  const services = createServices({
    dbFile,
    migrationsFolder: migrationsFolder({ isPackaged: false, appRoot }),
    // SBO_KEYCHAIN_SERVICE: keep a second profile's (or a test's) secrets apart from the default entries.
    vault: opts.vault ?? createKeytarVault(process.env.SBO_KEYCHAIN_SERVICE || undefined),
    mode: opts.mode,
    version,
    log,
    clock: clockFromEnv(),
    // The demo store is created by the app (host, Electron), not by CLI runs unless --demo is given.
    spApi: spApiFromEnv(opts.mode !== 'cli' || process.argv.includes('--demo')),
    onRestore: opts.onRestore
  })
  return { appRoot, dbFile, services }
}
