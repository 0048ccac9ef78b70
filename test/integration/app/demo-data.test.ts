/**
 * The demo fills every work screen: a fresh database started with the demo store gets data on
 * Orders, Reimbursements, RMAs (and so Receive), the refund and cancellation queues (queued
 * entries and batches with results), holds, claims and deadlines — through the real syncs and
 * downloads against the built-in emulator. Generous polls only (the speed is in bench/).
 */
import { describe, expect, it } from 'vitest'
import { envSpApi } from '../amazon/helpers'
import { makeServices } from '../../helpers/services'

type Dispatch = ReturnType<typeof makeServices>['dispatch']

async function call<T>(dispatch: Dispatch, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(channel as never, input as never)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.data as T
}

/** Each work screen's data source, as a count (what the screen would list). */
export async function demoCounts(dispatch: Dispatch, storeId: string) {
  const total = async (channel: string, input: unknown) => (await call<{ total: number }>(dispatch, channel, input)).total
  const batches = await call<{ rows: { finishedAt: string | null; okCount: number; errorCount: number }[] }>(dispatch, 'queue.batches', {
    storeId
  })
  return {
    orders: await total('orders.list', { storeId }),
    reimbursements: await total('reimbursements.list', { storeId }),
    rmas: await total('rmas.list', { storeId }),
    rmasOpen: await total('rmas.list', { storeId, status: 'Open' }),
    queuedRefunds: await total('queue.list', { storeId, kind: 'refund', view: 'queued' }),
    queuedCancels: await total('queue.list', { storeId, kind: 'cancel', view: 'queued' }),
    batches: batches.rows.length,
    /** Batches the emulator answered: finished, with per-entry results. */
    batchesWithResults: batches.rows.filter((b) => b.finishedAt !== null && b.okCount + b.errorCount > 0).length,
    holds: (await call<{ rows: unknown[] }>(dispatch, 'holds.list', { storeId, view: 'all' })).rows.length,
    claims: (await call<{ findings: unknown[] }>(dispatch, 'claims.list', { storeId })).findings.length,
    deadlines: (await call<{ items: unknown[] }>(dispatch, 'deadlines.list', { storeId })).items.length
  }
}

describe('the demo store fills every screen', () => {
  it('on a fresh database, every work screen gets data', async () => {
    const t = makeServices({ spApi: envSpApi({ demoStore: true }), realClock: true })
    try {
      await t.services.start()
      const stores = await t.services.stores.list()
      const demo = stores.find((s) => s.isDemo)
      expect(demo).toBeDefined()
      const storeId = demo!.id
      let last: Awaited<ReturnType<typeof demoCounts>> | null = null
      await expect
        .poll(
          async () => {
            last = await demoCounts(t.dispatch, storeId)
            return Object.entries(last)
              .filter(([, n]) => n === 0)
              .map(([k]) => k)
          },
          { timeout: 90_000, interval: 1000 }
        )
        .toEqual([])
      console.log('demo counts', last)
    } finally {
      await t.services.stop()
      t.close()
    }
  }, 120_000)
})
