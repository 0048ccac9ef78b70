/**
 * The team server killed mid-batch: a submitter runs in a child process, the emulator pauses its
 * createFeed, the test kills the child with SIGKILL while that request is in flight and then lets
 * Amazon process it (the answer is lost: the feed exists at Amazon, the database says
 * `submitting`). A second submitter process waits for the dead one's lease to expire, takes it
 * with the next fencing token, checks Amazon's record before anything is resent — and Amazon
 * receives each refund exactly once.
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { teamLeases, teamQueueBatches } from '../../../src/main/team/pg/schema'
import { setupTeamQueue, STORE } from './queue-helpers'

const ROOT = resolve(__dirname, '../../..')
const CHILD = join(__dirname, 'submitter-child.ts')
const LEASE_MS = 1500

let t: Awaited<ReturnType<typeof setupTeamQueue>>
beforeAll(async () => {
  t = await setupTeamQueue()
  await t.sync()
}, 120_000)
afterAll(async () => t?.close())

function child() {
  // tsx as a loader in this one process (its CLI would run the script in a grandchild SIGKILL misses).
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, TEAM_DB_URL: t.url, EMU_BASE_URL: t.emu.baseUrl, EMU_LWA_URL: t.emu.lwaTokenUrl, LEASE_MS: String(LEASE_MS) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  p.stdout.on('data', (d) => (out += String(d)))
  p.stderr.on('data', (d) => (err += String(d)))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((res) =>
    p.on('exit', (code, signal) => res({ code, signal, out, err }))
  )
  return { p, done }
}

describe('team submitter killed mid-batch', () => {
  it('kill -9 during createFeed (Amazon created the feed, the answer was lost): another process applies each refund once', async () => {
    const orders = t.shipped.slice(0, 2)
    expect(orders).toHaveLength(2)
    for (const o of orders) expect((await t.send(t.alice, 'orders.refund', t.refundInput(o))).status).toBe('applied')
    const processed = await t.send(t.alice, 'queue.process', { kind: 'refund', selection: { filter: { kind: 'refund', view: 'queued' } } })
    const batchId = (processed.result as { batches: { id: number }[] }).batches[0]!.id

    let first: ReturnType<typeof child> | null = null
    let killed = false
    t.emu.inject({
      kind: 'pause',
      operation: 'createFeed',
      count: 1,
      onPaused: (release) => {
        killed = first!.p.kill('SIGKILL')
        // Amazon handles the request after the caller died: the feed exists, nobody heard the answer.
        void first!.done.then(() => release('lose-answer'))
      }
    })
    first = child()
    const r1 = await first.done
    expect(killed, `the child reached createFeed: ${r1.out} ${r1.err}`).toBe(true)
    expect(r1.signal).toBe('SIGKILL')
    const [mid] = await t.db.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, batchId))
    expect(mid!.state).toBe('submitting')
    const [deadLease] = await t.db.select().from(teamLeases).where(eq(teamLeases.storeId, STORE))
    t.emu.clearFailures()

    const r2 = await child().done
    expect(r2.code, `${r2.out}\n${r2.err}`).toBe(0)
    const [end] = await t.db.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, batchId))
    expect(end!.state).toBe('done')
    // The second process took the lease with the next token (the dead holder's is fenced off).
    expect(end!.leaseToken).toBeGreaterThan(deadLease!.token)
    for (const o of orders) {
      expect(t.received(o.id), `order ${o.id}`).toBe(1)
      expect(t.emu.refunds({ orderId: o.id })).toHaveLength(o.items.length)
    }
  }, 240_000)
})
