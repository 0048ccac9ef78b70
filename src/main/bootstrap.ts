/**
 * Shared start-up for the Node entry points (browser-mode host, CLI): resolve paths, pick the
 * vault, build services. Electron's index.ts does the same with app.getPath().
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { findAppRoot, migrationsFolder, resolveDbPath } from './paths'
import { createServices, type ServicesOptions } from './services'
import { createKeytarVault } from './secrets/keytar-vault'
import type { Vault } from './secrets/vault'
import { createLogger, type Logger } from './log'
import { wireExtensions } from './extensions'

export function appVersion(appRoot: string): string {
  return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version
}

export function bootServices(opts: {
  here: string
  dbFlag?: string
  mode: ServicesOptions['mode']
  vault?: Vault
  log?: Logger
}) {
  const appRoot = findAppRoot(opts.here)
  const dbFile = resolveDbPath({ flag: opts.dbFlag })
  const log = opts.log ?? createLogger()
  const services = createServices({
    dbFile,
    migrationsFolder: migrationsFolder({ isPackaged: false, appRoot }),
    // SBO_KEYCHAIN_SERVICE: keep a second profile's (or a test's) secrets apart from the default entries.
    vault: opts.vault ?? createKeytarVault(process.env.SBO_KEYCHAIN_SERVICE || undefined),
    mode: opts.mode,
    version: appVersion(appRoot),
    log
  })
  // The demo store is created by the app (host, Electron), not by CLI runs unless --demo is given.
  const demo = opts.mode !== 'cli' || process.argv.includes('--demo')
  return { appRoot, dbFile, services, extensions: wireExtensions(services, { demo }) }
}
