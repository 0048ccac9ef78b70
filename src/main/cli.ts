/**
 * Headless CLI over the same services as the app: `npm run cli -- --help`.
 * Every command takes --db PATH (or SBO_DB) so scripts and tests can use any database file.
 * Domains add their commands through registerCommands (see cli-commands.ts).
 */
import { Command } from 'commander'
import { bootServices } from './bootstrap'
import { createDispatch } from './dispatch'
import { createHandlers } from './handlers'
import { registerCommands } from './cli-commands'
import type { CliContext } from './cli-context'
import type { OrdersService } from './orders/service'
import type { QueueService } from './queue/service'
import type { TeamClient } from './team/client/service'
import type { Scheduler } from './jobs/scheduler'
import { databaseFault } from './errors'
import { closeLogFiles, redactText } from './log'
import { demoSettings } from './demo-seed'

// Every line the CLI prints (tables, JSON, errors — Amazon's texts included) goes through the
// secret redaction: a stored client secret or refresh token never reaches the terminal or a pipe.
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? redactText(chunk) : chunk, ...rest)) as typeof stream.write
}

const program = new Command()
  .name('seller-back-office')
  .description('Seller Back Office from the terminal: the same services and database as the app.')
  .option('--db <path>', 'SQLite database file (default: SBO_DB or the user-data folder)')
  .option('--demo', 'create the demo store (built-in emulator) in this database if it never had one')
  .showHelpAfterError()

type Ctx = CliContext & { queue: QueueService; orders: OrdersService; team: TeamClient; scheduler: Scheduler }
let booted: { services: ReturnType<typeof bootServices>['services']; ctx: Ctx } | null = null

/** One set of services per run (a command and the --demo hook share them). */
function context(): Ctx {
  if (!booted) {
    const { services } = bootServices({ here: __dirname, dbFlag: program.opts<{ db?: string }>().db, mode: 'cli' })
    booted = { services, ctx: makeContext(services) }
  }
  return booted.ctx
}

function makeContext(services: ReturnType<typeof bootServices>['services']): Ctx {
  const dispatch = createDispatch(createHandlers(services), services.log)
  return {
    clock: services.clock,
    files: services.files,
    queue: services.queue,
    orders: services.orders,
    team: services.team,
    scheduler: services.scheduler,
    // Stop and wait for what an action started in the background (a queue kick drives batches,
    // a job may run) before the database closes: nothing may touch it afterwards.
    close: async () => {
      const engine = services.queue.submission
      engine?.stop()
      await engine?.idle()
      await services.scheduler.stop()
      services.close()
    },
    /** Calls a contract channel; prints the error and exits non-zero when it fails. */
    call: async (channel, input) => {
      const r = await dispatch(channel, input)
      if (!r.ok) {
        console.error(`${r.error.code}: ${r.error.message}`)
        process.exitCode = 1
        throw new CliExit()
      }
      return r.data
    }
  }
}

class CliExit extends Error {}

registerCommands(program, context)

// --demo: create the demo store (once per database, with its settings) before the command runs;
// bootstrap.ts sees the flag too and configures the demo's emulator backend.
program.hook('preAction', async () => {
  if (!program.opts<{ demo?: boolean }>().demo) return
  context()
  const services = booted!.services
  const id = await services.demo.ensureDemoStore()
  if (id) demoSettings(services, id)
})

program
  .parseAsync()
  .catch((e: unknown) => {
    if (!(e instanceof CliExit)) {
      // A database fault outside a call (opening the file): its name and plain words, not SQLite's.
      const fault = databaseFault(e)
      console.error(fault ? `${fault.code}: ${fault.message}` : e instanceof Error ? e.message : String(e))
      process.exitCode = 1
    }
  })
  .finally(closeLogFiles)
