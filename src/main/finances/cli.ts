/** `npm run cli -- settlements …`: import settlement V2 flat files, list settlements, an order's refunds. */
import type { Command } from 'commander'
import type { SettlementImportSummary, SettlementRefund } from '../../shared/contract/finances'
import { formatMinor, type Money } from '../../shared/money'
import { basename } from 'node:path'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const money = (m: Money) => `${formatMinor(m.amountMinor, m.currency)} ${m.currency}`

export function registerSettlementCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('settlements').description('Amazon settlements (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2)')
  cmd
    .command('import <file>')
    .description(
      'import a settlement report (Flat File V2, as Amazon or Seller Central gives it); prints the settlement, its totals per currency and the new lines. A bad amount refuses the whole file (exit 1) with line and column'
    )
    .requiredOption('--store <id>', 'store id')
    .option('--preview', 'read and count without writing anything')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean }) => {
        const fileId = stageFile(ctx, file)
        const s = (await ctx.call(o.preview ? 'settlements.previewImport' : 'settlements.import', {
          storeId: o.store,
          fileId
        })) as SettlementImportSummary
        // A bad amount refuses the whole file (the call fails, exit 1): no row is rejected alone.
        const notes: string[] = []
        if (!s.balanced)
          notes.push(`note: the lines add up to ${s.totals.map(money).join(', ')}, the settlement says ${money(s.declaredTotal)}.`)
        if (s.alreadyImported)
          notes.push(`note: settlement ${s.settlementId} was already imported on ${s.alreadyImported.at} (${s.alreadyImported.file}).`)
        printImportSummary({
          file: basename(file),
          rejected: [],
          rejectedCount: 0,
          preview: Boolean(o.preview),
          notes,
          json: {
            settlementId: s.settlementId,
            period: { start: s.startAt, end: s.endAt, deposit: s.depositAt },
            decimalMark: s.decimalMark,
            decimalMarkEvidence: s.decimalMarkEvidence,
            total: money(s.declaredTotal),
            totals: s.totals.map(money),
            balanced: s.balanced,
            lines: s.lines,
            inserted: s.inserted,
            unchanged: s.unchanged,
            ...(o.preview ? { preview: true } : {})
          }
        })
      })
    )
  cmd
    .command('list')
    .description('settlements, newest first, with their totals')
    .option('--store <id>', 'only this store')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string }) => {
        print(await ctx.call('settlements.list', o.store ? { storeId: o.store } : {}))
      })
    )
  cmd
    .command('refunds <orderId>')
    .description("an order's refunds in the settlements: refund date, amount, fees")
    .requiredOption('--store <id>', 'store id')
    .action(
      withContext(ctxOf, async (ctx, orderId: string, o: { store: string }) => {
        const refunds = (await ctx.call('settlements.refundsByOrder', { storeId: o.store, orderId })) as SettlementRefund[]
        print(
          refunds.map((r) => ({
            refundedAt: r.refundedAt,
            settlementId: r.settlementId,
            adjustmentId: r.adjustmentId,
            amount: money(r.amount),
            fees: money(r.fees),
            net: money(r.net)
          }))
        )
      })
    )
}
