/**
 * The import's ways through a file give the same rows, counts, rejections and per-day totals:
 * parsed on the import's thread or on a worker thread (large files; forced here for a small one),
 * row by row against the unique line index or as a bulk load that drops it and finds the file's
 * repeated lines when rebuilding it (large first imports; forced here). Runs the built CLI,
 * whose worker entry is bundled next to it.
 */
import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const t = tempDir('sbo-reimb-paths-')
afterAll(() => t.cleanup())

const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const REASONS = ['Lost_Warehouse', 'Damaged_Warehouse', 'CustomerReturn', 'CustomerServiceIssue', 'Lost_Outbound']

function line(i: number, qty = 1 + (i % 3)): string {
  const t = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 3_600_000).toISOString().replace('.000Z', '+00:00')
  const reversal = i % 40 === 39
  const reason = reversal ? 'Reimbursement_Reversal' : REASONS[i % REASONS.length]!
  const currency = i % 5 === 0 ? 'CAD' : 'USD'
  return `${t}\t${4_200_000_000 + Math.floor(i / 2)}\t${i % 4 === 0 ? 17_000_000_000 + i : ''}\t${i % 3 === 0 ? `113-${String(i).padStart(7, '0')}-1234567` : ''}\t${reason}\tSKU-${i % 37}\t\tB0${String(i % 37).padStart(8, '0')}\tMug ${i % 37}\tNew\t${currency}\t${5 + (i % 9)}.25\t${reversal ? '-' : ''}${(5 + (i % 9)) * qty}.${String(i % 100).padStart(2, '0')}\t${reversal ? -1 : qty}\t0\t${reversal ? -1 : qty}\t${reversal ? 4_200_000_000 + Math.floor((i - 10) / 2) : ''}\t${reversal ? 'Lost_Warehouse' : ''}`
}

function run(file: string, name: string, env: Record<string, string>) {
  const db = join(t.dir, `${name}.sqlite`)
  const add = runCli([
    '--db',
    db,
    'stores',
    'add',
    '--name',
    'Paths',
    '--region',
    'NA',
    '--seller-id',
    'A1B2C3D4E5F6G7',
    '--marketplaces',
    'ATVPDKIKX0DER',
    '--lwa-client-id',
    'amzn1.application-oa2-client.paths'
  ])
  const store = (JSON.parse(add.out) as { id: string }).id
  const r = runCli(['--db', db, 'reimbursements', 'import', file, '--store', store], env)
  expect(r.out, r.err).not.toBe('') // a refused import prints its error on stderr only
  const summary = JSON.parse(r.out) as {
    inserted: number
    updated: number
    unchanged: number
    rejected: { line: number; reason: string }[]
  }
  // The import exit-code rule: 2 when rows were rejected and the rest imported.
  expect(r.code, r.err).toBe(summary.rejected.length > 0 ? 2 : 0)
  const sqlite = new Database(db, { readonly: true })
  const rows = sqlite
    .prepare(
      `SELECT r.reimbursement_id, r.line_key, r.approved_at, r.reimbursed_at, r.time_from_approval, r.case_id, r.amazon_order_id, r.reason, r.reason_category, r.sku, r.asin,
         r.currency, r.amount_per_unit_minor, r.amount_total_minor, r.quantity_total, r.original_reimbursement_id, o.source_line AS original_line, r.source_line, r.raw
       FROM reimbursements r LEFT JOIN reimbursements o ON o.id = r.original_row_id ORDER BY r.source_line`
    )
    .all()
  const daily = sqlite.prepare('SELECT day, reason_category, currency, amount_minor, rows FROM reimbursement_daily ORDER BY 1, 2, 3').all()
  const indexes = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reimbursements' ORDER BY name")
    .pluck()
    .all()
  sqlite.close()
  return { summary, rows, daily, indexes }
}

