/** The CLI in a child process (the built `out/main/cli.js … --db tmp`), as a script would run it. */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const FIX = join(ROOT, 'test/fixtures/reimbursements')

const cli = (args: string[]) => runCli(args)

describe('reimbursements CLI', () => {
  const t = tempDir()
  const db = join(t.dir, 'cli.sqlite')
  let store = ''
  beforeAll(() => {
    const add = cli([
      '--db',
      db,
      'stores',
      'add',
      '--name',
      'CLI US',
      '--region',
      'NA',
      '--seller-id',
      'A1B2C3D4E5F6G7',
      '--marketplaces',
      'ATVPDKIKX0DER',
      '--lwa-client-id',
      'amzn1.application-oa2-client.cli'
    ])
    store = (JSON.parse(add.out) as { id: string }).id
  })
  afterAll(() => t.cleanup())

  it('imports a file and prints {encoding, inserted, updated, unchanged, rejected}; again: nothing changes', () => {
    const r = cli(['--db', db, 'reimbursements', 'import', join(FIX, 'sample.tsv'), '--store', store])
    expect(r.code, r.err).toBe(0)
    const enc = { encoding: 'utf-8', encodingEvidence: 'plain ASCII, read as UTF-8' }
    expect(JSON.parse(r.out)).toEqual({ ...enc, inserted: 3, updated: 0, unchanged: 0, rejected: [] })
    const again = cli(['--db', db, 'reimbursements', 'import', join(FIX, 'sample.tsv'), '--store', store])
    expect(JSON.parse(again.out)).toEqual({ ...enc, inserted: 0, updated: 0, unchanged: 3, rejected: [] })
  })

  it('lists bad rows with their line, imports the rest and exits 2', () => {
    const r = cli(['--db', db, 'reimbursements', 'import', join(FIX, 'bad-rows.tsv'), '--store', store])
    expect(r.code, r.err).toBe(2)
    expect(r.err).toMatch(/9 rows were rejected \(listed above with line and reason\); the other rows were imported/)
    const j = JSON.parse(r.out) as { inserted: number; rejected: { line: number; reason: string }[] }
    expect(j.inserted).toBe(1)
    expect(j.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12])
  })

  it('exits non-zero naming the missing columns when the file is rejected', () => {
    const r = cli(['--db', db, 'reimbursements', 'import', join(FIX, 'missing-columns.tsv'), '--store', store])
    expect(r.code).not.toBe(0)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/VALIDATION: .*currency-unit, amount-total/)
  })

  it('lists rows with per-currency totals, filtered', () => {
    const j = JSON.parse(cli(['--db', db, 'reimbursements', 'list', '--store', store, '--json']).out) as {
      rows: { reimbursementId: string }[]
      total: number
      totals: unknown
    }
    expect(j.total).toBe(4)
    expect(j.totals).toEqual([{ currency: 'USD', amountMinor: 1974 + 1240 - 987 + 1974 }])
    const lost = JSON.parse(
      cli([
        '--db',
        db,
        'reimbursements',
        'list',
        '--reason',
        'Warehouse Lost',
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-31',
        '--sku',
        'MUG-11OZ-WHT',
        '--json'
      ]).out
    ) as { rows: { reimbursementId: string }[] }
    expect(lost.rows.map((r) => r.reimbursementId).sort()).toEqual(['4582310917', '7000000001'])
    const byRaw = JSON.parse(cli(['--db', db, 'reimbursements', 'list', '--reason', 'Reimbursement_Reversal', '--json']).out) as {
      rows: { reimbursementId: string }[]
    }
    expect(byRaw.rows.map((r) => r.reimbursementId)).toEqual(['4591100456'])
    const table = cli(['--db', db, 'reimbursements', 'list'])
    expect(table.out).toContain('4591100456')
    expect(table.out).toMatch(/Totals \(4 rows\): 42\.01 USD/)
    const bad = cli(['--db', db, 'reimbursements', 'list', '--reason', 'Nope'])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/unknown reason 'Nope'/)
  })
})
