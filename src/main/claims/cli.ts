/**
 * `npm run cli -- claims find --store ID` (the finder's counts per type and status, money to claim
 * per currency), `claims list [--store ID] [--status S…] [--type T…] [--sku PREFIX] [--json]`,
 * `claims export [--store ID] [--out FILE]` (CSV, one row per finding) and
 * `claims import-ledger FILE --store ID [--preview]` (#15), and `claims import-report FILE --store ID
 * [--preview] [--json]` (any claims report: ledger, removal order/shipment detail, replacements). Findings are computed on every read.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { printImportSummary, stageFile, withContext, type CliContext } from '../cli-context'
import {
  CLAIM_STATUSES,
  CLAIM_TYPES,
  reimbursedBy,
  type ClaimFinding,
  type ClaimsFileImportSummary,
  type ClaimsFilter,
  type LedgerImportSummary
} from '../../shared/contract/claims'
import { formatMinor, type Money } from '../../shared/money'

type ListResult = {
  findings: ClaimFinding[]
  openTotals: Money[]
  expiringTotals: Money[]
  counts: Record<string, number>
  asOf: string
  rulesVersion: string
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const money = (m: Money | null) => (m ? `${formatMinor(m.amountMinor, m.currency)} ${m.currency}` : '—')
const totals = (list: Money[]) => (list.length ? list.map(money).join(', ') : '—')

/** Checks --status / --type values against the contract's lists, naming the ones allowed. */
function oneOf<T extends string>(flag: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (!values?.length) return undefined
  for (const v of values)
    if (!(allowed as readonly string[]).includes(v)) throw new Error(`${flag}: "${v}" is not one of ${allowed.join(', ')}`)
  return values as T[]
}

type FilterOptions = { store?: string; status?: string[]; type?: string[]; sku?: string; from?: string; to?: string }
function filterOf(o: FilterOptions): ClaimsFilter {
  const statuses = oneOf('--status', o.status, CLAIM_STATUSES)
  const types = oneOf('--type', o.type, CLAIM_TYPES)
  return {
    ...(o.store ? { storeId: o.store } : {}),
    ...(statuses ? { statuses } : {}),
    ...(types ? { types } : {}),
    ...(o.sku ? { sku: o.sku } : {}),
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {})
  }
}

/** A ledger import's quantities per event type and reason, one indented line each. */
const ledgerQuantities = (s: LedgerImportSummary) =>
  s.quantities.map((q) => `  ${q.eventType}${q.reason ? ` ${q.reason}` : ''}: ${q.rows} rows, quantity ${q.quantity}`)

const withFilterOptions = (c: Command) =>
  c
    .option('--store <id>', 'only this store')
    .option('--status <status...>', `only these statuses (${CLAIM_STATUSES.join(', ')})`)
    .option('--type <type...>', `only these types (${CLAIM_TYPES.join(', ')})`)
    .option('--sku <prefix>', 'only SKUs starting with this (case-insensitive)')
    .option('--from <YYYY-MM-DD>', 'only events on or after this day (UTC)')
    .option('--to <YYYY-MM-DD>', 'only events on or before this day (UTC)')

