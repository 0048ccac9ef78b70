/**
 * The demo fills every work screen: a fresh database started with the demo store gets data on
 * Orders, Reimbursements, RMAs (and so Receive), the refund and cancellation queues (queued
 * entries and batches with results), holds, claims and deadlines — through the real syncs and
 * downloads against the built-in emulator. Generous polls only (the speed is in bench/).
 */
import { describe, expect, it } from 'vitest'
import { envSpApi } from '../amazon/helpers'
import { makeServices } from '../../helpers/services'
import { demoCounts } from '../../helpers/demo'

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
