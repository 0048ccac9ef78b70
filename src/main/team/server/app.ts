/**
 * Starting and stopping a team server (used by `src/main/server.ts` and the tests): the guarded
 * start-up of the PostgreSQL database (refuses a newer database, backs up with pg_dump before
 * pending migrations, one migrator at a time), the domains composed, their jobs started, the HTTP
 * server listening. `stop()` stops the jobs, lets requests in flight finish and ends the pool.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { systemClock, type Clock } from '../../clock'
import { AppError } from '../../errors'
import type { Logger } from '../../log'
import { migrateTeamDb, openTeamDb, type TeamDb } from '../pg/db'
import { Accounts } from './accounts'
import { composeDomains, TEAM_DOMAINS } from './domains'
import { closeServer, createTeamHttpServer, listen } from './http'
import { fileSecretStore } from './secrets'
import { serverSpApi, storesDomain } from './stores'

export type TeamServerConfig = {
  databaseUrl: string
  migrationsFolder: string
  host: string
  port: number
  tlsCert?: string
  tlsKey?: string
  /** The secret store's folder (null: no store credentials; syncs and submissions cannot run). */
  secretsDir: string | null
  /** Where pg_dump writes the backup taken before pending migrations. */
  backupDir: string
  log: Logger
  clock?: Clock
  env?: NodeJS.ProcessEnv
  limits?: { jsonBytes?: number; fileBytes?: number }
}

export type RunningTeamServer = { url: string; db: TeamDb; stop(): Promise<void> }

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export async function startTeamServer(cfg: TeamServerConfig): Promise<RunningTeamServer> {
  const { log } = cfg
  if (!!cfg.tlsCert !== !!cfg.tlsKey) throw new AppError('VALIDATION', 'Give both --tls-cert and --tls-key, or neither.')
  const tls = cfg.tlsCert && cfg.tlsKey ? { cert: readPem(cfg.tlsCert, 'certificate'), key: readPem(cfg.tlsKey, 'key') } : undefined
  mkdirSync(cfg.backupDir, { recursive: true, mode: 0o700 })
  const db = openTeamDb(cfg.databaseUrl)
  try {
    const applied = await migrateTeamDb(db, { url: cfg.databaseUrl, migrationsFolder: cfg.migrationsFolder, backupDir: cfg.backupDir, log })
    if (applied.length > 0) log.info('team database migrated', { migrations: applied })
    const clock = cfg.clock ?? systemClock
    const secrets = fileSecretStore(cfg.secretsDir)
    const domains = composeDomains([...TEAM_DOMAINS, storesDomain(secrets)])
    const jobs = domains.jobs({ db, log, clock, spApi: serverSpApi(db, secrets, cfg.env ?? process.env, log) })
    const server = createTeamHttpServer({
      db,
      accounts: new Accounts(db, () => clock.now()),
      domains,
      log,
      tls,
      limits: cfg.limits,
      clock: () => clock.now()
    })
    const url = await listen(server, cfg.host, cfg.port, !!tls)
    if (!tls && !LOOPBACK.has(cfg.host))
      log.warn(
        'team server listens without TLS on a non-loopback address: put a TLS-terminating reverse proxy in front of it, or start it with --tls-cert and --tls-key',
        {
          host: cfg.host,
          ip: isIP(cfg.host) !== 0
        }
      )
    if (!cfg.secretsDir)
      log.warn('team server has no secret store: stores cannot reach Amazon (use --secrets-dir, systemd LoadCredential= or Docker secrets)')
    jobs.start()
    let stopping: Promise<void> | null = null
    return {
      url,
      db,
      stop: () =>
        (stopping ??= (async () => {
          await jobs.stop()
          await closeServer(server)
          await db.$client.end()
        })())
    }
  } catch (e) {
    await db.$client.end().catch(() => {})
    throw e
  }
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file)
  } catch (e) {
    throw new AppError('VALIDATION', `The TLS ${what} ${file} cannot be read: ${(e as Error).message}`)
  }
}
