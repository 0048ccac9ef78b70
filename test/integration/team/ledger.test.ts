/**
 * The command ledger on a real PostgreSQL: a command is applied once however often and however
 * concurrently it is sent; a domain refusal is final and rolls back the handler's writes; the
 * role is checked before anything is stored; the guarded start-up refuses a newer database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { AppError } from '../../../src/main/errors'
import { silentLogger } from '../../../src/main/log'
import { migrateTeamDb, type TeamDb } from '../../../src/main/team/pg/db'
import { teamChanges, teamCommands, teamUsers } from '../../../src/main/team/pg/schema'
import { applyCommand, type Actor, type CommandHandlers } from '../../../src/main/team/server/ledger'
import { changesAfter } from '../../../src/main/team/server/changes'
import { migratedTeamDb, PG_MIGRATIONS } from '../../helpers/pg'

let db: TeamDb
let url: string
let close: () => Promise<void>
let warehouse: Actor
let finance: Actor

beforeAll(async () => {
  ;({ db, url, close } = await migratedTeamDb())
  const [w] = await db.insert(teamUsers).values({ name: 'wh', role: 'warehouse', passwordHash: 'x' }).returning()
  const [f] = await db.insert(teamUsers).values({ name: 'fin', role: 'finance', passwordHash: 'x' }).returning()
  warehouse = { userId: w!.id, name: 'wh', role: 'warehouse' }
  finance = { userId: f!.id, name: 'fin', role: 'finance' }
})
afterAll(async () => close())

const accept = (id = uuidv7(), input: unknown = { id: 7, note: 'ok' }) => ({
  id,
  channel: 'holds.accept' as const,
  input,
  issuedAt: '2026-12-03T10:00:00.000Z'
})

const marks = async (key: string) => (await db.select({ n: count() }).from(teamChanges).where(eq(teamChanges.key, key)))[0]!.n

describe('team command ledger', () => {
  it('applies a command sent five times at once exactly once', async () => {
    const handlers: CommandHandlers = {
      'holds.accept': async (_input, ctx) => {
        await ctx.record([{ storeId: 's1', entity: 'order', key: `probe-${ctx.commandId}`, op: 'upsert', data: { n: 1 } }])
        return { ok: true }
      }
    }
    const cmd = accept()
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => applyCommand(db, warehouse, cmd, handlers)))
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true)
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1)
    expect(await marks(`probe-${cmd.id}`)).toBe(1)
    const again = await applyCommand(db, warehouse, cmd, handlers)
    expect(again).toMatchObject({ status: 'applied', duplicate: true, result: { ok: true } })
    expect(await marks(`probe-${cmd.id}`)).toBe(1)
  })

  it('stores a domain refusal, rolls back what the handler wrote, and answers it again', async () => {
    const handlers: CommandHandlers = {
      'holds.accept': async (_input, ctx) => {
        await ctx.record([{ storeId: 's1', entity: 'order', key: `probe-${ctx.commandId}`, op: 'upsert', data: {} }])
        throw new AppError('CONFLICT', 'already decided')
      }
    }
    const cmd = accept()
    const first = await applyCommand(db, warehouse, cmd, handlers)
    expect(first).toMatchObject({ status: 'refused', duplicate: false, error: { code: 'CONFLICT', message: 'already decided' } })
    expect(await marks(`probe-${cmd.id}`)).toBe(0)
    const second = await applyCommand(db, warehouse, cmd, { 'holds.accept': async () => ({ ok: true }) })
    expect(second).toMatchObject({ status: 'refused', duplicate: true, error: { code: 'CONFLICT' } })
  })

  it('keeps nothing when the handler fails for another reason (the client sends it again)', async () => {
    const cmd = accept()
    await expect(
      applyCommand(db, warehouse, cmd, { 'holds.accept': async () => Promise.reject(new Error('connection lost')) })
    ).rejects.toThrow('connection lost')
    expect(await db.select().from(teamCommands).where(eq(teamCommands.id, cmd.id))).toEqual([])
    const retried = await applyCommand(db, warehouse, cmd, { 'holds.accept': async () => ({ ok: 1 }) })
    expect(retried).toMatchObject({ status: 'applied', duplicate: false })
  })

  it('validates the input with the contract and checks the role before storing', async () => {
    const bad = await applyCommand(db, warehouse, accept(uuidv7(), { id: 'seven' }), { 'holds.accept': async () => ({}) })
    expect(bad).toMatchObject({ status: 'refused', error: { code: 'VALIDATION' } })
    const cmd = accept()
    const forbidden = await applyCommand(db, finance, cmd, { 'holds.accept': async () => ({}) })
    expect(forbidden).toMatchObject({ status: 'refused', error: { code: 'FORBIDDEN' } })
    expect(await db.select().from(teamCommands).where(eq(teamCommands.id, cmd.id))).toEqual([])
  })

  it('numbers changes so that a cursor sees them in order', async () => {
    const page = await changesAfter(db, 0, 1000)
    const seqs = page.changes.map((c) => c.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(page.cursor).toBe(seqs[seqs.length - 1])
  })
})

describe('team database start-up', () => {
  it('migrates once, then finds nothing pending, and refuses a database from a newer server', async () => {
    expect(await migrateTeamDb(db, { url, migrationsFolder: PG_MIGRATIONS, log: silentLogger })).toEqual([])
    await db.$client.query(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', ${Date.now() + 10 ** 12})`)
    await expect(migrateTeamDb(db, { url, migrationsFolder: PG_MIGRATIONS, log: silentLogger })).rejects.toMatchObject({ code: 'CONFLICT' })
    await db.$client.query("DELETE FROM drizzle.__drizzle_migrations WHERE hash = 'future'")
  })
})
