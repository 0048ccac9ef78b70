/** The settlements CLI in a child process (the built `out/main/cli.js … --db tmp`), as a script would run it. */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const FIX = join(resolve(__dirname, '../../..'), 'test/fixtures/settlements')

describe('settlements CLI', () => {
  const t = tempDir()
  const db = join(t.dir, 'cli.sqlite')
  let store = ''
  beforeAll(() => {
    const add = runCli([
      '--db',
      db,
      'stores',
      'add',
      '--name',
      'CLI DE',
      '--region',
      'EU',
      '--seller-id',
      'A1B2C3D4E5F6G7',
      '--marketplaces',
      'A1PA6795UKMFR9',
      '--lwa-client-id',
      'amzn1.application-oa2-client.cli'
    ])
    store = (JSON.parse(add.out) as { id: string }).id
  })
  afterAll(() => t.cleanup())

  it('imports a settlement and prints its totals per currency; again: nothing new', () => {
    const r = runCli(['--db', db, 'settlements', 'import', join(FIX, 'settlement-de.tsv'), '--store', store])
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      settlementId: '22220001',
      decimalMark: ',',
      total: '1043.25 EUR',
      totals: ['1043.25 EUR'],
      balanced: true,
      inserted: 8
    })
    const again = runCli(['--db', db, 'settlements', 'import', join(FIX, 'settlement-de.tsv'), '--store', store])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.out)).toMatchObject({ inserted: 0, unchanged: 8 })
  })

  it('refuses a malformed amount with file, line and column, and exits 1', () => {
    const r = runCli(['--db', db, 'settlements', 'import', join(FIX, 'settlement-de-bad-amount.tsv'), '--store', store])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/VALIDATION: settlement-de-bad-amount\.tsv: .*line 6, column 15 \(amount\): '12\.50'/)
  })

  it("prints an order's refunds with date, amount and fees", () => {
    const r = runCli(['--db', db, 'settlements', 'refunds', '302-1111111-1111111', '--store', store])
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toEqual([
      {
        refundedAt: '2026-11-10T09:45:00.000Z',
        settlementId: '22220001',
        adjustmentId: 'amzn1.adj.DE0001',
        amount: '-95.00 EUR',
        fees: '11.40 EUR',
        net: '-83.60 EUR'
      }
    ])
  })
})
