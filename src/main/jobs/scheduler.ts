/**
 * Periodic jobs per store (daily reimbursements sync, scheduled return-report download, queue
 * auto-submit): one scheduler for all of them.
 * - A job is due when its last success for that store is older than its interval (or it never
 *   succeeded). "Last success" comes from job_runs, so a laptop that slept or was offline catches
 *   up at start-up (`catchUp()`), on resume, and on every tick.
 * - A failed run (OFFLINE, THROTTLED, ...) is retried after `retryMs`, not skipped.
 * - Single-flight per (job, store); every run is recorded by JobRunsService.
 * Time comes from the injected Clock; timers from the injected setInterval, so tests drive it.
 */
import type { Clock } from '../clock'
import type { Logger } from '../log'
import type { JobRunsService } from './runs'

export type JobContext = {
  storeId: string
  runId: number
  signal: AbortSignal
  /** Reports progress (shown in the UI through job.progress events). */
  progress(done: number, total: number | null, message?: string): void
}

export type JobDefinition = {
  /** Stable name, e.g. 'reimbursements.sync'; also the job_runs name. */
  name: string
  intervalMs: number
  /** Retry delay after a failed run (default: 15 minutes). */
  retryMs?: number
  /**
   * One job for the whole database (e.g. the daily backup), not one per store: its status and
   * runs have storeId '' in the scheduler and null in job_runs.
   */
  global?: boolean
  /** Whether the job applies to this store now (e.g. a setting is on). */
  enabled(storeId: string): boolean
  run(ctx: JobContext): Promise<string | void>
}

export type JobStatus = {
  name: string
  storeId: string
  intervalMs: number
  enabled: boolean
  running: boolean
  lastSuccessAt: string | null
  lastFailureAt: string | null
  lastMessage: string | null
  nextDueAt: string
}

export class Scheduler {
  private readonly jobs = new Map<string, JobDefinition>()
  private readonly running = new Map<string, { promise: Promise<void>; abort: AbortController }>()
  private timer: { clear(): void } | null = null

  constructor(
    private readonly deps: {
      clock: Clock
      runs: JobRunsService
      log: Logger
      storeIds: () => string[]
      emitProgress?: (p: { jobId: string; name: string; storeId: string; done: number; total: number | null; message?: string }) => void
      setInterval?: (fn: () => void, ms: number) => { clear(): void }
    }
  ) {}

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`)
    this.jobs.set(job.name, job)
  }

  private key = (name: string, storeId: string) => `${name}\u0000${storeId}`

  status(storeId?: string): JobStatus[] {
    const out: JobStatus[] = []
    for (const job of this.jobs.values()) {
      for (const sid of job.global ? [''] : this.deps.storeIds()) {
        if (storeId && sid !== storeId) continue
        out.push(this.statusOf(job, sid))
      }
    }
    return out
  }

  private statusOf(job: JobDefinition, storeId: string): JobStatus {
    const success = this.deps.runs.lastSuccess(job.name, storeId)
    const last = this.deps.runs.recentFor(job.name, storeId, 5).find((r) => r.status !== 'running')
    const lastFailed = last?.status === 'failed' ? last : null
    const at = (r: { finishedAt: string | null; startedAt: string }) => new Date(r.finishedAt ?? r.startedAt).getTime()
    // After a failure: retry soon. After a success: the interval. Never ran: due now.
    const nextDue = lastFailed
      ? at(lastFailed) + (job.retryMs ?? 15 * 60_000)
      : success
        ? at(success) + job.intervalMs
        : this.deps.clock.now().getTime()
    return {
      name: job.name,
      storeId,
      intervalMs: job.intervalMs,
      enabled: job.enabled(storeId),
      running: this.running.has(this.key(job.name, storeId)),
      lastSuccessAt: success ? (success.finishedAt ?? success.startedAt) : null,
      lastFailureAt: lastFailed ? (lastFailed.finishedAt ?? lastFailed.startedAt) : null,
      lastMessage: last?.message ?? null,
      nextDueAt: new Date(nextDue).toISOString()
    }
  }

  /** Starts every enabled job that is due; returns when they have all finished. */
  async catchUp(): Promise<void> {
    const statuses = this.status()
    // Read the clock after the statuses: a never-run job is due "now" as of its status.
    const now = this.deps.clock.now().getTime()
    const started: Promise<void>[] = []
    for (const s of statuses) {
      if (!s.enabled || s.running) continue
      if (new Date(s.nextDueAt).getTime() <= now) started.push(this.runNow(s.name, s.storeId).catch(() => undefined))
    }
    await Promise.all(started)
  }

  /** Runs a job for a store now (single-flight: joins a run already in progress). */
  runNow(name: string, storeId: string): Promise<void> {
    const job = this.jobs.get(name)
    if (!job) return Promise.reject(new Error(`unknown job ${name}`))
    const key = this.key(name, storeId)
    const existing = this.running.get(key)
    if (existing) return existing.promise
    const abort = new AbortController()
    const promise = this.deps.runs
      .run(
        name,
        storeId || null,
        (runId) =>
          job.run({
            storeId,
            runId,
            signal: abort.signal,
            progress: (done, total, message) =>
              this.deps.emitProgress?.({ jobId: String(runId), name, storeId, done, total, ...(message ? { message } : {}) })
          }),
        (m) => (typeof m === 'string' ? m : '')
      )
      .then(() => undefined)
      .catch((e: unknown) => {
        this.deps.log.warn('job failed', { name, storeId, error: e })
        throw e
      })
      .finally(() => this.running.delete(key))
    this.running.set(key, { promise, abort })
    return promise
  }

  /** Ticks every `everyMs` (default 1 minute) and catches up at once. */
  start(everyMs = 60_000): void {
    if (this.timer) return
    const every =
      this.deps.setInterval ??
      ((fn: () => void, ms: number) => {
        const t = setInterval(fn, ms)
        t.unref()
        return { clear: () => clearInterval(t) }
      })
    this.timer = every(() => void this.catchUp(), everyMs)
    void this.catchUp()
  }

  async stop(): Promise<void> {
    this.timer?.clear()
    this.timer = null
    for (const r of this.running.values()) r.abort.abort()
    await Promise.allSettled([...this.running.values()].map((r) => r.promise))
  }
}
