/**
 * Audits on a real SQLite file, through dispatch (as the screens and the CLI call them): a
 * recovery service's statement with every kind of discrepancy (exact expected lines and totals),
 * the column mapping remembered per service, charged twice across statements, a reversal that
 * arrives after the statement, and reimbursements paid below the manufacturing cost.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BelowCostRow, StatementAudit, StatementMapping } from '../../../src/shared/contract/audits'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/audits')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const ACME: StatementMapping = {
  columns: { caseId: 'Case #', reimbursementId: 'Reimb. ID', amount: 'Recovered', fee: 'Our fee', currency: 'Cur' },
  decimalMark: '.',
  currency: null
}
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' })
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' })

async function setup() {
  const t = makeServices({ now: '2026-12-03T10:00:00.000Z' })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const stage = (name: string) => t.services.files.register(join(FIX, name)).id
  await call('reimbursements.import', { storeId: store.id, fileId: stage('reimbursements.tsv') })
  const statement = (name: string, opts: { commit?: boolean; mapping?: StatementMapping; service?: string } = {}) =>
    call<StatementAudit>(opts.commit === false ? 'audits.previewStatement' : 'audits.importStatement', {
      storeId: store.id,
      fileId: stage(name),
      service: opts.service ?? 'Acme Recovery',
      ...(opts.mapping ? { mapping: opts.mapping } : {})
    })
  return { t, store, call, stage, statement }
}

const paid = (
  ids: string[],
  caseId: string | null,
  amount: { amountMinor: number; currency: string },
  at: string,
  reversed = null as null | object
) => ({
  reimbursementIds: ids,
  caseId,
  amount,
  reversed,
  reimbursedAt: at
})

/** The expected audit of acme-2026-09.csv, line by line (built by hand from the fixtures). */
const EXPECTED_LINES = [
  {
    line: 2,
    caseId: '18000000001',
    reimbursementId: '6000000001',
    amount: usd(2000),
    fee: usd(500),
    kinds: [],
    feeAtStake: null,
    paid: paid(['6000000001'], '18000000001', usd(2000), '2026-05-10T08:00:00.000Z'),
    duplicateOf: null
  },
  {
    line: 3,
    caseId: '18000000002',
    reimbursementId: '6000000002',
    amount: usd(2500),
    fee: usd(625),
    kinds: ['amountDiffers'],
    feeAtStake: usd(625),
    paid: paid(['6000000002'], '18000000002', usd(1500), '2026-06-01T08:00:00.000Z'),
    duplicateOf: null
  },
  {
    line: 4,
    caseId: null,
    reimbursementId: '6000000003',
    amount: usd(800),
    fee: usd(200),
    kinds: ['noCase'],
    feeAtStake: usd(200),
    paid: paid(['6000000003'], null, usd(800), '2026-06-15T08:00:00.000Z'),
    duplicateOf: null
  },
  {
    line: 5,
    caseId: '18000000004',
    reimbursementId: '6000000004',
    amount: usd(6000),
    fee: usd(1500),
    kinds: ['reversed'],
    feeAtStake: usd(1500),
    paid: paid(['6000000004'], '18000000004', usd(6000), '2026-07-01T08:00:00.000Z', usd(-3000)),
    duplicateOf: null
  },
  {
    line: 6,
    caseId: '18000000006',
    reimbursementId: '6000000006',
    amount: eur(1200),
    fee: eur(300),
    kinds: [],
    feeAtStake: null,
    paid: paid(['6000000006'], '18000000006', eur(1200), '2026-08-01T08:00:00.000Z'),
    duplicateOf: null
  },
  {
    line: 7,
    caseId: '18000000006',
    reimbursementId: '6000000006',
    amount: eur(1200),
    fee: eur(300),
    kinds: ['duplicate'],
    feeAtStake: eur(300),
    paid: paid(['6000000006'], '18000000006', eur(1200), '2026-08-01T08:00:00.000Z'),
    duplicateOf: { statementId: 0, fileName: 'acme-2026-09.csv', line: 6 }
  },
  {
    line: 8,
    caseId: '18000000099',
    reimbursementId: '6999999999',
    amount: usd(4000),
    fee: usd(1000),
    kinds: ['notFound'],
    feeAtStake: usd(1000),
    paid: null,
    duplicateOf: null
  },
  {
    line: 9,
    caseId: '18000000007',
    reimbursementId: null,
    amount: usd(500),
    fee: usd(125),
    kinds: [],
    feeAtStake: null,
    paid: paid(['6000000007'], '18000000007', usd(500), '2026-08-05T08:00:00.000Z'),
    duplicateOf: null
  }
]

