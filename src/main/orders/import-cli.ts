/** `npm run cli -- orders import FILE --store ID` and `orders shippable --store ID` (#6/#7). */
import type { Command } from 'commander'
import { basename } from 'node:path'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import type { OrderImportSummary } from '../../shared/contract/orders'
import type { OrdersService } from './service'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

/** The `orders` command group, shared with the other `orders …` commands (created once). */
export function ordersCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'orders') ?? program.command('orders').description('orders: import, refund, cancel, shipping')
  )
}

export function registerOrderImportCommands(
  program: Command,
  ctxOf: () => CliContext & { orders: Pick<OrdersService, 'shippable'> }
): void {
  const orders = ordersCommand(program)
  orders
    .command('import <file>')
    .description(
      'import an Amazon order report (unshipped orders, order report or all-orders flat file); detects buyer cancellation requests'
    )
    .requiredOption('--store <id>', 'store id')
    .option('--preview', 'show what would happen without writing anything')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean }) => {
        const fileId = stageFile(ctx, file)
        const s = (await ctx.call(o.preview ? 'orders.previewImport' : 'orders.import', {
          storeId: o.store,
          fileId,
          detailLimit: 10_000_000
        })) as OrderImportSummary
        printImportSummary({
          file: basename(file),
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: Boolean(o.preview),
          // All or nothing (orders/import.ts): a file with a rejected row imports nothing, so it is refused.
          written: 'nothing-when-rejected',
          json: { ...s, ...(o.preview ? { preview: true } : {}) }
        })
      })
    )
  orders
    .command('shippable')
    .description('orders that may ship now (not cancelled, not On Hold, not shipped): what a shipping export contains')
    .requiredOption('--store <id>', 'store id')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; json?: boolean }) => {
        const rows = ctx.orders.shippable(o.store)
        if (o.json) return print(rows)
        if (rows.length === 0) return console.log('No orders to ship.')
        console.table(
          rows.map((r) => ({
            order: r.amazonOrderId,
            status: r.status,
            local: r.localStatus ?? '',
            purchased: r.purchaseDate?.slice(0, 16) ?? '',
            items: r.itemCount
          }))
        )
      })
    )
}
