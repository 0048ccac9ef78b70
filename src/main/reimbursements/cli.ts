/** `npm run cli -- reimbursements …`: import FBA reimbursements reports, list them with totals, export the CSV. */
import { writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import { formatMinor, type Money } from '../../shared/money'
import {
  REASON_CATEGORIES,
  type ReasonCategory,
  type ReimbursementImportSummary,
  type ReimbursementRow
} from '../../shared/contract/reimbursements'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import { KNOWN_REASONS, reasonCategory } from './rules'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const squash = (s: string) => s.toLowerCase().replace(/[\s_\-:]+/g, '')

/** --reason takes categories ("WarehouseLost", "Warehouse Lost") or Amazon's raw reasons ("Lost_Warehouse"), comma-separated. */
export function parseReasons(text: string): ReasonCategory[] {
  const out = new Set<ReasonCategory>()
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const cat = REASON_CATEGORIES.find((c) => squash(c) === squash(part))
    if (cat) out.add(cat)
    else if (Object.keys(KNOWN_REASONS).some((k) => squash(k) === squash(part))) out.add(reasonCategory(part))
    else
      throw new Error(
        `VALIDATION: unknown reason '${part}'. Use one of: ${REASON_CATEGORIES.join(', ')} (or an Amazon reason such as Lost_Warehouse)`
      )
  }
  return [...out]
}

const money = (m: Money) => `${formatMinor(m.amountMinor, m.currency)} ${m.currency}`

export function registerReimbursementCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('reimbursements').description('FBA reimbursements (GET_FBA_REIMBURSEMENTS_DATA)')
  cmd
    .command('import <file>')
    .description(
      'import an FBA reimbursements report (TSV as Amazon or Seller Central gives it); prints {inserted, updated, unchanged, rejected}'
    )
    .requiredOption('--store <id>', 'store id')
    .option('--preview', 'count what would change without writing anything')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean }) => {
        const fileId = stageFile(ctx, file)
        const s = (await ctx.call(o.preview ? 'reimbursements.previewImport' : 'reimbursements.import', {
          storeId: o.store,
          fileId,
          detailLimit: 10_000_000
        })) as ReimbursementImportSummary
        printImportSummary({
          file: basename(file),
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: Boolean(o.preview),
          json: {
            encoding: s.encoding,
            ...(s.encodingEvidence ? { encodingEvidence: s.encodingEvidence } : {}),
            inserted: s.inserted,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s.rejected.map((r) => ({ line: r.line, reason: r.reason })),
            ...(o.preview ? { preview: true } : {})
          },
          notes: s.alreadyImported
            ? [`note: this file was already imported on ${s.alreadyImported.at} (${s.alreadyImported.file}); nothing changed.`]
            : []
        })
      })
    )
  // The screen's "Export CSV": the same channel, so the same columns, filter and order.
  cmd
    .command('export')
    .description("the reimbursements screen's CSV export (same columns), newest first")
    .option('--store <id>', 'only this store')
    .option('--from <YYYY-MM-DD>', 'reimbursement time from this day (UTC)')
    .option('--to <YYYY-MM-DD>', 'reimbursement time up to and including this day (UTC)')
    .option('--reason <r>', `reason category (${REASON_CATEGORIES.join(', ')}) or Amazon reason; comma-separated`)
    .option('--sku <sku>', 'exact SKU')
    .option('--order <id>', 'exact Amazon order id')
    .option('--out <file>', 'write the CSV to this file (default: standard output)')
    .action(
      withContext(
        ctxOf,
        async (ctx, o: { store?: string; from?: string; to?: string; reason?: string; sku?: string; order?: string; out?: string }) => {
          const r = (await ctx.call('reimbursements.exportCsv', {
            ...(o.store ? { storeId: o.store } : {}),
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
            ...(o.reason ? { reasons: parseReasons(o.reason) } : {}),
            ...(o.sku ? { sku: o.sku } : {}),
            ...(o.order ? { orderId: o.order } : {})
          })) as { fileName: string; rows: number; csv: string }
          if (!o.out) {
            process.stdout.write(r.csv)
            return
          }
          const path = resolve(o.out)
          writeFileSync(path, r.csv, 'utf8')
          print({ written: path, rows: r.rows, bytes: Buffer.byteLength(r.csv, 'utf8') })
        }
      )
    )
  cmd
    .command('list')
    .description('rows (newest first) and totals per currency for the filter')
    .option('--store <id>', 'only this store')
    .option('--from <YYYY-MM-DD>', 'reimbursement time from this day (UTC)')
    .option('--to <YYYY-MM-DD>', 'reimbursement time up to and including this day (UTC)')
    .option('--reason <r>', `reason category (${REASON_CATEGORIES.join(', ')}) or Amazon reason; comma-separated`)
    .option('--sku <sku>', 'exact SKU')
    .option('--order <id>', 'exact Amazon order id')
    .option('--limit <n>', 'print at most this many rows', (v) => Number.parseInt(v, 10), 1000)
    .option('--json', 'print JSON: {rows, total, totals}')
    .action(
      withContext(
        ctxOf,
        async (
          ctx,
          o: { store?: string; from?: string; to?: string; reason?: string; sku?: string; order?: string; limit: number; json?: boolean }
        ) => {
          const filter = {
            ...(o.store ? { storeId: o.store } : {}),
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
            ...(o.reason ? { reasons: parseReasons(o.reason) } : {}),
            ...(o.sku ? { sku: o.sku } : {}),
            ...(o.order ? { orderId: o.order } : {})
          }
          const rows: ReimbursementRow[] = []
          let total = 0
          for (let page = 1; rows.length < o.limit; page++) {
            const pageSize = Math.min(500, o.limit - rows.length)
            const r = (await ctx.call('reimbursements.list', { ...filter, page, pageSize })) as { rows: ReimbursementRow[]; total: number }
            total = r.total
            rows.push(...r.rows)
            if (r.rows.length < pageSize) break
          }
          const summary = (await ctx.call('reimbursements.summary', filter)) as { count: number; totals: Money[] }
          if (o.json) return print({ rows, total, totals: summary.totals })
          if (rows.length === 0)
            console.log('No reimbursements match. Import a report: npm run cli -- reimbursements import FILE --store ID')
          else
            console.table(
              rows.map((r) => ({
                time: r.reimbursedAt.slice(0, 19).replace('T', ' ') + (r.timeFromApproval ? '*' : ''),
                store: r.storeName,
                id: r.reimbursementId,
                case: r.caseId ?? '',
                order: r.amazonOrderId ?? '',
                reason: r.reason,
                sku: r.sku,
                amount: money({ amountMinor: r.amountTotalMinor, currency: r.currency }),
                qty: r.quantityTotal,
                original: r.originalReimbursementId ?? ''
              }))
            )
          if (rows.some((r) => r.timeFromApproval)) console.log('* approval time (the report has no reimbursement time)')
          if (total > rows.length) console.log(`${rows.length} of ${total} rows shown (--limit)`)
          console.log(`Totals (${summary.count} rows): ${summary.totals.length ? summary.totals.map(money).join(', ') : '0'}`)
        }
      )
    )
}