export function registerClaimCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('claims').description('what Amazon still owes, found from your reports, with the deadline to claim it')

  cmd
    .command('find')
    .description("run the finder over a store's imported reports: counts per type and status, money to claim per currency")
    .requiredOption('--store <id>')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store: string; json?: boolean }) => {
        const r = (await ctx.call('claims.list', { storeId: o.store })) as ListResult
        const byType: Record<string, Record<string, number>> = {}
        for (const f of r.findings) {
          const row = (byType[f.type] ??= Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])))
          row[f.status]!++
        }
        if (o.json)
          return print({
            asOf: r.asOf,
            rulesVersion: r.rulesVersion,
            findings: r.findings.length,
            counts: r.counts,
            byType,
            toClaim: r.openTotals,
            expiringIn7Days: r.expiringTotals
          })
        console.log(`${r.findings.length} findings as of ${r.asOf} (rule pack ${r.rulesVersion})`)
        if (r.findings.length > 0) console.table(byType)
        console.log(`To claim (not expired, not reimbursed): ${totals(r.openTotals)}`)
        console.log(`Deadline in the next 7 days: ${totals(r.expiringTotals)}`)
      })
    )

  withFilterOptions(cmd.command('list').description('the findings, soonest deadline first'))
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: FilterOptions & { json?: boolean }) => {
        const r = (await ctx.call('claims.list', filterOf(o))) as ListResult
        if (o.json) return print(r)
        if (r.findings.length === 0) return console.log('No findings.')
        console.table(
          r.findings.map((f) => ({
            id: f.id,
            store: f.storeName,
            type: f.type,
            status: f.status,
            sku: f.sku ?? '',
            ref: f.amazonOrderId ?? f.fnsku ?? '',
            units: f.quantity,
            event: f.eventAt.slice(0, 10),
            until: f.closesAt,
            value: money(f.value),
            reimbursedBy: reimbursedBy(f).join(' ')
          }))
        )
        console.log(`To claim: ${totals(r.openTotals)}`)
      })
    )

  withFilterOptions(
    cmd.command('export').description('the findings as CSV: one row per finding, amounts with a currency column, the source lines')
  )
    .option('--out <file>', 'write to this file (default: print to stdout)')
    .action(
      withContext(ctxOf, async (ctx, o: FilterOptions & { out?: string }) => {
        const r = (await ctx.call('claims.exportCsv', filterOf(o))) as { fileName: string; rows: number; csv: string }
        if (!o.out) return void process.stdout.write(r.csv)
        const path = resolve(o.out)
        writeFileSync(path, r.csv)
        console.log(`${r.rows} findings written to ${path}`)
      })
    )

  cmd
    .command('import-ledger <file>')
    .description(
      'import an inventory ledger report (GET_LEDGER_DETAIL_VIEW_DATA, or the CSV from Seller Central); bad rows are listed with line (exit 2), the rest imported; re-importing adds nothing'
    )
    .requiredOption('--store <id>')
    .option('--preview', 'check the file and show what would change, writing nothing')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean; json?: boolean }) => {
        const input = { storeId: o.store, fileId: stageFile(ctx, file) }
        let s: LedgerImportSummary
        if (o.preview) {
          // The preview channel recognises any claims report: this command previews a ledger only.
          const any = (await ctx.call('claims.previewFileImport', input)) as ClaimsFileImportSummary
          if (any.kind !== 'ledger')
            throw new Error(
              `VALIDATION: ${any.file}: this is not an inventory ledger, it is ${any.reportType}: preview it with claims import-report`
            )
          const { kind: _kind, ...ledger } = any
          s = ledger
        } else s = (await ctx.call('claims.importLedger', input)) as LedgerImportSummary
        printImportSummary({
          file: s.file,
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: !s.committed,
          ...(o.json ? { json: s } : {}),
          counts: `${s.rows} rows: ${s.inserted} new, ${s.unchanged} already imported, ${s.rejectedCount} rejected`,
          details: ledgerQuantities(s)
        })
      })
    )

  cmd
    .command('import-report <file>')
    .description(
      'import any claims report, recognised by its content: inventory ledger, removal order detail, removal shipment detail or replacements; bad rows are listed with line and column (exit 2), the rest imported; re-importing adds nothing'
    )
    .requiredOption('--store <id>')
    .option('--preview', 'check the file and show what would change, writing nothing')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, file: string, o: { store: string; preview?: boolean; json?: boolean }) => {
        const s = (await ctx.call(o.preview ? 'claims.previewFileImport' : 'claims.importFile', {
          storeId: o.store,
          fileId: stageFile(ctx, file)
        })) as ClaimsFileImportSummary
        printImportSummary({
          file: s.file,
          rejected: s.rejected,
          rejectedCount: s.rejectedCount,
          preview: !s.committed,
          ...(o.json ? { json: s } : {}),
          what: s.kind === 'ledger' ? 'inventory ledger' : s.reportType,
          counts: `${s.rows} rows: ${s.inserted} new${s.kind === 'ledger' ? '' : `, ${s.updated} updated`}, ${s.unchanged} already imported, ${s.rejectedCount} rejected`,
          details: s.kind === 'ledger' ? ledgerQuantities(s) : s.quantities.map((q) => `  ${q.column}: ${q.quantity}`)
        })
      })
    )
}
