/** Real services on a real SQLite file in a temp dir (no mocks of our own code). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fixedClock, systemClock } from '../../src/main/clock'
import { createDispatch } from '../../src/main/dispatch'
import { createHandlers } from '../../src/main/handlers'
import { silentLogger, type Logger } from '../../src/main/log'
import { createMemoryVault, type Vault } from '../../src/main/secrets/vault'
import { createServices, type SpApiSettings } from '../../src/main/services'

export const MIGRATIONS = resolve(__dirname, '../../drizzle')

export function tempDir(prefix = 'sbo-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `realClock`: for code that paces itself by the clock (SP-API rate limiter, polling). */
/** `spApi`: talk to an SP-API endpoint (the emulator: see emulatorSpApi); without it, no SP-API at all. */
export function makeServices(
  opts: {
    vault?: Vault
    dbFile?: string
    now?: string
    log?: Logger
    realClock?: boolean
    spApi?: SpApiSettings
    /** The desktop's "open with the system's app" (Electron's shell.openPath), e.g. a recorder. */
    openPath?: (path: string) => Promise<string>
  } = {}
) {
  const tmp = tempDir()
  const fixed = fixedClock(opts.now ?? '2026-11-22T10:00:00.000Z')
  const clock = opts.realClock ? { ...fixed, now: systemClock.now } : fixed
  const services = createServices({
    dbFile: opts.dbFile ?? join(tmp.dir, 'test.sqlite'),
    migrationsFolder: MIGRATIONS,
    vault: opts.vault ?? createMemoryVault(),
    mode: 'cli',
    clock,
    log: opts.log ?? silentLogger,
    stagingDir: join(tmp.dir, 'staging'),
    spApi: opts.spApi,
    ...(opts.openPath ? { openPath: opts.openPath } : {})
  })
  const dispatch = createDispatch(createHandlers(services), services.log, { checkOutput: true })
  return {
    services,
    dispatch,
    clock,
    dir: tmp.dir,
    close: () => {
      services.close()
      tmp.cleanup()
    }
  }
}

export const validStore = {
  name: 'Mugs US',
  region: 'NA' as const,
  sellerId: 'A2C4E6G8I0K2M4',
  marketplaceIds: ['ATVPDKIKX0DER'],
  lwaClientId: 'amzn1.application-oa2-client.abc123'
}
