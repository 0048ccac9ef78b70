/** `npm run cli -- rmas …`: import returns reports, list RMAs, manage kits. */
import type { Command } from 'commander'
import { basename } from 'node:path'
import { printImportSummary, stageFile, withContext, type CliContext, type RejectedRow } from '../cli-context'
import { ItemCondition, type ImportSummary, type Kit, type RmaDetail, type RmaRow } from '../../shared/contract/rmas'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

const rmaId = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`VALIDATION: RMA id must be a whole number (as in \`rmas list\`), got ${v}`)
  return n
}

/** What the RMA commands print: the RMA's state after the action, and its refund requests. */
const outcome = (r: RmaDetail) => ({
  id: r.id,
  amazonOrderId: r.amazonOrderId,
  status: r.status,
  displayStatus: r.displayStatus,
  quantity: r.quantity,
  receivedQuantity: r.receivedQuantity,
  items: r.items.map((i) => ({ sku: i.sku, quantity: i.quantity, received: i.receivedQuantity, condition: i.condition })),
  refunds: r.refunds.map((e) => ({ entryId: e.id, status: e.status, currency: e.currency, totalMinor: e.totalMinor }))
})

/**
 * `--item SKU=QTY[:CONDITION]` lines of `rmas receive` onto the RMA's items; none given: every
 * item's remaining quantity, in `fallback` condition (what the RMA screen's form starts with).
 */
export function receiveLines(
  items: RmaDetail['items'],
  specs: string[],
  fallback: string
): { itemId: number; quantity: number; condition: ItemCondition }[] {
  const condition = (c: string): ItemCondition => {
    const r = ItemCondition.safeParse(c)
    if (!r.success) throw new Error(`VALIDATION: condition must be one of ${ItemCondition.options.join(', ')}, got ${c}`)
    return r.data
  }
  const dflt = condition(fallback)
  if (specs.length === 0)
    return items
      .filter((i) => i.quantity > i.receivedQuantity)
      .map((i) => ({ itemId: i.id, quantity: i.quantity - i.receivedQuantity, condition: dflt }))
  return specs.map((spec) => {
    const m = /^(.+)=(\d+)(?::([a-z_]+))?$/.exec(spec)
    if (!m) throw new Error(`VALIDATION: --item must be SKU=QTY or SKU=QTY:CONDITION, got ${spec}`)
    const item = items.find((i) => i.sku === m[1])
    if (!item) throw new Error(`VALIDATION: this RMA has no SKU ${m[1]} (it has ${items.map((i) => i.sku).join(', ')})`)
    return { itemId: item.id, quantity: Number(m[2]), condition: m[3] ? condition(m[3]) : dflt }
  })
}

