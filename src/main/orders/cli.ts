/** `npm run cli -- orders list|show|refund|cancel|split` over the same services (JSON output). */
import type { Command } from 'commander'
import { parseMinor } from '../../shared/money'
import { withContext } from '../cli-context'
import type { CliContext } from '../cli-context'
import { ordersCommand } from './import-cli'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const collect = (v: string, prev: string[] = []) => [...prev, v]

/**
 * `ORDER_ITEM_ID:QTY:Principal=12.34,Tax=1.02` -> a refund line. Amounts are decimal text in the
 * order's currency, turned into minor units exactly (never through floats).
 */
export function parseRefundItem(
  spec: string,
  currency: string
): { orderItemId: string; quantity: number; components: { type: string; amountMinor: number }[] } {
  const [orderItemId, qty, comps] = spec.split(':')
  const quantity = Number.parseInt(qty ?? '', 10)
  if (!orderItemId || !Number.isInteger(quantity) || quantity < 1 || !comps)
    throw new Error(`VALIDATION: --item "${spec}" must look like ORDER_ITEM_ID:QTY:Principal=12.34,Tax=1.02`)
  const components = comps.split(',').map((c) => {
    const [type, amount] = c.split('=')
    const minor = amount === undefined ? null : parseMinor(amount.trim(), currency)
    if (!type || minor === null)
      throw new Error(`VALIDATION: --item "${spec}": "${c}" must be COMPONENT=AMOUNT with an amount like 12.34 (${currency})`)
    return { type: type.trim(), amountMinor: minor }
  })
  return { orderItemId, quantity, components }
}

export function registerOrderCommands(program: Command, ctxOf: () => CliContext): void {
  const orders = ordersCommand(program)
  orders
    .command('list')
    .option('--store <id>', 'only this store')
    .option('--search <s>', 'order id or SKU')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; search?: string; json?: boolean }) => {
        const r = (await ctx.call('orders.list', {
          ...(o.store ? { storeId: o.store } : {}),
          ...(o.search ? { search: o.search } : {}),
          page: 1,
          pageSize: 500
        })) as {
          rows: {
            amazonOrderId: string
            storeName: string
            status: string | null
            localStatus: string | null
            purchaseDate: string | null
            itemCount: number
          }[]
          total: number
        }
        if (o.json) return print(r)
        if (r.rows.length === 0)
          return console.log('No orders. Sync them from Amazon or import an order report: npm run cli -- orders import FILE --store ID')
        console.table(
          r.rows.map((x) => ({
            order: x.amazonOrderId,
            store: x.storeName,
            amazon: x.status ?? '',
            local: x.localStatus ?? '',
            purchased: x.purchaseDate?.slice(0, 10) ?? '',
            items: x.itemCount
          }))
        )
      })
    )
  orders
    .command('show')
    .requiredOption('--store <id>')
    .requiredOption('--order <amazonOrderId>')
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; order: string }) => {
        print(await ctx.call('orders.get', { storeId: o.store, amazonOrderId: o.order }))
      })
    )
  orders
    .command('refund')
    .description('issue a refund (queued or sent at once, per the store settings)')
    .requiredOption('--store <id>')
    .requiredOption('--order <amazonOrderId>')
    .requiredOption('--reason <AdjustmentReason>', 'e.g. CustomerReturn, NoInventory, GeneralAdjustment')
    .requiredOption('--item <spec>', 'ORDER_ITEM_ID:QTY:Principal=12.34,Tax=1.02 (repeat per item)', collect)
    .option('--rma <id>', 'the RMA this refund is for')
    .option('--note <text>')
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; order: string; reason: string; item: string[]; rma?: string; note?: string }) => {
        const detail = (await ctx.call('orders.get', { storeId: o.store, amazonOrderId: o.order })) as {
          order: { currency: string | null }
        }
        if (!detail.order.currency) throw new Error(`VALIDATION: order ${o.order} has no currency yet; sync orders first`)
        const lines = o.item.map((spec) => parseRefundItem(spec, detail.order.currency!))
        print(
          await ctx.call('orders.refund', {
            storeId: o.store,
            amazonOrderId: o.order,
            reason: o.reason,
            lines,
            ...(o.rma ? { rmaId: Number(o.rma) } : {}),
            ...(o.note ? { note: o.note } : {})
          })
        )
      })
    )
  orders
    .command('cancel')
    .description('cancel an order (or some of its items, or a split)')
    .requiredOption('--store <id>')
    .requiredOption('--order <amazonOrderId>')
    .requiredOption('--reason <CancelReason>', 'e.g. NoInventory, BuyerCanceled, ShippingAddressUndeliverable')
    .option('--items <ids>', 'comma-separated order item ids (default: every unshipped item)')
    .option('--split <id>', 'cancel exactly this split')
    .option('--zero-out', 'set the items’ physical inventory to 0 (reason NoInventory; store setting)')
    .option('--do-not-send', 'cancel here only, do not tell Amazon (store setting)')
    .option('--note <text>')
    .action(
      withContext(
        ctxOf,
        async (
          ctx,
          o: {
            store: string
            order: string
            reason: string
            items?: string
            split?: string
            zeroOut?: boolean
            doNotSend?: boolean
            note?: string
          }
        ) => {
          print(
            await ctx.call('orders.cancel', {
              storeId: o.store,
              amazonOrderId: o.order,
              reason: o.reason,
              ...(o.items
                ? {
                    orderItemIds: o.items
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean)
                  }
                : {}),
              ...(o.split ? { splitId: Number(o.split) } : {}),
              zeroOutInventory: Boolean(o.zeroOut),
              doNotSendToAmazon: Boolean(o.doNotSend),
              ...(o.note ? { note: o.note } : {})
            })
          )
        }
      )
    )
  orders
    .command('split')
    .description('move items/quantities into a new split (then: orders cancel --split ID)')
    .requiredOption('--store <id>')
    .requiredOption('--order <amazonOrderId>')
    .requiredOption('--item <spec>', 'ORDER_ITEM_ID:QTY (repeat per item)', collect)
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; order: string; item: string[] }) => {
        const lines = o.item.map((spec) => {
          const [orderItemId, q] = spec.split(':')
          const quantity = Number.parseInt(q ?? '', 10)
          if (!orderItemId || !Number.isInteger(quantity) || quantity < 1)
            throw new Error(`VALIDATION: --item "${spec}" must look like ORDER_ITEM_ID:QTY`)
          return { orderItemId, quantity }
        })
        const d = (await ctx.call('orders.split', { storeId: o.store, amazonOrderId: o.order, lines })) as { splits: unknown[] }
        print({ splits: d.splits })
      })
    )
}
