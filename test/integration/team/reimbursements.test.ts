/**
 * Reimbursements on the team server (PostgreSQL): a report uploaded and imported by COPY with
 * exact totals in minor units; importing the same file again changes nothing; a changed line is
 * updated; a line the file repeats is counted once; a file with a bad line is refused with its
 * file, line and column and nothing is written; list, summary and CSV export read the rows back.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { teamChanges, teamReimbursementImports, teamReimbursements } from '../../../src/main/team/pg/schema'
import { startTestTeamServer, type TestTeamServer } from '../../helpers/team-server'

let s: TestTeamServer
let finance: string

beforeAll(async () => {
  s = await startTestTeamServer()
  finance = await s.tokenFor('fin', 'finance')
})
afterAll(async () => s.close())

const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const line = (c: Partial<Record<string, string>> & { id: string; total: string; sku?: string; currency?: string; date?: string }) =>
  [
    c.date ?? '2026-03-04T08:17:52+00:00',
    c.id,
    c.caseId ?? '',
    c.order ?? '',
    c.reason ?? 'Lost_Warehouse',
    c.sku ?? 'SKU-1',
    'X000000001',
    'B000000001',
    c.name ?? 'Mug\twith "tab"'.replace('\t', ' '),
    'New',
    c.currency ?? 'USD',
    c.total,
    c.total,
    '1',
    '0',
    '1',
    c.origId ?? '',
    c.origType ?? ''
  ].join('\t')

const REPORT = [
  HEADER,
  line({ id: '1001', total: '19.99', caseId: '555' }),
  line({ id: '1002', total: '0.01', sku: 'SKU-2', name: 'Back\\slash' }),
  line({ id: '1003', total: '-5.10', reason: 'Reimbursement_Reversal', origId: '1001', origType: 'Lost_Warehouse' }),
  line({ id: '1004', total: '1234.56', currency: 'CAD', date: '2026-04-01T00:00:00Z' }),
  line({ id: '1005', total: '300', currency: 'JPY', sku: 'SKU-JP' }),
  line({ id: '1002', total: '0.01', sku: 'SKU-2', name: 'Back\\slash' }) // the file repeats line 3
].join('\n')

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

async function upload(text: string, name: string): Promise<string> {
  const bytes = Buffer.from(text)
  const r = await s.call('PUT', `/v1/files/${sha(bytes)}?name=${name}`, finance, bytes)
  expect(r.status).toBeLessThan(300)
  return r.body.fileId as string
}

async function importFile(fileId: string) {
  const cmd = { id: uuidv7(), channel: 'reimbursements.import', input: { storeId: 'us1', fileId }, issuedAt: new Date().toISOString() }
  const r = await s.call('POST', '/v1/commands', finance, { commands: [cmd] })
  expect(r.status).toBe(200)
  return r.body.outcomes[0]
}

const rowCount = async () => (await s.db.select({ n: count() }).from(teamReimbursements))[0]!.n

describe('reimbursements on the team server', () => {
  it('imports a report by COPY with exact totals per currency', async () => {
    const out = await importFile(await upload(REPORT, 'reimb.txt'))
    expect(out.status).toBe('applied')
    expect(out.result).toMatchObject({
      file: 'reimb.txt',
      rows: 6,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rejectedCount: 1,
      rejected: [{ line: 7, reason: expect.stringMatching(/^duplicate of line 3 /) }],
      committed: true,
      alreadyImported: null,
      totals: [
        { currency: 'CAD', amountMinor: 123456 },
        { currency: 'JPY', amountMinor: 300 },
        { currency: 'USD', amountMinor: 1999 + 1 - 510 }
      ]
    })
    expect(await rowCount()).toBe(5)
    const list = await s.call('POST', '/v1/read/reimbursements.list', finance, {
      storeId: 'us1',
      sortBy: 'reimbursementId',
      sortDir: 'asc'
    })
    expect(list.body.total).toBe(5)
    const rows = list.body.rows as {
      reimbursementId: string
      amountTotalMinor: number
      currency: string
      title: string
      originalRowId: number | null
      id: number
      storeName: string
      initiatedBy: string
    }[]
    expect(rows.map((r) => [r.reimbursementId, r.amountTotalMinor, r.currency])).toEqual([
      ['1001', 1999, 'USD'],
      ['1002', 1, 'USD'],
      ['1003', -510, 'USD'],
      ['1004', 123456, 'CAD'],
      ['1005', 300, 'JPY']
    ])
    expect(rows[1]!.title).toBe('Back\\slash')
    expect(rows[0]).toMatchObject({ storeName: 'US One', initiatedBy: 'seller' })
    expect(rows[2]!.originalRowId).toBe(rows[0]!.id)
    const summary = await s.call('POST', '/v1/read/reimbursements.summary', finance, { storeId: 'us1' })
    expect(summary.body).toMatchObject({
      count: 5,
      totals: [
        { currency: 'CAD', amountMinor: 123456 },
        { currency: 'JPY', amountMinor: 300 },
        { currency: 'USD', amountMinor: 1490 }
      ]
    })
    expect(summary.body.months).toContainEqual({
      month: '2026-04',
      category: 'WarehouseLost',
      currency: 'CAD',
      amountMinor: 123456,
      count: 1
    })
    // One change per import (its summary), not one per row.
    const changes = await s.db.select().from(teamChanges)
    expect(changes.filter((c) => c.entity === 'reimbursements.import')).toHaveLength(1)
  })

  it('changes nothing when the same file is imported again, and says it was imported before', async () => {
    const again = await importFile(sha(Buffer.from(REPORT)))
    expect(again.status).toBe('applied')
    expect(again.result).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, rejectedCount: 1, alreadyImported: { file: 'reimb.txt' } })
    expect(await rowCount()).toBe(5)
    expect((await s.db.select({ n: count() }).from(teamReimbursementImports))[0]!.n).toBe(2)
  })

  it('updates a changed line and inserts a new one', async () => {
    const changed = [HEADER, line({ id: '1001', total: '20.00', caseId: '555' }), line({ id: '1006', total: '7.00' })].join('\n')
    const out = await importFile(await upload(changed, 'changed.txt'))
    expect(out.result).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, totals: [{ currency: 'USD', amountMinor: 2700 }] })
    const summary = await s.call('POST', '/v1/read/reimbursements.summary', finance, { storeId: 'us1', reasons: ['WarehouseLost'] })
    expect(summary.body.totals).toContainEqual({ currency: 'USD', amountMinor: 2000 + 1 + 700 })
  })

  it('refuses a file with a bad line, naming file, line and column, and writes nothing', async () => {
    const before = await rowCount()
    const changesBefore = (await s.db.select({ n: count() }).from(teamChanges))[0]!.n
    const bad = [
      HEADER,
      line({ id: '2001', total: '1.00' }),
      line({ id: '2002', total: '12,50' }),
      line({ id: '2003', total: '2.00', date: 'yesterday' })
    ].join('\n')
    const out = await importFile(await upload(bad, 'bad.txt'))
    expect(out.status).toBe('refused')
    expect(out.error.code).toBe('VALIDATION')
    expect(out.error.message).toMatch(
      /^bad\.txt: 2 lines cannot be imported, so nothing was imported\. line 3, column 13 \(amount-total\): amount-total '12,50'/
    )
    expect(out.error.details).toMatchObject({
      file: 'bad.txt',
      rejectedCount: 2,
      rejected: [
        { line: 3, column: 13, columnName: 'amount-total' },
        { line: 4, column: 1, columnName: 'approval-date' }
      ]
    })
    expect(await rowCount()).toBe(before)
    expect((await s.db.select({ n: count() }).from(teamChanges))[0]!.n).toBe(changesBefore)
  })

  it('refuses a file that is not a reimbursements report, and an unknown file or store', async () => {
    const notReport = await importFile(await upload('order-id\tsku\n1\t2\n', 'orders.txt'))
    expect(notReport).toMatchObject({
      status: 'refused',
      error: { code: 'VALIDATION', message: expect.stringMatching(/orders\.txt: line 1: this is not an FBA reimbursements report/) }
    })
    expect(await importFile(sha('never uploaded'))).toMatchObject({ status: 'refused', error: { code: 'NOT_FOUND' } })
  })

  it('exports the filtered rows as CSV with exact amounts', async () => {
    const r = await s.call('POST', '/v1/read/reimbursements.exportCsv', finance, {
      storeId: 'us1',
      sortBy: 'reimbursementId',
      sortDir: 'asc'
    })
    expect(r.status).toBe(200)
    expect(r.body.rows).toBe(6)
    expect(r.body.fileName).toMatch(/^reimbursements-US_One-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = (r.body.csv as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toMatch(/^store,marketplace,reimbursement-time/)
    expect(lines[1]).toContain(',1001,555,')
    expect(lines[1]).toContain(',20.00,')
    expect(lines[4]).toContain(',1234.56,')
    expect(lines[5]).toContain(',300,')
  })
})
