/**
 * The shape of one domain served by the team server (reimbursements, orders + queue, RMAs, …).
 * Each domain file exports a `TeamDomain`; `domains.ts` lists them and the server composes them.
 *
 * These types live apart from `domains.ts` so a domain file can import them without an import
 * cycle (domains.ts imports every domain file; type-only imports count as ties in
 * test/unit/architecture.test.ts).
 */
import type { Clock } from '../../clock'
import type { Logger } from '../../log'
import type { SpApiFactory } from '../../amazon/spapi/factory'
import type { TeamDb } from '../pg/db'
import type { Actor, CommandHandlers } from './ledger'

export type { Actor, CommandHandlers }

/**
 * A read (`POST /v1/read/<channel>`). The server has already checked the role (`mayCall`) and
 * validated `input` with the channel's contract input schema (so `input` is that schema's
 * output). Return the contract's output shape where the data allows. Throw `AppError` for a
 * clear refusal (`NOT_FOUND` → 404, `VALIDATION` → 400, `CONFLICT` → 409).
 */
export type ReadHandler = (input: unknown, ctx: ReadContext) => Promise<unknown>
export type ReadContext = { db: TeamDb; actor: Actor }

/** What a domain's background jobs get (report syncs, the submitter): one SP-API client per store. */
export type TeamJobDeps = {
  db: TeamDb
  log: Logger
  clock: Clock
  /** `spApi.forStore(storeId)` → an SpApiClient with the store's credentials from the server's secret store. */
  spApi: SpApiFactory
}
export type TeamJobs = { start(): void; stop(): Promise<void> }

export type TeamDomain = {
  /** Short name for logs (e.g. "reimbursements"). */
  name: string
  /** Commands (writes), applied exactly once through the ledger. Keys are TEAM_COMMANDS channels. */
  commands: CommandHandlers
  /** Reads, keyed by contract channel (must be in TEAM_PERMISSIONS). */
  reads: Record<string, ReadHandler>
  /** Scheduled work started with the server and stopped (awaited) on SIGTERM. */
  jobs?: (deps: TeamJobDeps) => TeamJobs
}
