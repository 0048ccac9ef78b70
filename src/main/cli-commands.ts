/** CLI commands per domain. Each prints JSON with --json, a readable table otherwise. */
import type { Command } from 'commander'
import type { Extensions } from './extensions'
import type { Services } from './services'
import { SETTING_KEYS } from '../shared/contract/settings'
import { registerRmaCommands } from './returns/cli'
import { registerReimbursementCommands } from './reimbursements/cli'
import { registerQueueCommands } from './queue/cli'
import { registerOrderImportCommands } from './orders/import-cli'
import { registerHoldCommands } from './holds/cli'
import { registerOrderCommands } from './orders/cli'
import { registerBackupCommands } from './backup/cli'

export type CliContext = {
  services: Services
  extensions: Extensions
  call: (channel: string, input: unknown) => Promise<unknown>
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean)

/**
 * The one exit-code rule of every import command (README, "Import exit codes"):
 * - 0: every row of the file is in (or the file has no data rows at all);
 * - 2: some rows were rejected — listed with line and reason — and the rest imported;
 * - 1: the file was refused and nothing was written (a failed call exits 1 on its own; this
 *   covers an importer that writes nothing because of its rejected rows, as the order import does).
 * A preview exits as the import would. Call it after printing the summary.
 */
export function setImportExitCode(outcome: { rejectedCount: number; written: 'rest' | 'nothing-when-rejected'; preview?: boolean }): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0
  if (outcome.rejectedCount > 0) code = outcome.written === 'rest' ? 2 : 1
  if (code === 1)
    console.error(
      `${outcome.preview ? 'The import would refuse this file' : 'File refused, nothing imported'}: ${outcome.rejectedCount} ${outcome.rejectedCount === 1 ? 'row was' : 'rows were'} rejected (listed above with line and reason). Fix ${outcome.rejectedCount === 1 ? 'it' : 'them'} and import the file again.`
    )
  else if (code === 2)
    console.error(
      `${outcome.rejectedCount} ${outcome.rejectedCount === 1 ? 'row was' : 'rows were'} rejected (listed above with line and reason); ${outcome.preview ? 'the import would bring in the other rows' : 'the other rows were imported'}.`
    )
  if (code !== 0) process.exitCode = code
  return code
}

/** Runs a command body with a fresh context and closes the database afterwards. */
export const withContext =
  <A extends unknown[]>(ctxOf: () => CliContext, body: (ctx: CliContext, ...args: A) => Promise<void>) =>
  async (...args: A) => {
    const ctx = ctxOf()
    try {
      await body(ctx, ...args)
    } finally {
      ctx.services.close()
    }
  }

export function registerCommands(program: Command, ctxOf: () => CliContext): void {
  const stores = program.command('stores').description('seller accounts')
  stores
    .command('list')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { json?: boolean }) => {
        const rows = (await ctx.call('stores.list', {})) as { id: string; name: string; region: string; sellerId: string; marketplaceIds: string[]; isDemo: boolean; hasCredentials: boolean }[]
        if (o.json) return print(rows)
        if (rows.length === 0) return console.log('No stores yet. Add one: npm run cli -- stores add --help')
        console.table(rows.map((r) => ({ id: r.id, name: r.name, region: r.region, sellerId: r.sellerId, marketplaces: r.marketplaceIds.join(' '), credentials: r.hasCredentials ? 'keychain' : '—', demo: r.isDemo ? 'yes' : '' })))
      })
    )
  stores
    .command('add')
    .requiredOption('--name <name>')
    .requiredOption('--region <NA|EU|FE>')
    .requiredOption('--seller-id <id>')
    .requiredOption('--marketplaces <ids>', 'comma-separated marketplace ids')
    .requiredOption('--lwa-client-id <id>')
    .option('--lwa-client-secret-env <VAR>', 'read the LWA client secret from this environment variable')
    .option('--refresh-token-env <VAR>', 'read the refresh token from this environment variable')
    .action(
      withContext(ctxOf, async (ctx, o: Record<string, string>) => {
        // Secrets come from the environment, never from argv (argv shows up in `ps` and shell history).
        const secret = o.lwaClientSecretEnv ? process.env[o.lwaClientSecretEnv] : undefined
        const token = o.refreshTokenEnv ? process.env[o.refreshTokenEnv] : undefined
        print(
          await ctx.call('stores.create', {
            name: o.name,
            region: o.region,
            sellerId: o.sellerId,
            marketplaceIds: list(o.marketplaces ?? ''),
            lwaClientId: o.lwaClientId,
            ...(secret || token ? { secrets: { ...(secret ? { lwaClientSecret: secret } : {}), ...(token ? { refreshToken: token } : {}) } } : {})
          })
        )
      })
    )
  stores
    .command('remove <id>')
    .action(withContext(ctxOf, async (ctx, id: string) => print(await ctx.call('stores.remove', { id }))))
  stores
    .command('test <id>')
    .description('test the SP-API connection of a store')
    .action(withContext(ctxOf, async (ctx, id: string) => print(await ctx.call('stores.testConnection', { id }))))

  const settings = program.command('settings').description('per-store settings')
  settings
    .command('get <storeId>')
    .action(withContext(ctxOf, async (ctx, storeId: string) => print(await ctx.call('settings.get', { storeId }))))
  settings
    .command('set <storeId> <key> <value>')
    .description(`keys: ${SETTING_KEYS.join(', ')}; value: on|off`)
    .action(
      withContext(ctxOf, async (ctx, storeId: string, key: string, value: string) => {
        if (!['on', 'off', 'true', 'false'].includes(value)) throw new Error(`value must be on or off, got ${value}`)
        print(await ctx.call('settings.update', { storeId, patch: { [key]: value === 'on' || value === 'true' } }))
      })
    )

  program
    .command('jobs')
    .description('recent job runs')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .action(withContext(ctxOf, async (ctx, o: { limit: number }) => print(await ctx.call('jobs.recent', { limit: o.limit }))))
  registerRmaCommands(program, ctxOf)
  registerReimbursementCommands(program, ctxOf)
  registerQueueCommands(program, ctxOf)
  registerOrderImportCommands(program, ctxOf)
  registerHoldCommands(program, ctxOf)
  registerOrderCommands(program, ctxOf)
  registerBackupCommands(program)
}
