/**
 * `npm run cli -- costs import FILE --store ID [--preview] [--json]` (CSV `sku, cost, currency,
 * from-date`; bad rows listed with their line, exit code by cli-context's rule) and
 * `costs list [--store ID] [--sku PREFIX] [--json]`.
 */
import type { Command } from 'commander'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import type { SkuCosts } from '../../shared/contract/claim-costs'
import type { CostImportSummary } from '../../shared/contract/claims'
import { formatMinor } from '../../shared/money'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

export function registerCostCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('costs').description("manufacturing costs per SKU (Amazon's valuation of pre-order losses since 10 Mar 2025)")
  cmd
    .command('import <file>')
    .description(
      'import a cost CSV (sku, cost, currency, from-date); bad rows are listed with their line (exit 2), the rest imported; re-importing changes nothing'
    )
    .requiredOption('--store <id>')
    .option('--preview', 'check the file and show what would change, writing nothing')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean; json?: boolean }) => {
        const s = (await ctx.call(o.preview ? 'claims.previewCostsImport' : 'claims.importCosts', {
          storeId: o.store,
          fileId: stageFile(ctx, file)
        })) as CostImportSummary
        printImportSummary({
          file: s.file,
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: !s.committed,
          ...(o.json ? { json: s } : {}),
          counts: `${s.rows} rows: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejectedCount} rejected`
        })
      })
    )
  cmd
    .command('list')
    .option('--store <id>', 'only this store')
    .option('--sku <prefix>', 'only SKUs starting with this')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; sku?: string; json?: boolean }) => {
        const rows = (await ctx.call('claims.listCosts', {
          ...(o.store ? { storeId: o.store } : {}),
          ...(o.sku ? { sku: o.sku } : {})
        })) as SkuCosts[]
        if (o.json) return print(rows)
        if (rows.length === 0) return console.log('No manufacturing costs yet. Import some: npm run cli -- costs import FILE --store ID')
        console.table(
          rows.flatMap((r) =>
            r.versions.map((v) => ({
              store: r.storeName,
              sku: r.sku,
              from: v.fromDate,
              cost: formatMinor(v.cost.amountMinor, v.cost.currency),
              currency: v.cost.currency
            }))
          )
        )
      })
    )
}
