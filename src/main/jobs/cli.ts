/**
 * `npm run cli -- sync now JOB [--store ID]`: the status line's "sync now", per job. JOB is the
 * job's name as the status line and `jobs` show it (orders.sync, reimbursements.sync,
 * rmas.download, …). The run goes through the same channel as the screen (`jobs.runNow`, which
 * starts it in the background) and the command then joins that very run (the scheduler runs a job
 * once per store at a time), so it returns when the run has finished and says how it went.
 */
import type { Command } from 'commander'
import { withContext, type CliContext } from '../cli-context'
import type { JobRun } from '../../shared/contract/app'
import type { Scheduler } from './scheduler'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

type SyncCliContext = CliContext & { scheduler: Pick<Scheduler, 'status' | 'runNow'> }

export type SyncOutcome = { job: string; storeId: string | null; status: JobRun['status']; message: string | null }

export function registerSyncCommands(program: Command, ctxOf: () => SyncCliContext): void {
  const sync = program.command('sync').description("run a periodic job now (the status line's sync now)")
  sync
    .command('now <job>')
    .description('run JOB now and wait for it: for --store, or for every store the job is switched on for')
    .option('--store <id>', 'only this store (the job runs even when its setting is off, as from the screen)')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, job: string, o: { store?: string; json?: boolean }) => {
        const all = ctx.scheduler.status()
        const names = [...new Set(all.map((j) => j.name))].sort()
        const of = all.filter((j) => j.name === job)
        if (of.length === 0) throw new Error(`NOT_FOUND: no job ${job}. Jobs: ${names.join(', ')}`)
        const global = of.every((j) => j.storeId === '')
        let storeIds: string[]
        if (global) storeIds = ['']
        else if (o.store) {
          // The channel checks the store exists (NOT_FOUND otherwise), as for the screen.
          storeIds = [o.store]
        } else storeIds = of.filter((j) => j.enabled).map((j) => j.storeId)
        if (storeIds.length === 0) throw new Error(`VALIDATION: ${job} is switched off for every store; give --store ID to run it anyway`)

        const outcomes: SyncOutcome[] = []
        for (const storeId of storeIds) {
          // A global job (the daily backup) has no store: the channel needs one, so it starts here.
          if (storeId) await ctx.call('jobs.runNow', { name: job, storeId })
          await ctx.scheduler.runNow(job, storeId).catch(() => undefined) // joins the run the channel started
          const runs = (await ctx.call('jobs.recent', { limit: 200 })) as JobRun[]
          const run = runs.find((r) => r.name === job && (r.storeId ?? '') === storeId)
          outcomes.push({ job, storeId: storeId || null, status: run?.status ?? 'failed', message: run?.message ?? null })
        }
        if (o.json) print(outcomes)
        else
          for (const r of outcomes)
            console.log(`${r.job}${r.storeId ? ` (store ${r.storeId})` : ''}: ${r.status}${r.message ? ` — ${r.message}` : ''}`)
        if (outcomes.some((r) => r.status !== 'succeeded')) {
          console.error('Some runs failed (see above); the scheduler retries them.')
          process.exitCode = 1
        }
      })
    )
}
