/** CLI commands per domain. Each prints JSON with --json, a readable table otherwise. */
import type { Command } from 'commander'
import { withContext, type CliContext } from './cli-context'
import { SETTING_KEYS } from '../shared/contract/settings'
import type { OrdersService } from './orders/service'
import type { QueueService } from './queue/service'
import { registerRmaCommands } from './rmas/cli'
import { registerReimbursementCommands } from './reimbursements/cli'
import { registerSettlementCommands } from './finances/cli'
import { registerCatalogCommands } from './reimbursements/catalog-cli'
import { registerQueueCommands } from './queue/cli'
import { registerOrderImportCommands } from './orders/import-cli'
import { registerHoldCommands } from './holds/cli'
import { registerOrderCommands } from './orders/cli'
import { registerBackupCommands } from './backups/cli'
import { registerTeamCommands } from './team/client/cli'
import { registerDeadlineCommands } from './deadlines/cli'
import { registerCaseCommands } from './cases/cli'
import { registerCostCommands } from './claims/costs-cli'
import { registerAuditCommands } from './audits/cli'
import { registerClaimCommands } from './claims/cli'
import type { TeamClient } from './team/client/service'
import type { Scheduler } from './jobs/scheduler'
import { registerSyncCommands } from './jobs/cli'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

export function registerCommands(
  program: Command,
  ctxOf: () => CliContext & { queue: QueueService; orders: OrdersService; team: TeamClient; scheduler: Scheduler }
): void {
  const stores = program.command('stores').description('seller accounts')
  stores
    .command('list')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { json?: boolean }) => {
        const rows = (await ctx.call('stores.list', {})) as {
          id: string
          name: string
          region: string
          sellerId: string | null
          marketplaceIds: string[]
          isDemo: boolean
          fileOnly: boolean
          hasCredentials: boolean
        }[]
        if (o.json) return print(rows)
        if (rows.length === 0) return console.log('No stores yet. Add one: npm run cli -- stores add --help')
        console.table(
          rows.map((r) => ({
            id: r.id,
            name: r.name,
            region: r.region,
            sellerId: r.sellerId ?? '—',
            marketplaces: r.marketplaceIds.join(' '),
            credentials: r.fileOnly ? 'files only' : r.hasCredentials ? 'keychain' : '—',
            demo: r.isDemo ? 'yes' : ''
          }))
        )
      })
    )
  // Secrets come from the environment, never from argv (argv shows up in `ps` and shell history).
  const secretsOf = (o: Record<string, string>) => {
    const secret = o.lwaClientSecretEnv ? process.env[o.lwaClientSecretEnv] : undefined
    const token = o.refreshTokenEnv ? process.env[o.refreshTokenEnv] : undefined
    return secret || token ? { secrets: { ...(secret ? { lwaClientSecret: secret } : {}), ...(token ? { refreshToken: token } : {}) } } : {}
  }
  stores
    .command('add')
    .description('add a store: a name and its marketplaces are enough (file-only); the SP-API fields are optional')
    .requiredOption('--name <name>')
    .requiredOption('--marketplaces <ids>', 'comma-separated marketplace ids')
    .option('--region <NA|EU|FE>', 'default: the region of the marketplaces')
    .option('--seller-id <id>', 'SP-API: the merchant token (with --lwa-client-id)')
    .option('--lwa-client-id <id>', 'SP-API: the LWA client id (with --seller-id)')
    .option('--lwa-client-secret-env <VAR>', 'read the LWA client secret from this environment variable')
    .option('--refresh-token-env <VAR>', 'read the refresh token from this environment variable')
    .action(
      withContext(ctxOf, async (ctx, o: Record<string, string>) => {
        print(
          await ctx.call('stores.create', {
            name: o.name,
            ...(o.region ? { region: o.region } : {}),
            ...(o.sellerId ? { sellerId: o.sellerId } : {}),
            marketplaceIds: list(o.marketplaces ?? ''),
            ...(o.lwaClientId ? { lwaClientId: o.lwaClientId } : {}),
            ...secretsOf(o)
          })
        )
      })
    )
  stores
    .command('set-api <id>')
    .description("add (or change) a store's SP-API access: seller id, LWA client id and the secrets")
    .requiredOption('--seller-id <id>')
    .requiredOption('--lwa-client-id <id>')
    .option('--lwa-client-secret-env <VAR>', 'read the LWA client secret from this environment variable')
    .option('--refresh-token-env <VAR>', 'read the refresh token from this environment variable')
    .action(
      withContext(ctxOf, async (ctx, id: string, o: Record<string, string>) => {
        print(await ctx.call('stores.update', { id, patch: { sellerId: o.sellerId, lwaClientId: o.lwaClientId }, ...secretsOf(o) }))
      })
    )
  stores.command('remove <id>').action(withContext(ctxOf, async (ctx, id: string) => print(await ctx.call('stores.remove', { id }))))
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
  registerSettlementCommands(program, ctxOf)
  registerCatalogCommands(program, ctxOf)
  registerQueueCommands(program, ctxOf)
  registerOrderImportCommands(program, ctxOf)
  registerHoldCommands(program, ctxOf)
  registerOrderCommands(program, ctxOf)
  registerBackupCommands(program)
  registerTeamCommands(program, ctxOf)
  registerDeadlineCommands(program, ctxOf)
  registerCaseCommands(program, ctxOf)
  registerCostCommands(program, ctxOf)
  registerAuditCommands(program, ctxOf)
  registerClaimCommands(program, ctxOf)
  registerSyncCommands(program, ctxOf)
}
