/** Scheduled RMA download over real HTTP against the demo store's emulator. */
import { describe, expect, it } from 'vitest'
import { envSpApi } from '../amazon/helpers'
import { RMA_DOWNLOAD_JOB } from '../../../src/main/rmas/download.job'
import { makeServices } from '../../helpers/services'

describe('scheduled RMA download', () => {
  it('downloads the returns report for stores with the setting on, creates RMAs, and is idempotent', async () => {
    const t = makeServices({ realClock: true, spApi: envSpApi({ demoStore: true }) })
    const ext = t.services
    try {
      await ext.start()
      const [demo] = await t.services.stores.list()
      expect(demo?.isDemo).toBe(true)
      const job = () => t.services.scheduler.status(demo!.id).find((j) => j.name === RMA_DOWNLOAD_JOB)!
      // The demo store has the download on from the start (demo-seed.ts); the setting switches it.
      expect(job().enabled).toBe(true)
      t.services.stores.updateSettings(demo!.id, { downloadRmaReport: false })
      expect(job().enabled).toBe(false)
      t.services.stores.updateSettings(demo!.id, { downloadRmaReport: true })
      expect(job()).toMatchObject({ enabled: true, intervalMs: 4 * 3600_000 })

      await t.services.scheduler.runNow(RMA_DOWNLOAD_JOB, demo!.id)
      const run = t.services.jobs.recent(100).find((r) => r.name === RMA_DOWNLOAD_JOB)
      expect(run?.status, run?.message ?? '').toBe('succeeded')
      const first = await t.dispatch('rmas.list', { storeId: demo!.id, page: 1, pageSize: 100 })
      if (!first.ok) throw new Error(first.error.message)
      const total = (first.data as { total: number }).total
      expect(total).toBeGreaterThan(0)

      await t.services.scheduler.runNow(RMA_DOWNLOAD_JOB, demo!.id)
      const second = await t.dispatch('rmas.list', { storeId: demo!.id, page: 1, pageSize: 100 })
      expect((second as { data: { total: number } }).data.total).toBe(total)
    } finally {
      await ext.stop()
      t.close()
    }
  })
})