describe('statement audit', () => {
  it('guesses what it can, says what the mapping lacks, and audits nothing until it is complete', async () => {
    const { statement, call } = await setup()
    const a = await statement('acme-2026-09.csv', { commit: false })
    expect(a.mappingSource).toBe('guessed')
    expect(a.header).toEqual(['Case #', 'Reimb. ID', 'Recovered', 'Our fee', 'Cur'])
    expect(a.mapping.columns).toEqual({ amount: 'Recovered', fee: 'Our fee' })
    expect(a.missing).toEqual(['caseId or reimbursementId', 'currency (a column, or one currency for the whole file)'])
    expect(a.lines).toEqual([])
    await expect(statement('acme-2026-09.csv')).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await call('audits.statements', {})).toEqual([])
  })

  it('finds every kind of discrepancy, with the fee at stake and exact totals per currency', async () => {
    const { statement } = await setup()
    const preview = await statement('acme-2026-09.csv', { commit: false, mapping: ACME })
    expect(preview.committed).toBe(false)
    expect(preview.lines).toEqual(EXPECTED_LINES)
    expect(preview.rejected).toEqual([
      {
        line: 10,
        column: 'Recovered',
        reason: "the amount: 'abc' is not an amount in this file's number format (decimal mark '.', e.g. 1,234.50)"
      },
      {
        line: 11,
        column: 'Our fee',
        reason: "the fee: '2,5' is not an amount in this file's number format (decimal mark '.', e.g. 1,234.50)"
      }
    ])
    expect(preview.counts).toEqual({ notFound: 1, amountDiffers: 1, noCase: 1, reversed: 1, duplicate: 1 })
    expect(preview.disputed).toBe(5)
    expect(preview.totals).toEqual({
      amount: [eur(2400), usd(15800)],
      fee: [eur(600), usd(3950)],
      feeAtStake: [eur(300), usd(3325)]
    })

    const imported = await statement('acme-2026-09.csv', { mapping: ACME })
    const id = imported.statement!.id
    expect(imported).toMatchObject({ committed: true, rows: 10, rejectedCount: 2, disputed: 5 })
    expect(imported.lines).toEqual(
      EXPECTED_LINES.map((l) => (l.duplicateOf ? { ...l, duplicateOf: { ...l.duplicateOf, statementId: id } } : l))
    )
    expect(imported.statement).toMatchObject({ service: 'Acme Recovery', lines: 8, disputed: 5, feeAtStake: [eur(300), usd(3325)] })
  })

  it('remembers the mapping per service, imports a file once, and flags a reimbursement charged again in a later statement', async () => {
    const { statement, call } = await setup()
    const first = await statement('acme-2026-09.csv', { mapping: ACME })
    expect(await call('audits.mapping', { service: '  acme   RECOVERY ' })).toEqual({ service: 'acme   RECOVERY', mapping: ACME })
    expect(await call('audits.services', {})).toEqual(['Acme Recovery'])

    // No mapping given: the remembered one reads the next month's statement.
    const next = await statement('acme-2026-10.csv')
    expect(next.mappingSource).toBe('remembered')
    expect(next.lines).toEqual([
      {
        ...EXPECTED_LINES[0],
        kinds: ['duplicate'],
        feeAtStake: usd(500),
        duplicateOf: { statementId: first.statement!.id, fileName: 'acme-2026-09.csv', line: 2 }
      }
    ])
    // Another service has no mapping yet.
    expect((await statement('acme-2026-10.csv', { commit: false, service: 'Other Co' })).mappingSource).toBe('guessed')

    // The same file again: its statement is answered, nothing is added.
    const again = await statement('acme-2026-10.csv')
    expect(again).toMatchObject({ alreadyImported: true, committed: false })
    expect(again.statement!.id).toBe(next.statement!.id)
    expect((await call<unknown[]>('audits.statements', {})).length).toBe(2)
  })

  it('a reversal that arrives after the statement shows on the next read; the filter keeps the kinds asked for; export lists the disputed lines', async () => {
    const { t, statement, call, store } = await setup()
    const id = (await statement('acme-2026-09.csv', { mapping: ACME })).statement!.id
    const { writeFileSync } = await import('node:fs')
    const f = join(t.dir, 'reversal.tsv')
    writeFileSync(
      f,
      'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type\n' +
        '2026-11-01T08:00:00+00:00\t6000000010\t\t\tReimbursement_Reversal\tMUG-A\tX00MUGA001\tB0MUGA0001\tMug A\tNew\tUSD\t10.00\t-10.00\t-1\t0\t-1\t6000000001\tLost_Warehouse\n'
    )
    await call('reimbursements.import', { storeId: store.id, fileId: t.services.files.register(f).id })
    const a = await call<StatementAudit>('audits.statement', { statementId: id, kinds: ['reversed'] })
    expect(a.lines.map((l) => [l.line, l.kinds])).toEqual([
      [2, ['reversed']],
      [5, ['reversed']]
    ])
    expect(a.counts.reversed).toBe(2)
    expect(a.totals.feeAtStake).toEqual([usd(2000)])

    const csv = await call<{ fileName: string; rows: number; csv: string }>('audits.exportStatement', { statementId: id })
    expect(csv.fileName).toBe('acme-2026-09-disputed.csv')
    expect(csv.rows).toBe(6)
    expect(csv.csv.split('\r\n')[0]).toBe(
      'line,case-id,reimbursement-id,amount,currency,fee,fee-currency,discrepancies,explanation,amazon-paid,amazon-case-id,amazon-reversed,first-charged'
    )
    expect(csv.csv).toContain('8,18000000099,6999999999,40.00,USD,10.00,USD,notFound,no such reimbursement,,,,')
    expect(csv.csv).toContain(
      '7,18000000006,6000000006,12.00,EUR,3.00,EUR,duplicate,charged twice,12.00,18000000006,,acme-2026-09.csv line 6'
    )

    expect(await call('audits.removeStatement', { statementId: id })).toEqual({ removed: true })
    expect(await call('audits.statements', {})).toEqual([])
  })

  it('reads a statement in a comma-decimal format with one currency for the file, and refuses amounts in the other format', async () => {
    const { t, call, store } = await setup()
    const { writeFileSync } = await import('node:fs')
    const f = join(t.dir, 'eu.csv')
    writeFileSync(f, 'reimbursement-id\tamount\tfee\n6000000006\t12,00\t3,00\n6000000006\t1.200\t3,00\n')
    const a = await call<StatementAudit>('audits.previewStatement', {
      storeId: store.id,
      fileId: t.services.files.register(f).id,
      service: 'EU Co',
      mapping: { columns: { reimbursementId: 'reimbursement-id', amount: 'amount', fee: 'fee' }, decimalMark: ',', currency: 'EUR' }
    })
    expect(a.lines.map((l) => [l.line, l.amount, l.fee, l.kinds])).toEqual([[2, eur(1200), eur(300), []]])
    expect(a.rejected).toEqual([
      {
        line: 3,
        column: 'amount',
        reason:
          "the amount: '1.200' is ambiguous: with decimal mark ',' it has only thousands separators, but in the other convention it is a decimal fraction; expected the EUR amount with its decimals (e.g. 1.234,50)"
      }
    ])
  })
})

