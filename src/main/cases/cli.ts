/**
 * `npm run cli -- cases create --findings ID,ID --store S`, `cases attach ID FILE`,
 * `cases filed ID --case-id N`, `cases state ID STATE`, `cases list [--status S] [--json]`,
 * `cases show ID [--json]` (#16). Every command goes through the same channels as the screen.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { withContext, type CliContext } from '../cli-context'
import { formatMinor } from '../../shared/money'
import { CASE_STATES, type CaseDetail, type CaseSummary } from '../../shared/contract/cases'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const caseNumber = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${v}" is not a case number (expected a whole number, e.g. 3; see "cases list")`)
  return n
}
const money = (m: { currency: string; amountMinor: number } | null) => (m ? `${formatMinor(m.amountMinor, m.currency)} ${m.currency}` : '')
const states = (v: string) => {
  const list = v.split(',').map((s) => s.trim())
  for (const s of list)
    if (!(CASE_STATES as readonly string[]).includes(s))
      throw new Error(`--status: "${s}" is not a case state (expected one of ${CASE_STATES.join(', ')})`)
  return list
}

function printCase(c: CaseDetail, json?: boolean) {
  if (json) return print(c)
  console.log(`Case ${c.id} (${c.state})${c.amazonCaseId ? ` — Amazon Case ID ${c.amazonCaseId}` : ''}, store ${c.storeName}`)
  console.log(`Findings: ${c.findingIds.join(', ')}; ${c.quantity} units${c.closesAt ? `; window closes ${c.closesAt}` : ''}`)
  if (c.evidence.length) console.log(`Evidence: ${c.evidence.map((e) => `${e.name} (${e.size} bytes)`).join(', ')}`)
  console.log('\n--- case text (paste into Seller Central) ---\n' + c.text)
}

export function registerCaseCommands(program: Command, ctxOf: () => CliContext): void {
  const cmd = program.command('cases').description('cases filed with Amazon from claim findings: text, evidence, lifecycle')
  cmd
    .command('create')
    .description('a draft case from one or several findings (ids from "claims list --json")')
    .requiredOption('--findings <ids>', 'comma-separated finding ids')
    .requiredOption('--store <id>')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { findings: string; store: string; json?: boolean }) => {
        const findingIds = o.findings
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
        printCase((await ctx.call('cases.create', { storeId: o.store, findingIds })) as CaseDetail, o.json)
      })
    )
  cmd
    .command('attach <id> <file>')
    .description('attach an evidence file (copied into the app data folder, stored once per content)')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, id: string, file: string, o: { json?: boolean }) => {
        const path = resolve(file)
        if (!existsSync(path)) throw new Error(`${file}: no such file`)
        const c = (await ctx.call('cases.addEvidence', { id: caseNumber(id), fileId: ctx.files.register(path).id })) as CaseDetail
        if (o.json) return print(c)
        console.log(`Case ${c.id}: ${c.evidence.length} evidence file(s): ${c.evidence.map((e) => e.name).join(', ')}`)
      })
    )
  cmd
    .command('filed <id>')
    .description("record that the case was filed in Seller Central, with Amazon's Case ID")
    .requiredOption('--case-id <n>', "Amazon's Case ID")
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, id: string, o: { caseId: string; json?: boolean }) => {
        const c = (await ctx.call('cases.setState', { id: caseNumber(id), state: 'filed', amazonCaseId: o.caseId })) as CaseDetail
        if (o.json) return print(c)
        console.log(`Case ${c.id} is ${c.state} (Amazon Case ID ${c.amazonCaseId}).`)
      })
    )
  cmd
    .command('state <id> <state>')
    .description(`move a case: ${CASE_STATES.join(', ')}`)
    .option('--note <text>')
    .action(
      withContext(ctxOf, async (ctx, id: string, state: string, o: { note?: string }) => {
        states(state)
        const c = (await ctx.call('cases.setState', { id: caseNumber(id), state, ...(o.note ? { note: o.note } : {}) })) as CaseDetail
        console.log(`Case ${c.id} is ${c.state}.`)
      })
    )
  cmd
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, id: string, o: { json?: boolean }) => {
        printCase((await ctx.call('cases.get', { id: caseNumber(id) })) as CaseDetail, o.json)
      })
    )
  cmd
    .command('list')
    .option('--status <states>', `only these states (comma-separated: ${CASE_STATES.join(', ')})`)
    .option('--store <id>', 'only this store')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { status?: string; store?: string; json?: boolean }) => {
        const r = (await ctx.call('cases.list', {
          ...(o.status ? { states: states(o.status) } : {}),
          ...(o.store ? { storeId: o.store } : {})
        })) as { cases: CaseSummary[] }
        if (o.json) return print(r.cases)
        if (r.cases.length === 0) return console.log('No cases.')
        console.table(
          r.cases.map((c) => ({
            id: c.id,
            state: c.state,
            amazonCaseId: c.amazonCaseId ?? '',
            store: c.storeName,
            units: c.quantity,
            value: money(c.value),
            paid: money(c.paid),
            closes: c.closesAt ?? ''
          }))
        )
      })
    )
}
