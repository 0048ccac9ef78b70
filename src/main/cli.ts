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
import { databaseFault } from './errors'
import { closeLogFiles, redactText } from './log'

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
  .showHelpAfterError()

function context(): CliContext & { queue: QueueService; orders: OrdersService; team: TeamClient } {
  const { services } = bootServices({ here: __dirname, dbFlag: program.opts<{ db?: string }>().db, mode: 'cli' })
  const dispatch = createDispatch(createHandlers(services), services.log)
  return {
    clock: services.clock,
    files: services.files,
    queue: services.queue,
    orders: services.orders,
    team: services.team,
    close: () => services.close(),
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
