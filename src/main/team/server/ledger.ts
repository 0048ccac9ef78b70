/**
 * The command ledger: how a command made on a desktop (possibly offline, possibly sent twice) is
 * applied exactly once on the server.
 *
 * In one PostgreSQL transaction: the command's id is inserted into `team_commands` (primary key);
 * if another transaction already holds that id, PostgreSQL makes this insert wait for it and then
 * skip, and the stored outcome is answered (`duplicate: true`). Otherwise the domain handler runs
 * inside a savepoint: a domain refusal (an over-refund, an RMA already received) rolls back the
 * handler's writes but keeps the ledger row, marked `refused` with the reason, so the same id
 * sent again gets the same refusal. Any other failure (the database went away) rolls back
 * everything, ledger row included: the client keeps the command and sends it again later.
 */
import { eq } from 'drizzle-orm'
import { contract } from '../../../shared/contract'
import { mayCall, type CommandEnvelope, type CommandOutcome, type TeamChannel, type TeamRole } from '../../../shared/team'
import { AppError } from '../../errors'
import type { TeamDb, TeamTx } from '../pg/db'
export type { TeamTx }
import { teamCommands } from '../pg/schema'
import { recordChanges, type ChangeInput } from './changes'

export type Actor = { userId: number; name: string; role: TeamRole }

export type CommandContext = {
  tx: TeamTx
  actor: Actor
  commandId: string
  /** The server's clock (never the client's). */
  now: Date
  record(changes: ChangeInput[]): Promise<void>
}
export type CommandHandler = (input: unknown, ctx: CommandContext) => Promise<unknown>
export type CommandHandlers = Partial<Record<CommandEnvelope['channel'], CommandHandler>>

/** Error codes that are a domain's final "no" (stored as `refused`); anything else is retried. */
const REFUSALS = new Set(['VALIDATION', 'CONFLICT', 'NOT_FOUND'])
const isRefusal = (e: unknown): e is AppError => e instanceof AppError && REFUSALS.has(e.code)

function inputSchema(channel: string) {
  return (contract as Record<string, { input: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } } }>)[channel]
    ?.input
}

export async function applyCommand(
  db: TeamDb,
  actor: Actor,
  env: CommandEnvelope,
  handlers: CommandHandlers,
  clock: () => Date = () => new Date()
): Promise<CommandOutcome> {
  const refusedNow = (code: string, message: string, details?: unknown): CommandOutcome => ({
    id: env.id,
    status: 'refused',
    error: { code, message, details },
    duplicate: false,
    decidedAt: clock().toISOString()
  })
  // Role and channel are checked before anything is stored: a token's role may change later.
  if (!mayCall(actor.role, env.channel as TeamChannel))
    return refusedNow('FORBIDDEN', `The ${actor.role} role may not call ${env.channel}.`)
  const handler = handlers[env.channel]
  if (!handler) return refusedNow('UNSUPPORTED', `This server does not serve ${env.channel}.`)

  return db.transaction(async (tx) => {
    const now = clock()
    const claimed = await tx
      .insert(teamCommands)
      .values({
        id: env.id,
        userId: actor.userId,
        channel: env.channel,
        input: env.input ?? null,
        status: 'applied',
        issuedAt: new Date(env.issuedAt),
        decidedAt: now
      })
      .onConflictDoNothing({ target: teamCommands.id })
      .returning({ id: teamCommands.id })
    if (claimed.length === 0) {
      const [stored] = await tx.select().from(teamCommands).where(eq(teamCommands.id, env.id))
      if (!stored) throw new AppError('INTERNAL', 'command id conflict without a stored command')
      if (stored.channel !== env.channel) return refusedNow('CONFLICT', 'This command id was already used for another command.')
      return outcomeOf(stored, true)
    }
    let status: 'applied' | 'refused' = 'applied'
    let result: unknown = null
    let error: CommandOutcome['error'] | null = null
    const parsed = inputSchema(env.channel)?.safeParse(env.input)
    if (parsed && !parsed.success) {
      status = 'refused'
      error = { code: 'VALIDATION', message: `The input of ${env.channel} is not valid.`, details: parsed.error }
    } else {
      try {
        result = await tx.transaction(async (sp) => {
          const ctx: CommandContext = { tx: sp, actor, commandId: env.id, now, record: (c) => recordChanges(sp, c, env.id) }
          return handler(parsed ? parsed.data : env.input, ctx)
        })
      } catch (e) {
        if (!isRefusal(e)) throw e
        status = 'refused'
        error = { code: e.code, message: e.message, details: e.details }
      }
    }
    await tx
      .update(teamCommands)
      .set({ status, result: (result ?? null) as object | null, error: error ?? null, decidedAt: now })
      .where(eq(teamCommands.id, env.id))
    if (status === 'applied')
      await recordChanges(
        tx,
        [{ storeId: null, entity: 'command', key: env.id, op: 'upsert', data: { status, channel: env.channel } }],
        env.id
      )
    return {
      id: env.id,
      status,
      ...(result !== null && result !== undefined ? { result } : {}),
      ...(error ? { error } : {}),
      duplicate: false,
      decidedAt: now.toISOString()
    }
  })
}

function outcomeOf(row: typeof teamCommands.$inferSelect, duplicate: boolean): CommandOutcome {
  return {
    id: row.id,
    status: row.status,
    ...(row.result !== null ? { result: row.result } : {}),
    ...(row.error ? { error: row.error as CommandOutcome['error'] } : {}),
    duplicate,
    decidedAt: row.decidedAt.toISOString()
  }
}

/** The stored outcome of a command, or null when the server has never received it. */
export async function storedOutcome(db: TeamDb, id: string): Promise<CommandOutcome | null> {
  const [row] = await db.select().from(teamCommands).where(eq(teamCommands.id, id))
  return row ? outcomeOf(row, true) : null
}
