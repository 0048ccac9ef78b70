/**
 * Team mode's wire protocol: what a desktop and the team server say to each other over HTTPS.
 * Design: ../shared/team-mode.md and docs/ARCHITECTURE.md ("Team mode").
 *
 * - A desktop logs in once (user + password → a bearer token kept in its keychain).
 * - Every write is a **command**: a contract channel and its input, with an id made on the client
 *   (UUIDv7). The server stores each id once under a unique key and applies it with the domain
 *   rules in the same PostgreSQL transaction, so a command sent twice (a retry after a lost
 *   answer, an outbox flushed from two windows) is applied once and answers the stored outcome.
 * - Every change the server commits is numbered (`seq`); a desktop pulls what changed after its
 *   cursor and keeps a local copy for offline reading.
 * - Roles decide which channels a token may call; the server checks every call.
 */
import { z } from 'zod'
import { IsoDateTime } from './ids'

export const TEAM_PROTOCOL_VERSION = 1

export const TeamRole = z.enum(['admin', 'finance', 'warehouse'])
export type TeamRole = z.infer<typeof TeamRole>

/**
 * Who may call what. Keys are contract channel names (`src/shared/contract`) where the team server
 * serves that channel; `team.*` are the server's own. Admin may call everything.
 * finance: reimbursements (and later claims, audits) — read and export, and import its reports;
 * warehouse: RMAs, the refund / cancel queue, holds, orders (the queue's inputs).
 */
export const TEAM_PERMISSIONS = {
  // reads
  'stores.list': ['admin', 'finance', 'warehouse'],
  'orders.list': ['admin', 'warehouse'],
  'orders.get': ['admin', 'warehouse'],
  'queue.list': ['admin', 'warehouse'],
  'queue.batches': ['admin', 'warehouse'],
  'rmas.list': ['admin', 'warehouse'],
  'rmas.get': ['admin', 'warehouse'],
  'holds.list': ['admin', 'warehouse'],
  'reimbursements.list': ['admin', 'finance'],
  'reimbursements.summary': ['admin', 'finance'],
  'reimbursements.exportCsv': ['admin', 'finance'],
  // commands (writes: through the ledger, exactly once)
  'orders.import': ['admin', 'warehouse'],
  'orders.refund': ['admin', 'warehouse'],
  'orders.cancel': ['admin', 'warehouse'],
  'queue.process': ['admin', 'warehouse'],
  'queue.reject': ['admin', 'warehouse'],
  'rmas.import': ['admin', 'warehouse'],
  'rmas.receive': ['admin', 'warehouse'],
  'holds.accept': ['admin', 'warehouse'],
  'holds.decline': ['admin', 'warehouse'],
  'reimbursements.import': ['admin', 'finance'],
  // the server's own administration
  'team.users': ['admin'],
  'team.stores': ['admin']
} as const satisfies Record<string, readonly TeamRole[]>
export type TeamChannel = keyof typeof TEAM_PERMISSIONS

export const TEAM_COMMANDS = [
  'orders.import',
  'orders.refund',
  'orders.cancel',
  'queue.process',
  'queue.reject',
  'rmas.import',
  'rmas.receive',
  'holds.accept',
  'holds.decline',
  'reimbursements.import'
] as const satisfies readonly TeamChannel[]
export type TeamCommandChannel = (typeof TEAM_COMMANDS)[number]

export const mayCall = (role: TeamRole, channel: string): boolean =>
  role === 'admin' || ((TEAM_PERMISSIONS as Record<string, readonly TeamRole[]>)[channel]?.includes(role) ?? false)

/** RFC 9562 UUID, version 7 (time-ordered) — made on the client. */
export const CommandId = z.uuid({ version: 'v7' })

export const LoginInput = z.object({ user: z.string().trim().min(1).max(100), password: z.string().min(1).max(1000) }).strict()
export const TeamUser = z.object({ name: z.string(), role: TeamRole })
export const LoginOutput = z.object({ token: z.string(), user: TeamUser, serverVersion: z.number().int() })

export const CommandEnvelope = z
  .object({
    id: CommandId,
    channel: z.enum(TEAM_COMMANDS),
    /** Validated on the server with the channel's contract input schema. */
    input: z.unknown(),
    /** The client's clock when the user acted: shown in history, never used to order or decide. */
    issuedAt: IsoDateTime
  })
  .strict()
export type CommandEnvelope = z.infer<typeof CommandEnvelope>

export const CommandsInput = z.object({ commands: z.array(CommandEnvelope).min(1).max(500) }).strict()

export const TeamError = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
export type TeamError = z.infer<typeof TeamError>

/**
 * What became of one command. `applied`: the domain accepted it (result is the channel's output).
 * `refused`: a domain rule said no (an over-refund, an RMA already received); it is final, and
 * sending the same id again answers the same refusal. `duplicate` is true when this id had been
 * received before (the stored outcome is returned, nothing is applied again).
 */
export const CommandOutcome = z.object({
  id: CommandId,
  status: z.enum(['applied', 'refused']),
  result: z.unknown().optional(),
  error: TeamError.optional(),
  duplicate: z.boolean(),
  /** The server's clock when it applied or refused the command. */
  decidedAt: IsoDateTime
})
export type CommandOutcome = z.infer<typeof CommandOutcome>
export const CommandsOutput = z.object({ outcomes: z.array(CommandOutcome) })

/**
 * Every entity the server records in its change log, and the domain (channel prefix) it belongs
 * to. A role is sent a change only when it may call a channel of that domain; the ledger's own
 * `command` rows go to the roles that may call the command's channel. An entity not listed here
 * is sent to nobody but admin (default deny): a new entity must be added here, and the type of
 * `ChangeInput.entity` on the server makes that a compile error until it is.
 */
export const TEAM_ENTITY_DOMAINS = {
  command: null,
  order: 'orders',
  queueEntry: 'queue',
  queueBatch: 'queue',
  rma: 'rmas',
  hold: 'holds',
  'reimbursements.import': 'reimbursements'
} as const satisfies Record<string, string | null>
export type TeamEntity = keyof typeof TEAM_ENTITY_DOMAINS

/** One committed change, numbered by the server. `data` is the row as the role may see it. */
export const TeamChange = z.object({
  seq: z.number().int(),
  storeId: z.string().nullable(),
  entity: z.string(),
  key: z.string(),
  op: z.enum(['upsert', 'delete']),
  data: z.unknown()
})
export type TeamChange = z.infer<typeof TeamChange>
export const ChangesQuery = z
  .object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(1000) })
  .strict()
export const ChangesOutput = z.object({ changes: z.array(TeamChange), cursor: z.number().int(), more: z.boolean() })

/** HTTP paths (all JSON; `Authorization: Bearer <token>` except login and health). */
export const TEAM_PATHS = {
  health: '/v1/health',
  login: '/v1/login',
  me: '/v1/me',
  commands: '/v1/commands',
  changes: '/v1/changes',
  /** POST /v1/read/<channel> with the channel's contract input. */
  read: '/v1/read/',
  /** PUT /v1/files/<sha256> with the raw bytes; content-addressed, idempotent. */
  files: '/v1/files/'
} as const