describe('paid below cost', () => {
  it('flags pre-order losses paid under the cost in force on the approval day, per unit and in total, per currency', async () => {
    const { call, store, stage } = await setup()
    expect(await call('audits.belowCost', {})).toMatchObject({ rows: [], totals: [] })
    await call('claims.importCosts', { storeId: store.id, fileId: stage('costs.csv') })
    const r = await call<{ rows: BelowCostRow[]; totals: unknown[] }>('audits.belowCost', { storeId: store.id })
    const base = { storeId: store.id, storeName: 'Mugs US' }
    expect(r.rows).toEqual([
      {
        ...base,
        reimbursementId: '6000000001',
        caseId: '18000000001',
        sku: 'MUG-A',
        fnsku: 'X00MUGA001',
        reason: 'Lost_Warehouse',
        reasonCategory: 'WarehouseLost',
        approvedAt: '2026-05-10T08:00:00.000Z',
        quantity: 2,
        paidPerUnit: usd(1000),
        costPerUnit: usd(1100),
        costFromDate: '2026-05-10',
        differencePerUnit: usd(100),
        differenceTotal: usd(200)
      },
      {
        ...base,
        reimbursementId: '6000000003',
        caseId: null,
        sku: 'MUG-A',
        fnsku: 'X00MUGA001',
        reason: 'Lost_Inbound',
        reasonCategory: 'WarehouseLost',
        approvedAt: '2026-06-15T08:00:00.000Z',
        quantity: 1,
        paidPerUnit: usd(800),
        costPerUnit: usd(1100),
        costFromDate: '2026-05-10',
        differencePerUnit: usd(300),
        differenceTotal: usd(300)
      },
      {
        ...base,
        reimbursementId: '6000000006',
        caseId: '18000000006',
        sku: 'MUG-D',
        fnsku: 'X00MUGD001',
        reason: 'Damaged_Warehouse',
        reasonCategory: 'WarehouseDamaged',
        approvedAt: '2026-08-01T08:00:00.000Z',
        quantity: 1,
        paidPerUnit: eur(1200),
        costPerUnit: eur(1300),
        costFromDate: '2026-01-01',
        differencePerUnit: eur(100),
        differenceTotal: eur(100)
      }
    ])
    expect(r.totals).toEqual([eur(100), usd(500)])
    const csv = await call<{ csv: string; rows: number }>('audits.exportBelowCost', {})
    expect(csv.rows).toBe(3)
    expect(csv.csv).toContain(
      'Mugs US,6000000001,18000000001,2026-05-10T08:00:00.000Z,MUG-A,X00MUGA001,Lost_Warehouse,2,USD,10.00,11.00,2026-05-10,1.00,2.00'
    )
  })
})

