/** `npm run cli -- rmas …`: import returns reports, list RMAs, manage kits. */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { setImportExitCode, withContext, type CliContext } from '../cli-context'
import type { ImportSummary, Kit, RmaRow } from '../../shared/contract/rmas'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

function stage(ctx: CliContext, file: string): string {
  const path = resolve(file)
  if (!existsSync(path)) throw new Error(`NOT_FOUND: no file ${path}`)
  return ctx.files.register(path).id
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
        const fileId = stage(ctx, file)
        const s = (await ctx.call(o.preview ? 'rmas.previewImport' : 'rmas.import', {
          storeId: o.store,
          fileId,
          detailLimit: 10_000_000
        })) as ImportSummary
        print({
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
        })
        setImportExitCode({ rejectedCount: s.rejectedCount, written: 'rest', ...(o.preview ? { preview: true } : {}) })
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
  const kits = rmas.command('kits').description('kit definitions (parent SKU -> components) per store')
  kits
    .command('import <file>')
    .description('CSV or TSV with columns: parent SKU, component SKU, quantity')
    .requiredOption('--store <id>', 'store id')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string }) => {
        const fileId = stage(ctx, file)
        const r = (await ctx.call('rmas.kitsImport', { storeId: o.store, fileId })) as { rejected: unknown[] }
        print(r)
        setImportExitCode({ rejectedCount: r.rejected.length, written: 'rest' })
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
