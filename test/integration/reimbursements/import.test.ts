/** Import against a real SQLite file: idempotence, update in place, reversal linking, bad rows, preview. */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/reimbursements')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

async function setup(store = validStore) {
  const t = makeServices()
  cleanups.push(t.close)
  const s = await t.services.stores.create(store)
  const call = async (channel: string, input: unknown) => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details })
    return r.data as never
  }
  const stage = (name: string) => t.services.files.register(join(FIX, name)).id
  const importFile = (name: string, commit = true, storeId = s.id) =>
    call(commit ? 'reimbursements.import' : 'reimbursements.previewImport', { storeId, fileId: stage(name) })
  const rows = () => t.services.sqlite.prepare('SELECT * FROM reimbursements ORDER BY id').all() as Record<string, unknown>[]
  return { t, store: s, call, importFile, rows }
}

type Summary = {
  inserted: number
  updated: number
  unchanged: number
  rejectedCount: number
  rejected: { line: number; reason: string }[]
  alreadyImported: unknown
  committed: boolean
  totals: unknown
  timeFromApproval: number
  rows: number
  sha256: string
}

describe('reimbursements import', () => {
  it('imports the sample, and importing it again changes nothing ("already imported")', async () => {
    const { importFile, rows } = await setup()
    const first: Summary = await importFile('sample.tsv')
    expect(first).toMatchObject({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejectedCount: 0,
      committed: true,
      alreadyImported: null,
      timeFromApproval: 3,
      rows: 3
    })
    expect(first.totals).toEqual([{ currency: 'USD', amountMinor: 1974 + 1240 - 987 }])
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/)
    const before = rows()
    const again: Summary = await importFile('sample.tsv')
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedCount: 0 })
    expect(again.alreadyImported).toMatchObject({ file: 'sample.tsv' })
    expect(rows()).toEqual(before)
    // Where each line came from is kept (the file's cells are all in fields, so no raw copy).
    expect(before[0]).toMatchObject({ source: 'file', source_file: 'sample.tsv', source_line: 2, time_from_approval: 1, raw: null })
  })

  it('a BOM/CRLF copy of the same report is the same data (unchanged), though a different file', async () => {
    const { importFile } = await setup()
    await importFile('sample.tsv')
    const r: Summary = await importFile('bom-crlf.tsv')
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, alreadyImported: null })
  })

  it('updates a changed line in place and adds a new one', async () => {
    const { importFile, rows } = await setup()
    await importFile('sample.tsv')
    const idBefore = rows().find((r) => r.reimbursement_id === '4582310917')!.id
    const preview: Summary = await importFile('update.tsv', false)
    expect(preview).toMatchObject({ inserted: 1, updated: 1, unchanged: 2, committed: false })
    expect(rows()).toHaveLength(3) // the preview wrote nothing
    const r: Summary = await importFile('update.tsv')
    expect(r).toMatchObject({ inserted: 1, updated: 1, unchanged: 2 })
    const all = rows()
    expect(all).toHaveLength(4)
    const line = all.find((x) => x.reimbursement_id === '4582310917')!
    expect(line).toMatchObject({ id: idBefore, case_id: '18888888888', amount_total_minor: 1980, source_file: 'update.tsv' })
    expect(all.find((x) => x.reimbursement_id === '4599999999')).toMatchObject({ reason_category: 'OutboundLost' })
  })

  it('links a reversal to its original, also when the original arrives later', async () => {
    const { t, importFile, rows, store } = await setup()
    await importFile('sample.tsv')
    const all = rows()
    const original = all.find((r) => r.reimbursement_id === '4582310917')!
    const reversal = all.find((r) => r.reimbursement_id === '4591100456')!
    expect(reversal).toMatchObject({
      original_reimbursement_id: '4582310917',
      original_reimbursement_type: 'Lost_Warehouse',
      original_row_id: original.id,
      reason_category: 'ReimbursementCancellation'
    })
    // The reversal stays its own row and the screen shows the link.
    const list = (await t.dispatch('reimbursements.list', { storeId: store.id, reimbursementId: '4591100456' })) as {
      ok: true
      data: { rows: { originalRowId: number; amountTotalMinor: number }[] }
    }
    expect(list.data.rows[0]).toMatchObject({ originalRowId: original.id, amountTotalMinor: -987 })

    // Reversal first, original later: linked by the later import.
    const second = await setup()
    const text = (await import('node:fs')).readFileSync(join(FIX, 'sample.tsv'), 'utf8').split('\n')
    const { writeFileSync } = await import('node:fs')
    const onlyReversal = join(second.t.dir, 'reversal-only.tsv')
    writeFileSync(onlyReversal, [text[0], text[3]].join('\n') + '\n')
    await second.call('reimbursements.import', { storeId: second.store.id, fileId: second.t.services.files.register(onlyReversal).id })
    expect(second.rows()[0]!.original_row_id).toBeNull()
    await second.importFile('sample.tsv')
    const r2 = second.rows()
    expect(r2.find((r) => r.reimbursement_id === '4591100456')!.original_row_id).toBe(
      r2.find((r) => r.reimbursement_id === '4582310917')!.id
    )
  })

  it('imports the good rows of a file with bad ones and lists every bad row with line and reason', async () => {
    const { importFile, rows } = await setup()
    const r: Summary = await importFile('bad-rows.tsv')
    expect(r.inserted).toBe(1)
    expect(r.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12])
    expect(r.rejected.find((x) => x.line === 7)!.reason).toMatch(/duplicate of line 2/)
    expect(r.rejected.find((x) => x.line === 8)!.reason).toMatch(/same reimbursement line as line 2 .* different values/)
    expect(rows()).toHaveLength(1)
    expect(rows()[0]).toMatchObject({ amount_total_minor: 1974 })
    // Re-import: the duplicate of an already-known (unchanged) line is still caught.
    const again: Summary = await importFile('bad-rows.tsv')
    expect(again).toMatchObject({ inserted: 0, unchanged: 1 })
    expect(again.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12])
  })

  it('rejects a file without the required columns as a whole, writing nothing', async () => {
    const { importFile, rows, t } = await setup()
    const e = (await importFile('missing-columns.tsv').catch((x: unknown) => x)) as { code: string; message: string }
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toMatch(/required columns currency-unit, amount-total/)
    expect(rows()).toHaveLength(0)
    expect(t.services.sqlite.prepare('SELECT count(*) AS n FROM reimbursement_imports').get()).toEqual({ n: 0 })
  })

  it('imports Shift_JIS (JP store) and windows-1252 files', async () => {
    const jp = await setup({ ...validStore, name: 'JP', region: 'FE', marketplaceIds: ['A1VC38T7YXB528'] } as never)
    const r: Summary = await jp.importFile('jp-shift_jis.tsv')
    expect(r).toMatchObject({ inserted: 2, totals: [{ currency: 'JPY', amountMinor: 3380 }] })
    expect(jp.rows()[0]!.product_name).toBe('陶器マグカップ 白 350ml')
    const eu = await setup()
    const r2: Summary = await eu.importFile('windows-1252.tsv')
    expect(r2).toMatchObject({ inserted: 2, totals: [{ currency: 'EUR', amountMinor: 2499 }] })
  })

  it('refuses an unknown store or file id', async () => {
    const { call, store, t } = await setup()
    await expect(
      call('reimbursements.import', { storeId: 'nope', fileId: t.services.files.register(join(FIX, 'sample.tsv')).id })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(call('reimbursements.import', { storeId: store.id, fileId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