describe('manufacturing costs list', () => {
  it('lists each SKU with its versions newest first, sets and removes one', async () => {
    const { call, store, stage } = await setup()
    await call('claims.importCosts', { storeId: store.id, fileId: stage('costs.csv') })
    await call('claims.setCost', { storeId: store.id, sku: 'MUG-Z', costMinor: 700, currency: 'USD', fromDate: '2026-02-01' })
    const list = await call<{ sku: string; versions: { fromDate: string; cost: unknown }[] }[]>('claims.listCosts', {
      storeId: store.id,
      sku: 'mug-a'
    })
    expect(list).toEqual([
      {
        storeId: store.id,
        storeName: 'Mugs US',
        sku: 'MUG-A',
        versions: [
          { fromDate: '2026-05-10', cost: usd(1100), updatedAt: '2026-12-03T10:00:00.000Z' },
          { fromDate: '2025-01-01', cost: usd(900), updatedAt: '2026-12-03T10:00:00.000Z' }
        ]
      }
    ])
    expect((await call<unknown[]>('claims.listCosts', {})).length).toBe(6)
    expect(await call('claims.removeCost', { storeId: store.id, sku: 'MUG-Z', fromDate: '2026-02-01' })).toEqual({ removed: true })
    expect(await call('claims.removeCost', { storeId: store.id, sku: 'MUG-Z', fromDate: '2026-02-01' })).toEqual({ removed: false })
  })
})
