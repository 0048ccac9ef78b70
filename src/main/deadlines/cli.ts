/**
 * `npm run cli -- deadlines list [--store ID] [--within 7d] [--kind RULE] [--json]` and
 * `deadlines claim …` (record an A-to-z or SAFE-T claim by hand) (#17).
 */
import type { Command } from 'commander'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import type { ClaimRow, ClaimsImportSummary, DeadlineItem } from '../../shared/contract/deadlines'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

/** "2 d 5 h left" / "overdue by 3 h 10 min" (instant minus instant: no time zone involved). */
export function leftText(dueAt: string, now: Date): string {
  const ms = Date.parse(dueAt) - now.getTime()
  const abs = Math.abs(ms)
  const d = Math.floor(abs / 86_400_000)
  const h = Math.floor((abs % 86_400_000) / 3600_000)
  const m = Math.floor((abs % 3600_000) / 60_000)
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`
  return ms < 0 ? `overdue by ${span}` : `${span} left`
}

/** "7d", "36h", "90m" → ms; throws with what was expected. */
export function parseWithin(v: string): number {
  const m = /^(\d+)\s*(d|h|m)$/i.exec(v.trim())
  if (!m || Number(m[1]) <= 0) throw new Error(`--within: "${v}" is not a duration (expected a number and d, h or m, e.g. 7d, 36h)`)
  const unit = m[2]!.toLowerCase()
  return Number(m[1]) * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3600_000 : 60_000)
}

export function registerDeadlineCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('deadlines').description('every clock Amazon runs against the seller: what is due, soonest first')
  cmd
    .command('list')
    .option('--store <id>', 'only this store')
    .option('--within <duration>', 'only what is due within this time (overdue included), e.g. 7d, 36h')
    .option('--kind <ruleId...>', 'only these kinds (rule ids, e.g. order.shipConfirm return.refund)')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; within?: string; kind?: string[]; json?: boolean }) => {
        const r = (await ctx.call('deadlines.list', {
          ...(o.store ? { storeId: o.store } : {}),
          ...(o.within ? { withinMs: parseWithin(o.within) } : {}),
          ...(o.kind ? { ruleIds: o.kind } : {})
        })) as { now: string; items: DeadlineItem[] }
        if (o.json) return print(r)
        if (r.items.length === 0) return console.log(`Nothing due${o.within ? ` within ${o.within}` : ''}.`)
        const now = new Date(r.now)
        console.table(
          r.items.map((i) => ({
            kind: i.ruleId,
            stage: i.stage,
            store: i.storeName,
            order: i.amazonOrderId ?? '',
            what: i.label ?? '',
            due: i.dueAt,
            left: leftText(i.dueAt, now)
          }))
        )
      })
    )
  cmd
    .command('claim')
    .description('record or update an A-to-z claim (--kind atoz) or a SAFE-T claim (--kind safet) on an order')
    .requiredOption('--store <id>')
    .requiredOption('--order <amazonOrderId>')
    .requiredOption('--kind <atoz|safet>')
    .requiredOption('--state <state>', 'open, info-requested, granted, denied, withdrawn, appealed, filed')
    .option('--type <text>', "the claim's reason as Amazon names it")
    .option('--filed <instant>', 'when the claim was filed (ISO-8601 with offset)')
    .option('--info-requested <instant>', 'when Amazon asked for information (starts the 48 h / 72 h clock)')
    .option('--granted <instant>', 'when Amazon granted it (starts the 30-day appeal clock)')
    .option('--amazon-refund <instant>', "when Amazon refunded the buyer (starts the SAFE-T claim's 60 days)")
    .option('--amount <minor>', 'amount in minor units (cents), with --currency', (v) => Number.parseInt(v, 10))
    .option('--currency <code>')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: Record<string, string | number | boolean | undefined>) => {
        const opt = (k: string) => (o[k] === undefined ? {} : { [k]: o[k] })
        const row = (await ctx.call('deadlines.recordClaim', {
          storeId: o.store,
          amazonOrderId: o.order,
          kind: o.kind,
          state: o.state,
          ...(o.type ? { claimType: o.type } : {}),
          ...(o.filed ? { filedAt: o.filed } : {}),
          ...(o.infoRequested ? { infoRequestedAt: o.infoRequested } : {}),
          ...(o.granted ? { grantedAt: o.granted } : {}),
          ...(o.amazonRefund ? { amazonRefundAt: o.amazonRefund } : {}),
          ...(o.amount !== undefined ? { amountMinor: o.amount } : {}),
          ...opt('currency'),
          ...opt('note')
        })) as ClaimRow
        if (o.json) return print(row)
        console.log(`Claim #${row.id} on ${row.amazonOrderId}: ${row.kind} ${row.state}`)
      })
    )
  cmd
    .command('import-claims <file>')
    .description(
      'import A-to-z / SAFE-T claims from a CSV (order-id, kind, state, type, filed, amount, currency, info-requested, granted, amazon-refund, note); bad rows are listed with line and column (exit 2), the rest imported; re-importing changes nothing'
    )
    .requiredOption('--store <id>')
    .option('--preview', 'check the file and show what would change, writing nothing')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean; json?: boolean }) => {
        const s = (await ctx.call(o.preview ? 'deadlines.previewClaimsImport' : 'deadlines.importClaims', {
          storeId: o.store,
          fileId: stageFile(ctx, file)
        })) as ClaimsImportSummary
        printImportSummary({
          file: s.file,
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: !s.committed,
          ...(o.json ? { json: s } : {}),
          counts: `${s.rows} rows: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} already recorded, ${s.rejectedCount} rejected`
        })
      })
    )
}
