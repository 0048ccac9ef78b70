/**
 * A team submitter in its own process (the crash test kills it with SIGKILL mid-batch and starts
 * another). Reads SBO_TEST_PG_URL-style settings from the environment, drives every unfinished
 * batch until final, prints `{"batches":[{id,state}]}` and exits 0.
 */
import { createLogger } from '../../../src/main/log'
import { openTeamDb } from '../../../src/main/team/pg/db'
import { teamQueueBatches } from '../../../src/main/team/pg/schema'
import { emulatorFactory, submitterFor } from './queue-helpers'

async function main() {
  const env = (k: string) => {
    const v = process.env[k]
    if (!v) throw new Error(`${k} is not set`)
    return v
  }
  const db = openTeamDb(env('TEAM_DB_URL'), { max: 2 })
  const factory = emulatorFactory(env('EMU_BASE_URL'), env('EMU_LWA_URL'))
  const submitter = submitterFor(db, factory, {
    leaseMs: Number(env('LEASE_MS')),
    holder: `child:${process.pid}`,
    log: createLogger({ level: 'warn' }),
    onStep: (id, state) => process.stdout.write(`step ${id} ${state} ${new Date().toISOString()}\n`)
  })
  process.stdout.write(`ready ${process.pid} ${new Date().toISOString()}\n`)
  await submitter.settle({ deadlineMs: 120_000 })
  const rows = await db.select({ id: teamQueueBatches.id, state: teamQueueBatches.state }).from(teamQueueBatches)
  process.stdout.write(`${JSON.stringify({ batches: rows })}\n`)
  await db.$client.end()
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})
