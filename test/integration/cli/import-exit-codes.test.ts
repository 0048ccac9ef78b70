/**
 * The import commands through the CLI, as a script runs them (issue 12 §3): one exit-code rule
 * (0 every row in; 2 some rows rejected, listed, the rest imported; 1 file refused, nothing
 * written), no INTERNAL crash on fuzzed files, no garbled text over good text, and database
 * faults by name. The fixtures are in test/fixtures/imports. Checked against the previous commit:
 * each `it` below failed there (exit 0 with rejected rows, exit 2 for orders that wrote nothing,
 * INTERNAL on "+5.00", 0 rows and exit 0 for CR-only and namespaced files, INTERNAL for a locked
 * database).
 */
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const FIX = join(ROOT, 'test/fixtures')
const fx = (p: string) => join(FIX, p)

describe('one exit-code rule for every import command', () => {
  const t = tempDir()
  const db = join(t.dir, 'imports.sqlite')
  const cli = (args: string[]) => runCli(['--db', db, ...args])
  let store = ''
  const count = (table: string) => {
    const s = new Database(db, { readonly: true })
    try {
      return s.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    } finally {
      s.close()
    }
  }
  beforeAll(() => {
    const add = cli([
      'stores',
      'add',
      '--name',
      'Imports',
      '--region',
      'NA',
      '--seller-id',
      'A1B2C3D4E5F6G7',
      '--marketplaces',
      'ATVPDKIKX0DER',
      '--lwa-client-id',
      'amzn1.application-oa2-client.imports'
    ])
    store = (JSON.parse(add.out) as { id: string }).id
  })
  afterAll(() => t.cleanup())

  it('0: every row in — also with "+" amounts (was an INTERNAL crash in all three)', () => {
    for (const [cmd, file] of [
      ['reimbursements', 'imports/reimbursements-plus.tsv'],
      ['rmas', 'imports/returns-plus.tsv'],
      ['orders', 'imports/orders-plus.tsv']
    ] as const) {
      const r = cli([cmd, 'import', fx(file), '--store', store])
      expect(r.code, `${cmd}: ${r.err}`).toBe(0)
      expect(r.err).not.toMatch(/INTERNAL/)
      expect(JSON.parse(r.out)).toMatchObject({ encoding: 'utf-8' })
    }
  })

  it('2: some rows rejected (listed with line and reason), the rest imported (reimbursements exited 0)', () => {
    const r = cli(['reimbursements', 'import', fx('reimbursements/bad-rows.tsv'), '--store', store])
    expect(r.code, r.err).toBe(2)
    expect((JSON.parse(r.out) as { rejected: unknown[] }).rejected.length).toBe(9)
    expect(r.err).toMatch(/9 rows were rejected \(listed above with line and reason\); the other rows were imported/)
    // A truncated last row of a returns report: rejected with its line (was imported, the
    // missing Refunded Amount switching the already-refunded guard off).
    const before = count('rma_items')
    const ret = cli(['rmas', 'import', fx('imports/returns-truncated.tsv'), '--store', store])
    expect(ret.code, ret.err).toBe(2)
    expect(JSON.parse(ret.out)).toMatchObject({
      rejected: [{ line: 4, reason: expect.stringMatching(/the line has 20 columns, the header has 32: the line is cut short/) }]
    })
    expect(count('rma_items')).toBeGreaterThanOrEqual(before)
  })

  it('1: file refused, nothing written (orders exited 2 though they wrote nothing)', () => {
    const orders = count('orders')
    const bad = cli(['orders', 'import', fx('orders/unshipped-bad-rows.tsv'), '--store', store])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/File refused, nothing imported: 3 rows were rejected/)
    const preview = cli(['orders', 'import', fx('orders/unshipped-bad-rows.tsv'), '--store', store, '--preview'])
    expect(preview.code).toBe(1)
    expect(preview.err).toMatch(/The import would refuse this file/)
    expect(count('orders')).toBe(orders)
    // A mangled header names the missing columns (was: every row rejected).
    const header = cli(['rmas', 'import', fx('imports/returns-mangled-header.tsv'), '--store', store])
    expect(header.code).toBe(1)
    expect(header.err).toMatch(
      /VALIDATION: returns-mangled-header\.tsv: line 1: the header lacks the required columns merchant-sku or sku, return-quantity/
    )
    const oh = cli(['orders', 'import', fx('imports/orders-mangled-header.tsv'), '--store', store])
    expect(oh.code).toBe(1)
    expect(oh.err).toMatch(/the header lacks the required columns quantity-purchased \(or quantity\), currency/)
    const reimb = count('reimbursements')
    const missing = cli(['reimbursements', 'import', fx('reimbursements/missing-columns.tsv'), '--store', store])
    expect(missing.code).toBe(1)
    expect(count('reimbursements')).toBe(reimb)
  })

  it('CR-only line ends and namespace-prefixed XML import their rows (were "0 rows" with exit 0)', () => {
    const t2 = tempDir()
    try {
      const db2 = join(t2.dir, 'cr.sqlite')
      const c = (args: string[]) => runCli(['--db', db2, ...args])
      const s = (
        JSON.parse(
          c([
            'stores',
            'add',
            '--name',
            'CR',
            '--region',
            'NA',
            '--seller-id',
            'A1B2C3D4E5F6G7',
            '--marketplaces',
            'ATVPDKIKX0DER',
            '--lwa-client-id',
            'amzn1.application-oa2-client.cr'
          ]).out
        ) as { id: string }
      ).id
      const r = c(['reimbursements', 'import', fx('imports/reimbursements-cr.tsv'), '--store', s])
      expect(r.code, r.err).toBe(0)
      expect(JSON.parse(r.out)).toMatchObject({ inserted: 3 })
      const ret = c(['rmas', 'import', fx('imports/returns-cr.tsv'), '--store', s])
      expect(ret.code, ret.err).toBe(0)
      expect(JSON.parse(ret.out)).toMatchObject({ created: 2, skipped: [{ line: 4 }] })
      const o = c(['orders', 'import', fx('imports/orders-cr.tsv'), '--store', s])
      expect(o.code, o.err).toBe(0)
      expect((JSON.parse(o.out) as { inserted: number }).inserted).toBeGreaterThan(0)
      const ns = c(['rmas', 'import', fx('imports/returns-ns.xml'), '--store', s, '--preview'])
      expect(ns.code, ns.err).toBe(0)
      const n = JSON.parse(ns.out) as { format: string; created: number; updated: number; unchanged: number; rejected: unknown[] }
      expect([n.format, n.created + n.updated + n.unchanged, n.rejected]).toEqual(['mfn-xml', 1, []])
    } finally {
      t2.cleanup()
    }
  })

  it('garbled text never replaces good text; a damaged byte refuses the file at its line', () => {
    const good = cli(['reimbursements', 'import', fx('imports/reimbursements-utf8-names.tsv'), '--store', store])
    expect(good.code, good.err).toBe(0)
    const names = () => {
      const s = new Database(db, { readonly: true })
      try {
        return s
          .prepare(
            "SELECT product_name FROM reimbursements WHERE reimbursement_id IN ('4582310917', '4587712203', '4591100456') ORDER BY product_name"
          )
          .pluck()
          .all()
      } finally {
        s.close()
      }
    }
    const expected = ['Kaffeebecher für Büro', 'Tasse en céramique – blanc', '马克杯 陶瓷 白色']
    expect(names()).toEqual(expected)
    // One invalid byte: was read as windows-1252, writing mojibake over every name.
    const oneBad = cli(['reimbursements', 'import', fx('imports/reimbursements-utf8-one-bad-byte.tsv'), '--store', store])
    expect(oneBad.code).toBe(1)
    expect(oneBad.err).toMatch(/VALIDATION: reimbursements-utf8-one-bad-byte\.tsv: line 3, column \d+: byte 0xfc is not valid UTF-8/)
    expect(names()).toEqual(expected)
    // A file whose names were garbled before (UTF-8 read as windows-1252, saved again): rejected, stored names kept.
    const moj = cli(['reimbursements', 'import', fx('imports/reimbursements-mojibake-names.tsv'), '--store', store])
    expect(moj.code, moj.err).toBe(2)
    expect((JSON.parse(moj.out) as { rejected: { reason: string }[] }).rejected[0]!.reason).toMatch(
      /^product-name 'Tasse en cÃ©ramique â€“ blanc' would replace the stored 'Tasse en céramique – blanc' with a garbled reading of the same text/
    )
    expect(names()).toEqual(expected)
  })

  it('a database in use by another program: DATABASE_BUSY in plain words, not INTERNAL; nothing written', () => {
    const lock = new Database(db)
    lock.exec('BEGIN IMMEDIATE')
    try {
      for (const [cmd, file] of [
        ['reimbursements', 'reimbursements/sample.tsv'],
        ['rmas', 'rmas/mfn-returns.xml']
      ] as const) {
        const r = cli([cmd, 'import', fx(file), '--store', store])
        expect(r.code, cmd).toBe(1)
        expect(r.err).toMatch(/DATABASE_BUSY: The database is in use by another program/)
        expect(r.err).not.toMatch(/INTERNAL/)
      }
    } finally {
      lock.exec('ROLLBACK')
      lock.close()
    }
  })
})
