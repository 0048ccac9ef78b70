/** `npm run cli -- catalog …`: import the All Listings report into a store's product catalog. */
import type { Command } from 'commander'
import type { ListingsImportSummary } from '../../shared/contract/catalog'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'

export function registerCatalogCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('catalog').description('the product catalog (All Listings report, Catalog Items API)')
  cmd
    .command('import <file>')
    .description(
      'import an All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA: Seller Central > Inventory > Inventory Reports); prints the counts and each rejected row with line and column'
    )
    .requiredOption('--store <id>', 'store id')
    .option('--preview', 'read and count without writing anything')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean }) => {
        const fileId = stageFile(ctx, file)
        const s = (await ctx.call(o.preview ? 'catalog.previewListingsImport' : 'catalog.importListings', {
          storeId: o.store,
          fileId
        })) as ListingsImportSummary
        printImportSummary({ file: s.file, rejected: s.rejected, rejectedCount: s.rejectedCount, preview: Boolean(o.preview), json: s })
      })
    )
}
