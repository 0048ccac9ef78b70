/**
 * `npm run cli -- audit statement FILE --store ID [--service NAME] [--map col=field,...]
 * [--decimal-mark ,] [--currency EUR] [--preview] [--json]` and `audit below-cost [--store ID] [--json]`.
 * A statement's bad lines are listed with line, column and reason (exit 2, the rest imported, as
 * every import: cli-context.ts); an incomplete mapping or an unreadable file exits 1.
 */
import type { Command } from 'commander'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import {
  STATEMENT_FIELDS,
  type BelowCostRow,
  type StatementAudit,
  type StatementField,
  type StatementMapping
} from '../../shared/contract/audits'
import { formatMinor, type Money } from '../../shared/money'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const money = (m: Money | null | undefined) => (m ? `${formatMinor(m.amountMinor, m.currency)} ${m.currency}` : '')
const moneys = (l: Money[]) => (l.length ? l.map(money).join(', ') : '0')

/** "Case ID=caseId,Fee=fee" → columns; throws with what was expected. */
export function parseMap(v: string): StatementMapping['columns'] {
  const out: StatementMapping['columns'] = {}
  for (const pair of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = pair.lastIndexOf('=')
    const col = i > 0 ? pair.slice(0, i).trim() : ''
    const field = i > 0 ? pair.slice(i + 1).trim() : ''
    if (!col || !(STATEMENT_FIELDS as readonly string[]).includes(field))
      throw new Error(`--map: "${pair}" is not column=field (fields: ${STATEMENT_FIELDS.join(', ')}; e.g. "Case ID=caseId,Fee=fee")`)
    out[field as StatementField] = col
  }
  return out
}

export function registerAuditCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program
    .command('audit')
    .description("audits: a recovery service's statement against the reimbursements; reimbursements paid below cost")
  cmd
    .command('statement <file>')
    .description(
      "import a service's statement (CSV) and check each line: not found, amount differs, no case (Amazon paid on its own), reversed, charged twice"
    )
    .requiredOption('--store <id>')
    .option('--service <name>', 'the service that billed it (its column mapping is remembered under this name)', 'default')
    .option('--map <pairs>', 'column=field pairs (fields: caseId, reimbursementId, amount, fee, currency)')
    .option('--decimal-mark <mark>', 'the decimal mark of the amounts: . or ,')
    .option('--currency <code>', 'the currency of every line when the file has no currency column')
    .option('--preview', 'check the file and show the audit, writing nothing')
    .option('--json', 'print JSON')
    .action(
      withContext(
        ctxOf,
        async (
          ctx,
          file: string,
          o: { store: string; service: string; map?: string; decimalMark?: string; currency?: string; preview?: boolean; json?: boolean }
        ) => {
          const fileId = stageFile(ctx, file)
          if (o.decimalMark && o.decimalMark !== '.' && o.decimalMark !== ',')
            throw new Error(`--decimal-mark: "${o.decimalMark}" is not . or ,`)
          let mapping: StatementMapping | undefined
          if (o.map || o.decimalMark || o.currency) {
            const known = ((await ctx.call('audits.mapping', { service: o.service })) as { mapping: StatementMapping | null }).mapping
            mapping = {
              columns: o.map ? parseMap(o.map) : (known?.columns ?? {}),
              decimalMark: (o.decimalMark as '.' | ',' | undefined) ?? known?.decimalMark ?? '.',
              currency: o.currency?.toUpperCase() ?? known?.currency ?? null
            }
          }
          const a = (await ctx.call(o.preview ? 'audits.previewStatement' : 'audits.importStatement', {
            storeId: o.store,
            fileId,
            service: o.service,
            ...(mapping ? { mapping } : {})
          })) as StatementAudit
          if (a.missing.length)
            throw new Error(
              `VALIDATION: ${a.file}: the column mapping is incomplete: ${a.missing.join('; ')}. The file's columns are: ${a.header.map((h) => `"${h}"`).join(', ')}. Give them with --map.`
            )
          if (!o.json) {
            const disputed = a.lines.filter((l) => l.kinds.length)
            if (disputed.length)
              console.table(
                disputed.map((l) => ({
                  line: l.line,
                  case: l.caseId ?? '',
                  reimbursement: l.reimbursementId ?? '',
                  amount: money(l.amount),
                  fee: money(l.fee),
                  discrepancies: l.kinds.join(' '),
                  amazonPaid: money(l.paid?.amount),
                  firstCharged: l.duplicateOf ? `${l.duplicateOf.fileName}:${l.duplicateOf.line}` : ''
                }))
              )
          }
          printImportSummary({
            file: a.file,
            rejected: a.rejected,
            rejectedCount: a.rejectedCount,
            preview: !a.committed,
            ...(o.json ? { json: a } : {}),
            what: a.service,
            counts: `${a.lines.length} lines checked, ${a.disputed} disputed, ${a.rejectedCount} rejected; fees charged ${moneys(a.totals.fee)}, fees at stake ${moneys(a.totals.feeAtStake)}`,
            ...(a.alreadyImported ? { status: ' (this file was imported before: its statement is shown)' } : {})
          })
        }
      )
    )
  cmd
    .command('below-cost')
    .description('reimbursements of units lost or damaged before a customer order paid below your manufacturing cost')
    .option('--store <id>', 'only this store')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; json?: boolean }) => {
        const r = (await ctx.call('audits.belowCost', o.store ? { storeId: o.store } : {})) as { rows: BelowCostRow[]; totals: Money[] }
        if (o.json) return print(r)
        if (r.rows.length === 0) return console.log('No reimbursement paid below your manufacturing cost.')
        console.table(
          r.rows.map((x) => ({
            store: x.storeName,
            reimbursement: x.reimbursementId,
            approved: x.approvedAt.slice(0, 10),
            sku: x.sku,
            reason: x.reason,
            units: x.quantity,
            paid: money(x.paidPerUnit),
            cost: money(x.costPerUnit),
            costFrom: x.costFromDate,
            perUnit: money(x.differencePerUnit),
            total: money(x.differenceTotal)
          }))
        )
        console.log(`Below cost in total: ${moneys(r.totals)}`)
      })
    )
}
