/**
 * `claims import-ledger`, `claims find`, `claims list` and `claims export` through the built CLI,
 * as a script runs them: the import's exit code (2: a bad row listed, the rest imported; re-import
 * adds nothing), the finder's counts and totals, filters, a finding Amazon reimbursed shown as
 * such with its reimbursement, and the CSV (one row per finding, exact decimal amounts with their
 * currency, the source lines). Statuses that depend on today's date are not asserted (the CLI runs
 * on the machine's clock); "reimbursed" does not depend on it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const fx = (p: string) => join(ROOT, 'test/fixtures/claims', p)

type Finding = { id: string; type: string; status: string; sku: string | null; quantity: number; evidence: { reference: string | null }[] }

describe('claims CLI', () => {
  const t = tempDir()
  const db = join(t.dir, 'claims.sqlite')
  const cli = (args: string[]) => runCli(['--db', db, ...args])
  let store = ''
  beforeAll(() => {
    const add = cli(['stores', 'add', '--name', 'Mugs US', '--marketplaces', 'ATVPDKIKX0DER'])
    store = (JSON.parse(add.out) as { id: string }).id
    expect(cli(['reimbursements', 'import', fx('reimbursements.tsv'), '--store', store]).code).toBe(0)
  })
  afterAll(() => t.cleanup())

  it('import-ledger: preview writes nothing, the import lists the bad row and exits 2, a re-import adds nothing', () => {
    const preview = cli(['claims', 'import-ledger', fx('ledger.tsv'), '--store', store, '--preview'])
    expect(preview.code).toBe(2)
    expect(preview.out).toContain('(preview: nothing written)')
    expect(JSON.parse(cli(['claims', 'list', '--store', store, '--json']).out).findings).toHaveLength(0)

    const first = cli(['claims', 'import-ledger', fx('ledger.tsv'), '--store', store])
    expect(first.code).toBe(2)
    expect(first.err).toContain("line 10: Quantity 'abc' is not a whole number")
    expect(first.out).toMatch(/9 rows: 8 new, 0 already imported, 1 rejected/)
    const again = cli(['claims', 'import-ledger', fx('ledger.tsv'), '--store', store])
    expect(again.out).toMatch(/0 new, 8 already imported/)
    expect(cli(['claims', 'import-ledger', fx('nope.tsv'), '--store', store]).code).toBe(1)
    // The preview reads any claims report: another one is refused by this command, naming it.
    const notLedger = cli(['claims', 'import-ledger', fx('removal-orders.tsv'), '--store', store, '--preview'])
    expect(notLedger.code).toBe(1)
    expect(notLedger.err).toContain(
      'removal-orders.tsv: this is not an inventory ledger, it is GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA: preview it with claims import-report'
    )
  })

  it('find: counts per type and status and the money to claim per currency; the reimbursed loss is counted apart', () => {
    const r = cli(['claims', 'find', '--store', store, '--json'])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out) as {
      findings: number
      counts: Record<string, number>
      byType: Record<string, Record<string, number>>
      toClaim: { currency: string; amountMinor: number }[]
      rulesVersion: string
    }
    expect(s.findings).toBe(5)
    expect(s.counts.reimbursed).toBe(1)
    expect(s.byType.fcLost!.reimbursed).toBe(1)
    expect(s.rulesVersion).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/)
    // The readable form prints the same totals.
    const text = cli(['claims', 'find', '--store', store])
    expect(text.out).toContain('5 findings as of')
    expect(text.out).toContain('To claim (not expired, not reimbursed):')
  })

  it('list: --status, --type and --sku filter; a reimbursed finding names its reimbursement; a bad status exits 1', () => {
    const list = (args: string[]) =>
      (JSON.parse(cli(['claims', 'list', '--store', store, '--json', ...args]).out) as { findings: Finding[] }).findings
    const paid = list(['--status', 'reimbursed'])
    expect(paid.map((f) => [f.sku, f.type, f.quantity])).toEqual([['MUG-PAID', 'fcLost', 2]])
    expect(paid[0]!.evidence.map((e) => e.reference)).toContain('5000000002')
    expect(list(['--type', 'fcDamaged']).map((f) => f.sku)).toEqual(['MUG-DMG'])
    expect(list(['--sku', 'mug-l']).map((f) => f.sku)).toEqual(['MUG-LOST'])
    expect(
      list(['--from', '2026-11-01', '--to', '2026-11-30'])
        .map((f) => f.sku)
        .sort()
    ).toEqual(['MUG-LOST', 'MUG-PAID', 'MUG-UK'])
    const bad = cli(['claims', 'list', '--status', 'paid'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('--status: "paid" is not one of wait, claimNow, expiresSoon, expired, reimbursed')
  })

  it('export: one CSV row per finding, amounts as decimal strings with a currency column, the source lines', () => {
    const out = join(t.dir, 'claims.csv')
    const r = cli(['claims', 'export', '--store', store, '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toContain('5 findings written to')
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines[0]).toBe(
      'finding-id,store,type,status,sku,fnsku,asin,amazon-order-id,marketplace-id,fulfillment-center,quantity,event-at,claim-from,claim-until,value,currency,value-basis,rule,rule-effective-from,reimbursed-by,source-lines'
    )
    expect(lines).toHaveLength(6)
    const lost = lines.find((l) => l.includes(',MUG-LOST,'))!
    expect(lost).toContain(',1,2026-11-20T10:00:00.000Z,')
    expect(lost).toContain(',12.34,USD,lastReimbursement,claim.fcLost,')
    expect(lost).toContain('ledger.tsv line 2 (event, 3); ledger.tsv line 3 (found, 1); reimbursements.tsv line 2 (reimbursed, 1)')
    const paid = lines.find((l) => l.includes(',MUG-PAID,'))!
    expect(paid).toContain(',reimbursed,')
    expect(paid).toContain(',5000000002,')
    // --status narrows the export as it narrows the list; stdout without --out.
    const only = cli(['claims', 'export', '--store', store, '--status', 'reimbursed'])
    expect(only.out.trimEnd().split('\r\n')).toHaveLength(2)
  })

  it('import-report: any claims report recognised by content, bad lines with line and column (exit 2), another report refused (exit 1)', () => {
    const other = (JSON.parse(cli(['stores', 'add', '--name', 'Mugs Two', '--marketplaces', 'ATVPDKIKX0DER']).out) as { id: string }).id
    const preview = cli(['claims', 'import-report', fx('removal-orders.tsv'), '--store', other, '--preview'])
    expect(preview.code).toBe(2)
    expect(preview.out).toContain(
      'removal-orders.tsv (GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA): 5 rows: 3 new, 0 updated, 0 already imported, 2 rejected (preview: nothing written)'
    )
    expect(preview.err).toContain("removal-orders.tsv: line 5, column requested-quantity: requested-quantity 'many' is not a whole number")
    expect(preview.out).toContain('  requested-quantity: 16')
    const first = cli(['claims', 'import-report', fx('removal-orders.tsv'), '--store', other, '--json'])
    expect(first.code).toBe(2)
    expect(JSON.parse(first.out)).toMatchObject({ kind: 'removalOrders', inserted: 3, rejectedCount: 2, committed: true })
    expect(cli(['claims', 'import-report', fx('removal-orders.tsv'), '--store', other]).out).toMatch(/0 new, 0 updated, 3 already imported/)
    // A file with no bad line exits 0 (the fixture without its bad line 4); the ledger through the same command.
    const clean = join(t.dir, 'removal-shipments-clean.tsv')
    writeFileSync(
      clean,
      readFileSync(fx('removal-shipments.tsv'), 'utf8')
        .split('\n')
        .filter((_l, i) => i !== 3)
        .join('\n')
    )
    const ships = cli(['claims', 'import-report', clean, '--store', other])
    expect(ships.code).toBe(0)
    expect(ships.out).toMatch(/GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA\): 2 rows: 2 new/)
    const ledger = cli(['claims', 'import-report', fx('ledger.tsv'), '--store', other])
    expect(ledger.code).toBe(2)
    expect(ledger.out).toMatch(/ledger\.tsv \(inventory ledger\): 9 rows: 8 new, 0 already imported, 1 rejected/)
    const refused = cli(['claims', 'import-report', fx('reimbursements.tsv'), '--store', other])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('it is an FBA reimbursements report (Reimbursements), imported on its own screen')
    const removals = (
      JSON.parse(cli(['claims', 'list', '--store', other, '--type', 'removalShortage', '--json']).out) as { findings: Finding[] }
    ).findings
    expect(removals).toHaveLength(2)
  })
})
