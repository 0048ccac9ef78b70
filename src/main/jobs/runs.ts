/** Job run records: the status line ("last job run") and scheduler catch-up read them. */
import { redactText } from '../log'
import { and, desc, eq, isNull, notInArray, or } from 'drizzle-orm'
import type { JobRun } from '../../shared/contract/app'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { jobRuns } from '../db/schema'
import type { EventBus } from '../events'

/** The columns a JobRun carries (the cursor stays internal). */
const JOB_RUN_COLUMNS = {
  id: jobRuns.id,
  name: jobRuns.name,
  storeId: jobRuns.storeId,
  status: jobRuns.status,
  startedAt: jobRuns.startedAt,
  finishedAt: jobRuns.finishedAt,
  message: jobRuns.message
}

/** Housekeeping jobs (every few minutes) the status line leaves out unless they fail. */
export const QUIET_JOBS = new Set(['holds.notify'])

/** A store's runs, or with '' / null the runs of whole-database jobs (storeId null). */
const ofStore = (storeId: string | null) => (storeId ? eq(jobRuns.storeId, storeId) : isNull(jobRuns.storeId))

export class JobRunsService {
  constructor(private readonly deps: { db: Db; clock: Clock; events: EventBus }) {}

  start(name: string, storeId: string | null): number {
    const r = this.deps.db
      .insert(jobRuns)
      .values({ name, storeId, status: 'running', startedAt: this.deps.clock.now().toISOString() })
      .returning({ id: jobRuns.id })
      .get()
    return r.id
  }

  finish(id: number, status: 'succeeded' | 'failed', message?: string, cursor?: string): void {
    const row = this.deps.db
      .update(jobRuns)
      .set({
        status,
        message: message ? redactText(message) : null,
        finishedAt: this.deps.clock.now().toISOString(),
        ...(cursor ? { cursor } : {})
      })
      .where(eq(jobRuns.id, id))
      .returning()
      .get()
    if (row) {
      this.deps.events.emit('job.finished', {
        jobId: String(id),
        name: row.name,
        storeId: row.storeId,
        status,
        ...(message ? { message } : {})
      })
    }
  }

  /** Runs `work` as a recorded job; its return value's message (if any) is stored. */
  async run<T>(name: string, storeId: string | null, work: (jobId: number) => Promise<T>, describe?: (r: T) => string): Promise<T> {
    const id = this.start(name, storeId)
    try {
      const result = await work(id)
      this.finish(id, 'succeeded', describe?.(result))
      return result
    } catch (e) {
      this.finish(id, 'failed', e instanceof Error ? e.message : String(e))
      throw e
    }
  }

  /**
   * The run the status line shows: the newest one, leaving out housekeeping jobs that run every
   * few minutes (QUIET_JOBS) unless they failed.
   */
  lastForStatusLine(): JobRun | null {
    return (
      this.deps.db
        .select(JOB_RUN_COLUMNS)
        .from(jobRuns)
        .where(or(notInArray(jobRuns.name, [...QUIET_JOBS]), eq(jobRuns.status, 'failed')))
        .orderBy(desc(jobRuns.id))
        .limit(1)
        .get() ?? null
    )
  }

  recent(limit: number): JobRun[] {
    return this.deps.db.select(JOB_RUN_COLUMNS).from(jobRuns).orderBy(desc(jobRuns.id)).limit(limit).all()
  }

  /** The newest runs of one job for one store, newest first. */
  recentFor(name: string, storeId: string | null, limit: number): JobRun[] {
    return this.deps.db
      .select(JOB_RUN_COLUMNS)
      .from(jobRuns)
      .where(and(eq(jobRuns.name, name), ofStore(storeId)))
      .orderBy(desc(jobRuns.id))
      .limit(limit)
      .all()
  }

  /** The newest successful run, however many failures came after it. */
  lastSuccess(name: string, storeId: string | null): JobRun | null {
    return (
      this.deps.db
        .select(JOB_RUN_COLUMNS)
        .from(jobRuns)
        .where(and(eq(jobRuns.name, name), ofStore(storeId), eq(jobRuns.status, 'succeeded')))
        .orderBy(desc(jobRuns.id))
        .limit(1)
        .get() ?? null
    )
  }
}
