import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/main/errors'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
afterEach(() => ctx?.close())

const HOUR = 3_600_000

describe('scheduler', () => {
  it('runs a never-run job at once, then only when its interval has passed', async () => {
    ctx = makeServices({ now: '2026-11-22T00:00:00.000Z' })
    const { id } = await ctx.services.stores.create(validStore)
    const calls: string[] = []
    ctx.services.scheduler.register({
      name: 'test.daily',
      intervalMs: 24 * HOUR,
      enabled: () => true,
      run: async ({ storeId }) => void calls.push(storeId)
    })
    await ctx.services.scheduler.catchUp()
    expect(calls).toEqual([id])
    ctx.clock.advance(23 * HOUR)
    await ctx.services.scheduler.catchUp()
    expect(calls).toHaveLength(1)
    // The laptop slept through the due time: the next catch-up runs it once, not once per missed day.
    ctx.clock.advance(3 * 24 * HOUR)
    await ctx.services.scheduler.catchUp()
    expect(calls).toHaveLength(2)
    const status = ctx.services.scheduler.status(id).find((j) => j.name === 'test.daily')
    expect(status).toMatchObject({ name: 'test.daily', enabled: true, lastSuccessAt: ctx.clock.now().toISOString() })
    expect(new Date(status!.nextDueAt).getTime()).toBe(ctx.clock.now().getTime() + 24 * HOUR)
  })

  it('runs never-run jobs on the first catch-up even when the clock moves between reads', async () => {
    ctx = makeServices()
    await ctx.services.stores.create(validStore)
    // A clock that advances on every read, like the real one does across milliseconds.
    const base = ctx.clock.now().getTime()
    let reads = 0
    const ticking = { now: () => new Date(base + reads++) }
    const { Scheduler } = await import('../../../src/main/jobs/scheduler')
    const scheduler = new Scheduler({
      clock: ticking,
      runs: ctx.services.jobs,
      log: ctx.services.log,
      storeIds: () => ctx.services.sqlite.prepare('SELECT id FROM stores').pluck().all() as string[]
    })
    let runs = 0
    scheduler.register({ name: 'test.first', intervalMs: HOUR, enabled: () => true, run: async () => void runs++ })
    await scheduler.catchUp()
    expect(runs).toBe(1)
  })

  it('retries a failed run after the retry delay instead of skipping it', async () => {
    ctx = makeServices({ now: '2026-11-22T00:00:00.000Z' })
    await ctx.services.stores.create(validStore)
    let online = false
    let runs = 0
    ctx.services.scheduler.register({
      name: 'test.sync',
      intervalMs: 24 * HOUR,
      retryMs: 15 * 60_000,
      enabled: () => true,
      run: async () => {
        runs++
        if (!online) throw new AppError('OFFLINE', 'no network')
        return 'synced'
      }
    })
    await ctx.services.scheduler.catchUp()
    expect(ctx.services.jobs.recent(20).find((r) => r.name === 'test.sync')).toMatchObject({ status: 'failed', message: 'no network' })
    ctx.clock.advance(10 * 60_000)
    await ctx.services.scheduler.catchUp()
    expect(runs).toBe(1)
    online = true
    ctx.clock.advance(6 * 60_000)
    await ctx.services.scheduler.catchUp()
    expect(runs).toBe(2)
    expect(ctx.services.jobs.recent(20).find((r) => r.name === 'test.sync')).toMatchObject({ status: 'succeeded', message: 'synced' })
  })

  it('skips stores where the job is off and never runs one job twice at once', async () => {
    ctx = makeServices()
    const a = await ctx.services.stores.create(validStore)
    const b = await ctx.services.stores.create({ ...validStore, name: 'Other' })
    let concurrent = 0
    let max = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    ctx.services.scheduler.register({
      name: 'test.gated',
      intervalMs: HOUR,
      enabled: (sid) => sid === a.id,
      run: async () => {
        concurrent++
        max = Math.max(max, concurrent)
        await gate
        concurrent--
      }
    })
    const first = ctx.services.scheduler.runNow('test.gated', a.id)
    const second = ctx.services.scheduler.runNow('test.gated', a.id)
    expect(ctx.services.scheduler.status(a.id).find((j) => j.name === 'test.gated')!.running).toBe(true)
    release()
    await Promise.all([first, second])
    expect(max).toBe(1)
    expect(ctx.services.jobs.recent(10).filter((r) => r.name === 'test.gated')).toHaveLength(1)
    expect(ctx.services.scheduler.status(b.id).find((j) => j.name === 'test.gated')!.enabled).toBe(false)
  })

  it('is reachable through the contract', async () => {
    ctx = makeServices()
    const { id } = await ctx.services.stores.create(validStore)
    ctx.services.scheduler.register({ name: 'test.contract', intervalMs: HOUR, enabled: () => true, run: async () => 'ok' })
    const r = await ctx.dispatch('jobs.schedule', { storeId: id })
    expect(r.ok).toBe(true)
    // Beside the app's own per-store jobs (holds.notify…).
    expect((r as { data: { name: string }[] }).data.find((j) => j.name === 'test.contract')).toMatchObject({
      name: 'test.contract',
      storeId: id,
      running: false
    })
    expect(await ctx.dispatch('jobs.runNow', { name: 'nope', storeId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('status line', () => {
  it('shows the newest run but not the every-5-minutes housekeeping, unless it failed', async () => {
    ctx = makeServices()
    const jobs = ctx.services.jobs
    expect(jobs.lastForStatusLine()).toBeNull()
    jobs.finish(jobs.start('rmas.download', null), 'succeeded', 'ok')
    jobs.finish(jobs.start('holds.notify', null), 'succeeded')
    expect(jobs.lastForStatusLine()).toMatchObject({ name: 'rmas.download' })
    jobs.finish(jobs.start('holds.notify', null), 'failed', 'boom')
    expect(jobs.lastForStatusLine()).toMatchObject({ name: 'holds.notify', status: 'failed' })
    const r = await ctx.dispatch('jobs.lastRun', {})
    expect(r).toMatchObject({ ok: true, data: { name: 'holds.notify' } })
  })
})