export function registerRmaCommands(program: Command, ctxOf: () => CliContext): void {
  const rmas = program.command('rmas').description('RMAs from Amazon return reports')
  rmas
    .command('import <file>')
    .description('import a merchant returns report (TSV or XML) or an FBA customer returns report')
    .requiredOption('--store <id>', 'store id')
    .option('--preview', 'show what would happen without writing anything')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean }) => {
        const fileId = stageFile(ctx, file)
        const s = (await ctx.call(o.preview ? 'rmas.previewImport' : 'rmas.import', {
          storeId: o.store,
          fileId,
          detailLimit: 10_000_000
        })) as ImportSummary
        printImportSummary({
          file: basename(file),
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: Boolean(o.preview),
          json: {
            format: s.format,
            encoding: s.encoding,
            ...(s.encodingEvidence ? { encodingEvidence: s.encodingEvidence } : {}),
            created: s.created,
            updated: s.updated,
            unchanged: s.unchanged,
            ...(s.format === 'fba-customer-returns' ? { stored: s.stored } : {}),
            skipped: s.skipped.map((k) => ({ line: k.line, reason: k.reason })),
            rejected: s.rejected.map((r) => ({ line: r.line, reason: r.reason })),
            ...(o.preview ? { preview: true } : {})
          }
        })
      })
    )
  rmas
    .command('list')
    .option('--store <id>', 'only this store')
    .option('--status <status>', 'Open, Received, Refunded or Closed')
    .option('--limit <n>', 'at most this many (newest first)', (v) => Number.parseInt(v, 10), 500)
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; status?: string; limit: number; json?: boolean }) => {
        const r = (await ctx.call('rmas.list', {
          ...(o.store ? { storeId: o.store } : {}),
          ...(o.status ? { status: o.status } : {}),
          page: 1,
          pageSize: Math.min(Math.max(o.limit, 1), 500)
        })) as { rows: RmaRow[]; total: number }
        if (o.json) return print(r)
        if (r.rows.length === 0) return console.log('No RMAs. Import a returns report: npm run cli -- rmas import FILE --store ID')
        console.table(
          r.rows.map((x) => ({
            rma: x.id,
            store: x.storeName,
            order: x.amazonOrderId,
            'amazon rma': x.orderSourceRmaId,
            status: x.status,
            amazon: x.returnRequestStatus,
            requested: x.returnRequestDate?.slice(0, 10) ?? '',
            skus: x.skus.join(' '),
            qty: x.quantity,
            tracking: x.trackingId ?? ''
          }))
        )
        if (r.total > r.rows.length) console.log(`${r.rows.length} of ${r.total} shown`)
      })
    )
  // The RMA screen's actions (RmaDrawer): Receive, Issue refund, Close — the same channels.
  rmas
    .command('receive <id>')
    .description("receive an RMA's items: every remaining item (as the screen's form starts), or the --item lines")
    .option('--item <SKU=QTY[:CONDITION]>', 'received quantity of one SKU (repeat for more)', (v, all: string[]) => [...all, v], [])
    .option('--condition <c>', `condition of the items without one: ${ItemCondition.options.join(', ')}`, 'sellable')
    .action(
      withContext(ctxOf, async (ctx, id: string, o: { item: string[]; condition: string }) => {
        const rma = (await ctx.call('rmas.get', { id: rmaId(id) })) as RmaDetail
        const items = receiveLines(rma.items, o.item, o.condition)
        if (items.length === 0) throw new Error(`CONFLICT: every item of RMA ${rma.id} is received already`)
        const r = (await ctx.call('rmas.receive', { id: rma.id, items })) as RmaDetail & {
          refundOnReceipt?: unknown
        }
        print({ ...outcome(r), ...(r.refundOnReceipt !== undefined ? { refundOnReceipt: r.refundOnReceipt } : {}) })
      })
    )
  rmas
    .command('refund <id>')
    .description('issue the refund of an RMA (queued in the refund queue, as from the screen); asks for --yes')
    .option('--yes', 'issue it (without: show the RMA and what would be refunded, change nothing)')
    .action(
      withContext(ctxOf, async (ctx, id: string, o: { yes?: boolean }) => {
        if (!o.yes) {
          const rma = (await ctx.call('rmas.get', { id: rmaId(id) })) as RmaDetail
          print(outcome(rma))
          console.error(
            `Nothing done: run again with --yes to queue the refund of RMA ${rma.id} (Principal and Tax of the returned items, reason CustomerReturn).`
          )
          process.exitCode = 1
          return
        }
        print(outcome((await ctx.call('rmas.issueRefund', { id: rmaId(id) })) as RmaDetail))
      })
    )
  rmas
    .command('close <id>')
    .description('close an RMA (nothing more to do for it)')
    .action(
      withContext(ctxOf, async (ctx, id: string) => {
        print(outcome((await ctx.call('rmas.setStatus', { id: rmaId(id), status: 'Closed' })) as RmaDetail))
      })
    )
  const kits = rmas.command('kits').description('kit definitions (parent SKU -> components) per store')
  kits
    .command('import <file>')
    .description('CSV or TSV with columns: parent SKU, component SKU, quantity')
    .requiredOption('--store <id>', 'store id')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string }) => {
        const fileId = stageFile(ctx, file)
        const r = (await ctx.call('rmas.kitsImport', { storeId: o.store, fileId })) as { rejected: RejectedRow[] }
        printImportSummary({ file: basename(file), rejected: r.rejected, rejectedCount: r.rejected.length, preview: false, json: r })
      })
    )
  kits
    .command('list')
    .requiredOption('--store <id>', 'store id')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; json?: boolean }) => {
        const r = (await ctx.call('rmas.kitsList', { storeId: o.store })) as Kit[]
        if (o.json) return print(r)
        if (r.length === 0) return console.log('No kits for this store.')
        console.table(r.map((k) => ({ parent: k.parentSku, component: k.componentSku, quantity: k.quantity })))
      })
    )
}
