/**
 * `costs import|list` and `audit statement|below-cost` through the built CLI, as a script runs
 * them: exit codes by cli-context's rule (2: bad lines listed with line and column, the rest
 * imported; 1: an incomplete mapping, nothing written), the mapping given with --map once and
 * remembered for the service, JSON output.
 */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BelowCostRow, StatementAudit } from '../../../src/shared/contract/audits'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const FIX = join(resolve(__dirname, '../../..'), 'test/fixtures/audits')

describe('costs and audit commands', () => {
  const t = tempDir()
  const db = join(t.dir, 'audits.sqlite')
  const cli = (args: string[]) => runCli(['--db', db, ...args])
  let store = ''
  beforeAll(() => {
    const add = cli(['stores', 'add', '--name', 'Audit US', '--marketplaces', 'ATVPDKIKX0DER'])
    store = (JSON.parse(add.out) as { id: string }).id
    expect(cli(['reimbursements', 'import', join(FIX, 'reimbursements.tsv'), '--store', store]).code).toBe(0)
  })
  afterAll(() => t.cleanup())

  it('costs import previews, imports, and lists the versions', () => {
    const preview = cli(['costs', 'import', join(FIX, 'costs.csv'), '--store', store, '--preview'])
    expect(preview.code).toBe(0)
    expect(preview.out).toContain('costs.csv: 7 rows: 7 new, 0 updated, 0 unchanged, 0 rejected (preview: nothing written)')
    expect(JSON.parse(cli(['costs', 'list', '--json']).out)).toEqual([])
    expect(cli(['costs', 'import', join(FIX, 'costs.csv'), '--store', store]).code).toBe(0)
    const list = JSON.parse(cli(['costs', 'list', '--store', store, '--sku', 'MUG-A', '--json']).out) as {
      versions: { fromDate: string }[]
    }[]
    expect(list[0]!.versions.map((v) => v.fromDate)).toEqual(['2026-05-10', '2025-01-01'])
    expect(cli(['costs', 'list']).out).toContain('MUG-D')
  })

  it('audit statement: an incomplete mapping exits 1 and names the columns; --map once, then remembered; bad lines exit 2', () => {
    const guessed = cli(['audit', 'statement', join(FIX, 'acme-2026-09.csv'), '--store', store, '--service', 'Acme Recovery'])
    expect(guessed.code).toBe(1)
    expect(guessed.err).toContain('the column mapping for "Acme Recovery" is incomplete: caseId or reimbursementId')
    expect(guessed.err).toContain('"Case #", "Reimb. ID", "Recovered", "Our fee", "Cur"')

    const first = cli([
      'audit',
      'statement',
      join(FIX, 'acme-2026-09.csv'),
      '--store',
      store,
      '--service',
      'Acme Recovery',
      '--map',
      'Case #=caseId,Reimb. ID=reimbursementId,Recovered=amount,Our fee=fee,Cur=currency'
    ])
    expect(first.code).toBe(2)
    expect(first.err).toContain('acme-2026-09.csv: line 10, column Recovered: the amount:')
    expect(first.err).toContain('acme-2026-09.csv: line 11, column Our fee: the fee:')
    expect(first.out).toContain(
      'acme-2026-09.csv (Acme Recovery): 8 lines checked, 5 disputed, 2 rejected; fees charged 6.00 EUR, 39.50 USD, fees at stake 3.00 EUR, 33.25 USD'
    )

    const next = cli(['audit', 'statement', join(FIX, 'acme-2026-10.csv'), '--store', store, '--service', 'acme recovery', '--json'])
    expect(next.code).toBe(0)
    const a = JSON.parse(next.out) as StatementAudit
    expect(a.mappingSource).toBe('remembered')
    expect(a.lines.map((l) => [l.line, l.kinds, l.duplicateOf?.line])).toEqual([[2, ['duplicate'], 2]])

    expect(cli(['audit', 'statement', join(FIX, 'acme-2026-10.csv'), '--store', store, '--map', 'Case #=case']).err).toContain(
      '--map: "Case #=case" is not column=field'
    )
  })

  it('audit below-cost lists the differences per unit and in total', () => {
    const r = cli(['audit', 'below-cost', '--store', store, '--json'])
    expect(r.code).toBe(0)
    const b = JSON.parse(r.out) as { rows: BelowCostRow[]; totals: unknown }
    expect(b.rows.map((x) => [x.reimbursementId, x.differencePerUnit.amountMinor, x.differenceTotal.amountMinor])).toEqual([
      ['6000000001', 100, 200],
      ['6000000003', 300, 300],
      ['6000000006', 100, 100]
    ])
    expect(b.totals).toEqual([
      { amountMinor: 100, currency: 'EUR' },
      { amountMinor: 500, currency: 'USD' }
    ])
    expect(cli(['audit', 'below-cost']).out).toContain('Below cost in total: 1.00 EUR, 5.00 USD')
  })
})
