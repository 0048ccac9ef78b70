/**
 * The daily sync over real HTTP against the SP-API emulator: 18-month backfill in windows, a
 * missed day caught up, a failed window recorded and retried (not skipped), idempotent re-sync.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { REIMBURSEMENT_SYNC_JOB, registerReimbursementSyncJob } from '../../../src/main/reimbursements/sync.job'
import { BACKFILL_DAYS, planWindows } from '../../../src/main/reimbursements/sync-windows'
import { makeServices } from '../../helpers/services'
import { connectEmulatorStore } from '../amazon/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const NOW = '2026-11-22T10:00:00.000Z'
const DAY = 86_400_000

async function setup() {
  const speedUp = 200
  const t = makeServices({ now: NOW })
  cleanups.push(t.close)
  // The emulator's clock is the test clock plus real elapsed time (its rate-limit buckets refill with time).
  const real0 = Date.now()
  const { emu, store, factory, close } = await connectEmulatorStore(t, {
    speedUp,
    emu: { seed: 7, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: new Date('2026-11-22T00:00:00Z') }
  })
  cleanups.push(close)
  const progress: { done: number; total: number | null }[] = []
  t.services.events.onAny((name, p) => {
    if (name === 'job.progress') progress.push(p as { done: number; total: number | null })
  })
  registerReimbursementSyncJob(t.services.scheduler, {
    db: t.services.db,
    clock: t.clock,
    events: t.services.events,
    importer: t.services.reimbursements.importer,
    stores: t.services.stores,
    clientFor: (id) => factory.forStore(id),
    poll: { intervalMs: 10, maxPolls: 400 }
  })
  const windows = () =>
    t.services.sqlite
      .prepare(
        'SELECT window_start AS s, window_end AS e, status, attempts, last_error AS err FROM reimbursement_sync_windows ORDER BY window_start, window_end'
      )
      .all() as {
      s: string
      e: string
      status: string
      attempts: number
      err: string | null
    }[]
  const count = () => (t.services.sqlite.prepare('SELECT count(*) AS n FROM reimbursements').get() as { n: number }).n
  return { t, emu, store, windows, count, progress }
}

describe('planWindows (pure)', () => {
  it('backfills 18 months in 30-day windows, then reaches back a week past what is covered', () => {
    const now = new Date(NOW)
    const first = planWindows(now, null)
    expect(first.length).toBe(Math.ceil(BACKFILL_DAYS / 30))
    expect(first[0]!.start).toBe(new Date(Date.parse('2026-11-22T00:00:00Z') - BACKFILL_DAYS * DAY).toISOString())
    expect(first.at(-1)!.end).toBe(NOW)
    for (let i = 1; i < first.length; i++) expect(first[i]!.start).toBe(first[i - 1]!.end)
    const next = planWindows(new Date(Date.parse(NOW) + 3 * DAY), NOW)
    expect(next).toEqual([{ start: '2026-11-15T00:00:00.000Z', end: '2026-11-25T10:00:00.000Z' }])
    const afterMonthOff = planWindows(new Date(Date.parse(NOW) + 45 * DAY), NOW)
    expect(afterMonthOff.length).toBe(2)
    expect(afterMonthOff[0]!.start).toBe('2026-11-15T00:00:00.000Z')
  })
})

describe('reimbursements sync against the emulator', () => {
  it('backfills 18 months, reports progress, and a second sync changes nothing', async () => {
    const { t, store, windows, count, progress } = await setup()
    await t.services.scheduler.runNow(REIMBURSEMENT_SYNC_JOB, store.id)
    const w = windows()
    expect(w.length).toBe(Math.ceil(BACKFILL_DAYS / 30))
    expect(w.every((x) => x.status === 'done')).toBe(true)
    const n = count()
    expect(n).toBeGreaterThan(20)
    expect(progress.at(-1)).toMatchObject({ done: w.length, total: w.length })
    // Reversals from Amazon are linked to their originals.
    const reversals = t.services.sqlite
      .prepare("SELECT count(*) AS n, count(original_row_id) AS linked FROM reimbursements WHERE reason = 'Reimbursement_Reversal'")
      .get() as { n: number; linked: number }
    expect(reversals.n).toBeGreaterThan(0)
    expect(reversals.linked).toBe(reversals.n)
    expect(t.services.reimbursements.syncStatus(store.id)).toMatchObject({ windows: w.length, done: w.length, failed: 0 })
    expect(t.services.jobs.lastSuccess(REIMBURSEMENT_SYNC_JOB, store.id)?.message).toMatch(/windows synced/)

    // A missed day: three days later the scheduler catches up with one window reaching back a week.
    t.clock.advance(3 * DAY)
    await t.services.scheduler.catchUp()
    const w2 = windows()
    expect(w2.length).toBe(w.length + 1)
    expect(w2.find((x) => x.e === new Date(Date.parse(NOW) + 3 * DAY).toISOString())).toMatchObject({
      s: '2026-11-15T00:00:00.000Z',
      status: 'done'
    })
    expect(count()).toBe(n)
    // Not due again the same day.
    await t.services.scheduler.catchUp()
    expect(windows().length).toBe(w2.length)
  })

  it('records a failed window and retries it on the next run instead of skipping it', async () => {
    const { t, emu, store, windows, count } = await setup()
    emu.inject({ kind: 'reportFatal', count: 1 })
    await expect(t.services.scheduler.runNow(REIMBURSEMENT_SYNC_JOB, store.id)).rejects.toThrow(/1 failed; will retry/)
    const failed = windows().filter((x) => x.status === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.err).toMatch(/FATAL/)
    expect(t.services.scheduler.status(store.id).find((s) => s.name === REIMBURSEMENT_SYNC_JOB)).toMatchObject({
      lastFailureAt: expect.any(String)
    })
    const before = count()
    // The retry (after retryMs, or "sync now") picks the failed window up again.
    await t.services.scheduler.runNow(REIMBURSEMENT_SYNC_JOB, store.id)
    const again = windows()
    expect(again.every((x) => x.status === 'done')).toBe(true)
    expect(again.find((x) => x.s === failed[0]!.s && x.e === failed[0]!.e)!.attempts).toBe(2)
    expect(count()).toBeGreaterThanOrEqual(before)
  })
})
