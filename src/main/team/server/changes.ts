/**
 * The change log desktops pull from. Every domain write on the server records what changed here,
 * in the same transaction. A transaction-scoped advisory lock is taken before the first change of
 * a transaction, so transactions that record changes commit one after another and `seq` values
 * become visible in order: a client that has read up to seq N never later finds a smaller one.
 */
import { asc, gt, sql } from 'drizzle-orm'
import type { TeamChange, TeamEntity } from '../../../shared/team'
import { teamChanges } from '../pg/schema'
import type { TeamDb, TeamTx } from '../pg/db'

const CHANGES_LOCK = 7_391_004_222

/** `entity` must be one of `TEAM_ENTITY_DOMAINS` (the role filter refuses any other to non-admins). */
export type ChangeInput = { storeId: string | null; entity: TeamEntity; key: string; op: 'upsert' | 'delete'; data: unknown }

const locked = new WeakSet<object>()

export async function recordChanges(tx: TeamTx, changes: ChangeInput[], commandId: string | null = null): Promise<void> {
  if (changes.length === 0) return
  if (!locked.has(tx)) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHANGES_LOCK})`)
    locked.add(tx)
  }
  await tx.insert(teamChanges).values(changes.map((c) => ({ ...c, data: c.data ?? null, commandId })))
}

export async function changesAfter(
  db: TeamDb | TeamTx,
  after: number,
  limit: number
): Promise<{ changes: TeamChange[]; cursor: number; more: boolean }> {
  const rows = await db
    .select()
    .from(teamChanges)
    .where(gt(teamChanges.seq, after))
    .orderBy(asc(teamChanges.seq))
    .limit(limit + 1)
  const more = rows.length > limit
  const page = rows.slice(0, limit)
  return {
    changes: page.map((r) => ({ seq: r.seq, storeId: r.storeId, entity: r.entity, key: r.key, op: r.op, data: r.data })),
    cursor: page.length > 0 ? page[page.length - 1]!.seq : after,
    more
  }
}
