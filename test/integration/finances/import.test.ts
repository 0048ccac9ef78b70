/** Settlement import against a real SQLite file: totals, idempotence, preview, refusal, refunds by order. */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SettlementImportSummary, SettlementRefund } from '../../../src/shared/contract/finances'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/settlements')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const DE_STORE = { ...validStore, name: 'Tassen DE', region: 'EU' as const, marketplaceIds: ['A1PA6795UKMFR9'] }

async function setup(store: Omit<typeof validStore, 'region'> & { region: 'NA' | 'EU' | 'FE' } = validStore) {
  const t = makeServices()
  cleanups.push(t.close)
  const s = await t.services.stores.create(store)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details })
    return r.data as T
  }
  const importFile = (name: string, commit = true) =>
    call<SettlementImportSummary>(commit ? 'settlements.import' : 'settlements.previewImport', {
      storeId: s.id,
      fileId: t.services.files.register(join(FIX, name)).id
    })
  const count = (table: string) => t.services.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  return { t, store: s, call, importFile, count }
}

describe('settlement import', () => {
  it('imports a DE settlement with its totals per currency to the cent; a re-import adds nothing', async () => {
    const { importFile, count, call, store } = await setup(DE_STORE)
    const preview = await importFile('settlement-de.tsv', false)
    expect(preview).toMatchObject({ committed: false, inserted: 8, settlementId: '22220001' })
    expect(count('settlement_lines')).toBe(0)
    expect(count('settlements')).toBe(0)

    const first = await importFile('settlement-de.tsv')
    expect(first).toMatchObject({
      committed: true,
      settlementId: '22220001',
      currency: 'EUR',
      decimalMark: ',',
      declaredTotal: { currency: 'EUR', amountMinor: 104325 },
      totals: [{ currency: 'EUR', amountMinor: 104325 }],
      balanced: true,
      lines: 8,
      inserted: 8,
      unchanged: 0,
      alreadyImported: null
    })
    const again = await importFile('settlement-de.tsv')
    expect(again).toMatchObject({ inserted: 0, unchanged: 8, alreadyImported: { file: 'settlement-de.tsv' } })
    expect(count('settlement_lines')).toBe(8)
    expect(count('settlements')).toBe(1)
    const list = await call<{ settlementId: string; total: unknown; linesTotal: unknown; source: string }[]>('settlements.list', {
      storeId: store.id
    })
    expect(list).toEqual([
      expect.objectContaining({
        settlementId: '22220001',
        total: { currency: 'EUR', amountMinor: 104325 },
        linesTotal: { currency: 'EUR', amountMinor: 104325 },
        source: 'file',
        depositAt: '2026-11-17T00:00:00.000Z'
      })
    ])
  })

  it("answers an order's refunds: refund date, amount and fees, from the settlement lines", async () => {
    const { importFile, call, store } = await setup(DE_STORE)
    await importFile('settlement-de.tsv')
    const refunds = await call<SettlementRefund[]>('settlements.refundsByOrder', { storeId: store.id, orderId: '302-1111111-1111111' })
    expect(refunds).toHaveLength(1)
    expect(refunds[0]).toMatchObject({
      settlementId: '22220001',
      adjustmentId: 'amzn1.adj.DE0001',
      refundedAt: '2026-11-10T09:45:00.000Z',
      amount: { currency: 'EUR', amountMinor: -9500 },
      fees: { currency: 'EUR', amountMinor: 1140 },
      net: { currency: 'EUR', amountMinor: -8360 }
    })
    expect(refunds[0]!.lines.map((l) => l.amountDescription)).toEqual(['Principal', 'Commission', 'RefundCommission'])
    expect(await call('settlements.refundsByOrder', { storeId: store.id, orderId: '302-4444444-4444444' })).toEqual([])
  })

  it('imports each format (US, FR, JP) into one store, settlements kept apart', async () => {
    const { importFile, call } = await setup()
    expect((await importFile('settlement-us.tsv')).totals).toEqual([{ currency: 'USD', amountMinor: 107390 }])
    expect((await importFile('settlement-fr.tsv')).totals).toEqual([{ currency: 'EUR', amountMinor: -394 }])
    expect((await importFile('settlement-jp.tsv')).totals).toEqual([{ currency: 'JPY', amountMinor: 10926 }])
    const list = await call<{ settlementId: string }[]>('settlements.list', {})
    expect(list.map((s) => s.settlementId).sort()).toEqual(['11110001', '33330001', '44440001'])
  })

  it('refuses a file with a malformed amount: file, line and column, nothing written', async () => {
    const { importFile, count } = await setup(DE_STORE)
    const err = await importFile('settlement-de-bad-amount.tsv').then(
      () => null,
      (e: unknown) => e as { code: string; message: string }
    )
    expect(err?.code).toBe('VALIDATION')
    expect(err?.message).toContain(
      "settlement-de-bad-amount.tsv: a line is not as expected, nothing was imported — line 6, column 15 (amount): '12.50'"
    )
    expect(count('settlement_lines')).toBe(0)
    expect(count('settlements')).toBe(0)
  })

  it('refuses another report (recognised by content, not by name)', async () => {
    const { t, call, store } = await setup()
    const err = await call('settlements.import', {
      storeId: store.id,
      fileId: t.services.files.register(join(__dirname, '../../fixtures/reports/fba-reimbursements.tsv')).id
    }).then(
      () => null,
      (e: unknown) => e as { message: string }
    )
    expect(err?.message).toContain('this is not a settlement report')
  })
})
