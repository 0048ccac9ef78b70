/**
 * A desktop's work screens in team mode — through the same dispatch the screens, the browser-mode
 * host and the CLI use (`handlers.ts` → team/client/router.ts) — against a REAL team server
 * process on PostgreSQL, whose store's orders come from the SP-API emulator:
 *
 * - reads of the queue, RMAs, holds and orders are the server's (the single-seat SQLite is not
 *   touched), and with the server gone they are answered from the local copy in the contract's
 *   shapes, filtered and paged;
 * - a refund while the server is gone is QUEUED (in the outbox, with its id), then applied once
 *   the server is back; an over-refund is refused with the server's reason, online at once or
 *   offline later (the outbox shows it);
 * - a role that may not use a channel is refused before anything is queued; a channel of the
 *   server's domains the server does not serve is refused, not answered from local data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import type { OutboxEntry } from '../../../src/shared/contract'
import { fullRefund, startTeamStack, TEAM_STORE, type TeamStack } from '../../helpers/team-process'
import { makeServices } from '../../helpers/services'

const PW = { wh: 'warehouse-pass-1', fin: 'finance-pass-1' }

let stack: TeamStack
const desks: ReturnType<typeof makeServices>[] = []
const desk = () => {
  const d = makeServices({ vault: createMemoryVault(), realClock: true })
  desks.push(d)
  return d
}

beforeAll(async () => {
  stack = await startTeamStack({ dbName: 'sbo_deskrouter' })
  await stack.addUser('wh', 'warehouse', PW.wh)
  await stack.addUser('fin', 'finance', PW.fin)
  await stack.start()
}, 180_000)
afterAll(async () => {
  for (const d of desks) d.close()
  await stack?.close()
})

const data = <T>(r: { ok: boolean; data?: unknown; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.data as T
}
type QueueList = { rows: { amazonOrderId: string; status: string }[]; total: number; counts: Record<string, number> }

describe('a desktop in team mode (screens through the router)', () => {
  it('reads through the server, queues offline, reads the local copy, sends on return; roles and unserved channels refused', async () => {
    const wh = desk()
    const fin = desk()
    expect(data(await wh.dispatch('team.connect', { serverUrl: stack.url(), user: 'wh', password: PW.wh }))).toMatchObject({
      role: 'warehouse'
    })
    expect(data(await fin.dispatch('team.connect', { serverUrl: stack.url(), user: 'fin', password: PW.fin }))).toMatchObject({
      role: 'finance'
    })

    // The store list and the orders are the server's (its order sync from the emulator).
    expect(data<{ id: string }[]>(await wh.dispatch('stores.list', {})).map((s) => s.id)).toEqual([TEAM_STORE])
    const [o1, o2] = stack.shipped()
    await expect
      .poll(async () => (await wh.dispatch('orders.get', { storeId: TEAM_STORE, amazonOrderId: o2!.id })).ok, {
        timeout: 90_000,
        interval: 500
      })
      .toBe(true)

    // Online: a refund is applied by the server and answers the channel's output.
    const refund = await wh.dispatch('orders.refund', fullRefund(o1!))
    expect(refund.ok, JSON.stringify(refund)).toBe(true)
    const queued = data<QueueList>(await wh.dispatch('queue.list', { kind: 'refund', view: 'queued' }))
    expect(queued.rows.map((r) => r.amazonOrderId)).toContain(o1!.id)
    // …on the server, not in this desktop's single-seat SQLite.
    expect(wh.services.sqlite.prepare('SELECT count(*) AS n FROM queue_entries').get()).toEqual({ n: 0 })
    // An over-refund is refused at once with the server's reason.
    const over = await wh.dispatch('orders.refund', fullRefund(o1!))
    expect(!over.ok && over.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/more than was paid/) })

    // Role: refused before anything is queued.
    const forbidden = await fin.dispatch('orders.refund', fullRefund(o2!))
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN')
    expect(!forbidden.ok && forbidden.error.message).toMatch(/finance.*orders\.refund/)
    expect(!(await fin.dispatch('queue.list', { kind: 'refund' })).ok).toBe(true)
    expect(data<OutboxEntry[]>(await fin.dispatch('team.outbox', {}))).toHaveLength(0)
    // A channel of the server's domains that the server does not serve: refused, not local.
    const unserved = await wh.dispatch('rmas.addNote', { id: 1, body: 'x' })
    expect(!unserved.ok && unserved.error.code).toBe('NOT_IMPLEMENTED')

    // Pull the change log, then the server goes away.
    expect(data<{ error: unknown }>(await wh.dispatch('team.sync', {})).error).toBeNull()
    const port = stack.port()
    await stack.stop()

    // Offline reads: the local copy, in the contract's shapes, filtered and paged.
    const local = data<QueueList>(await wh.dispatch('queue.list', { kind: 'refund', view: 'queued', pageSize: 1 }))
    expect(local.rows).toHaveLength(1)
    expect(local.rows[0]!.amazonOrderId).toBe(o1!.id)
    expect(local.counts.queued).toBe(1)
    expect(data<QueueList>(await wh.dispatch('queue.list', { kind: 'cancel', view: 'queued' })).total).toBe(0)
    expect(data<{ rows: unknown[] }>(await wh.dispatch('holds.list', {})).rows).toEqual(expect.any(Array))
    expect(data<{ total: number }>(await wh.dispatch('rmas.list', {})).total).toBeGreaterThanOrEqual(0)
    // The order detail the server answered before: its last answer.
    const detail = data<{ order: { amazonOrderId: string } }>(
      await wh.dispatch('orders.get', { storeId: TEAM_STORE, amazonOrderId: o2!.id })
    )
    expect(detail.order.amazonOrderId).toBe(o2!.id)

    // Offline commands: QUEUED with the outbox id; an over-refund too (only the server can say no).
    const later = await wh.dispatch('orders.refund', fullRefund(o2!))
    expect(!later.ok && later.error).toMatchObject({ code: 'QUEUED', details: { outboxId: expect.any(String), channel: 'orders.refund' } })
    const again = await wh.dispatch('orders.refund', fullRefund(o1!))
    expect(!again.ok && again.error.code).toBe('QUEUED')
    expect(data<{ pending: number; online: boolean }>(await wh.dispatch('team.status', {}))).toMatchObject({ pending: 2, online: false })

    // The server is back: the outbox is sent; one applied, one refused with the server's reason.
    await stack.start(port)
    const sync = data<{ applied: number; refused: number; pending: number }>(await wh.dispatch('team.sync', {}))
    expect(sync).toMatchObject({ applied: 1, refused: 1, pending: 0 })
    const outbox = data<OutboxEntry[]>(await wh.dispatch('team.outbox', {}))
    const id = (r: typeof later) => (!r.ok ? (r.error.details as { outboxId: string }).outboxId : '')
    expect(outbox.find((e) => e.id === id(later))).toMatchObject({ state: 'applied' })
    expect(outbox.find((e) => e.id === id(again))).toMatchObject({ state: 'refused', error: { code: 'CONFLICT' } })
    const after = data<QueueList>(await wh.dispatch('queue.list', { kind: 'refund', view: 'queued' }))
    expect(after.rows.map((r) => r.amazonOrderId).sort()).toEqual([o1!.id, o2!.id].sort())
  }, 240_000)
})