describe('reimbursements import paths', () => {
  it('worker or not, row by row or bulk: the same result', () => {
    const lines = [HEADER]
    for (let i = 0; i < 3000; i++) lines.push(line(i))
    lines.push(line(17)) // the same line again: counted once
    lines.push(line(120, 7)) // the same reimbursement line with other values: the first is kept
    lines.push(line(121).replace(/\tUSD\t|\tCAD\t/, '\tXYZ\t')) // a bad row
    lines.push(line(17)) // and once more
    const file = join(t.dir, 'paths.tsv')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const none = { SBO_REIMB_PARALLEL_BYTES: String(Number.MAX_SAFE_INTEGER), SBO_REIMB_BULK_MIN_ROWS: String(Number.MAX_SAFE_INTEGER) }
    const base = run(file, 'plain', none)
    expect(base.summary).toMatchObject({ inserted: 3000, updated: 0, unchanged: 0 })
    expect(base.summary.rejected.map((r) => r.line)).toEqual([3002, 3003, 3004, 3005])
    expect(base.summary.rejected[1]!.reason).toMatch(/different values: line 122 was kept/)
    expect(base.rows.filter((r) => (r as { original_line: number | null }).original_line !== null).length).toBeGreaterThan(50)
    const worker = { SBO_REIMB_PARALLEL_BYTES: '1', SBO_REIMB_PARALLEL_REQUIRED: '1' }
    const bulk = { SBO_REIMB_BULK_MIN_ROWS: '1' }
    for (const [name, env] of [
      ['worker', { ...none, ...worker }],
      ['bulk', { ...none, ...bulk }],
      ['worker-bulk', { ...worker, ...bulk }]
    ] as const) {
      const other = run(file, name, env)
      expect(other.summary, name).toEqual(base.summary)
      expect(other.rows, name).toEqual(base.rows)
      expect(other.daily, name).toEqual(base.daily)
      // The bulk load rebuilt every index, the unique line index included.
      expect(other.indexes, name).toEqual(base.indexes)
    }
    expect(base.indexes).toContain('reimbursements_id_store_line_uq')
  })

  it('a file the parser refuses fails the same way on either thread, and writes nothing', () => {
    const lines = [HEADER]
    for (let i = 0; i < 2000; i++) lines.push(line(i))
    // Invalid UTF-8 well past the encoding sample (the first 64 KiB).
    const bad = Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from([0x32, 0x30, 0xff, 0xfe, 0x0a])])
    const file = join(t.dir, 'bad-utf8.tsv')
    writeFileSync(file, bad)
    const results = (
      [
        { SBO_REIMB_PARALLEL_BYTES: String(Number.MAX_SAFE_INTEGER) },
        { SBO_REIMB_PARALLEL_BYTES: '1', SBO_REIMB_PARALLEL_REQUIRED: '1', SBO_REIMB_BULK_MIN_ROWS: '1' }
      ] as Record<string, string>[]
    ).map((env, k) => {
      const db = join(t.dir, `bad-${k}.sqlite`)
      const add = runCli([
        '--db',
        db,
        'stores',
        'add',
        '--name',
        'Bad',
        '--region',
        'NA',
        '--seller-id',
        'A1B2C3D4E5F6G7',
        '--marketplaces',
        'ATVPDKIKX0DER',
        '--lwa-client-id',
        'amzn1.application-oa2-client.bad'
      ])
      const store = (JSON.parse(add.out) as { id: string }).id
      const r = runCli(['--db', db, 'reimbursements', 'import', file, '--store', store], env)
      const sqlite = new Database(db, { readonly: true })
      const count = sqlite.prepare('SELECT count(*) FROM reimbursements').pluck().get()
      const indexes = sqlite
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reimbursements'")
        .pluck()
        .get()
      sqlite.close()
      return { code: r.code, err: r.err.replace(/^\{.*\}\n/gm, '').trim(), count, indexes }
    })
    expect(results[0]!.code).not.toBe(0)
    expect(results[0]!.err).toMatch(/VALIDATION: bad-utf8\.tsv: line 2002, column 3: byte 0xff is not valid UTF-8/)
    expect(results[0]!.count).toBe(0)
    expect(results[1]).toEqual(results[0])
  })
})
