/**
 * Removal order detail, removal shipment detail and replacement reports on a real SQLite file:
 * recognised by content, preview, exact quantities, rejected lines with line/column/reason,
 * idempotent re-import, a newer removal-order snapshot replacing the old one; then the findings
 * they give (removal short, replacement not returned, inbound short), changed in place.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimFinding, ClaimReportImportSummary, ClaimsFileImportSummary } from '../../../src/shared/contract/claims'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

async function setup() {
  const t = makeServices({ now: NOW })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const importFile = (path: string, commit = true) =>
    call<ClaimReportImportSummary>(commit ? 'claims.importReport' : 'claims.previewFileImport', {
      storeId: store.id,
      fileId: t.services.files.register(path).id
    })
  const rows = (table: string) => t.services.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all()
  const findings = async () => (await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })).findings
  return { t, store, call, importFile, rows, findings }
}

describe('removal and replacement report imports', () => {
  it('removal order detail: preview writes nothing, exact quantities, rejected lines with their column, re-import adds nothing', async () => {
    const { importFile, rows } = await setup()
    const preview = await importFile(join(FIX, 'removal-orders.tsv'), false)
    expect(preview).toMatchObject({
      kind: 'removalOrders',
      reportType: 'GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA',
      rows: 5,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejectedCount: 2,
      committed: false,
      from: '2026-10-01T15:00:00.000Z',
      to: '2026-10-04T15:00:00.000Z'
    })
    expect(preview.rejected).toEqual([
      { line: 5, column: 'requested-quantity', reason: "requested-quantity 'many' is not a whole number" },
      { line: 6, column: 'removal-fee', reason: "removal-fee '1,20' is not an amount in USD" }
    ])
    expect(preview.quantities).toEqual([
      { column: 'requested-quantity', quantity: 16 },
      { column: 'cancelled-quantity', quantity: 1 },
      { column: 'disposed-quantity', quantity: 2 },
      { column: 'shipped-quantity', quantity: 9 },
      { column: 'in-process-quantity', quantity: 0 }
    ])
    expect(rows('claim_removal_orders')).toEqual([])
    expect(await importFile(join(FIX, 'removal-orders.tsv'))).toMatchObject({ inserted: 3, unchanged: 0, committed: true })
    expect(rows('claim_removal_orders')[0]).toMatchObject({
      order_id: 'RMV-0001',
      fnsku: 'X00LOST001',
      updated_at: '2026-11-06T18:00:00.000Z',
      requested: 10,
      cancelled: 1,
      shipped: 9,
      fee_minor: 450,
      currency: 'USD',
      source_file: 'removal-orders.tsv',
      source_line: 2
    })
    expect(await importFile(join(FIX, 'removal-orders.tsv'))).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 })
    expect(rows('claim_removal_orders')).toHaveLength(3)
  })

  it('removal shipments and replacements: recognised by content, idempotent; another report is refused saying what it looks like', async () => {
    const { importFile, rows } = await setup()
    const ships = await importFile(join(FIX, 'removal-shipments.tsv'))
    expect(ships).toMatchObject({ kind: 'removalShipments', rows: 3, inserted: 2, rejectedCount: 1 })
    expect(ships.rejected).toEqual([
      { line: 4, column: 'shipment-date', reason: "shipment-date 'soon' is not a date (expected e.g. 2025-07-16T04:12:33-07:00)" }
    ])
    expect(ships.quantities).toEqual([{ column: 'shipped-quantity', quantity: 8 }])
    expect(await importFile(join(FIX, 'removal-shipments.tsv'))).toMatchObject({ inserted: 0, unchanged: 2 })
    const repl = await importFile(join(FIX, 'replacements.tsv'))
    expect(repl).toMatchObject({ kind: 'replacements', reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA', inserted: 2 })
    expect(repl.rejected).toEqual([{ line: 4, column: 'quantity', reason: "quantity '-1' is negative (expected a quantity of 0 or more)" }])
    expect(await importFile(join(FIX, 'replacements.tsv'))).toMatchObject({ inserted: 0, unchanged: 2 })
    expect(rows('claim_replacements')).toHaveLength(2)
    await expect(importFile(join(FIX, 'ledger.tsv'))).rejects.toThrow(/not a removal order detail.*looks like an inventory ledger report/)
  })

  it('the Claims screen import (claims.importFile): any claims report, recognised by content; another report named and refused', async () => {
    const { t, store, call, rows } = await setup()
    const any = (path: string, commit = true) =>
      call<ClaimsFileImportSummary>(commit ? 'claims.importFile' : 'claims.previewFileImport', {
        storeId: store.id,
        fileId: t.services.files.register(path).id
      })
    const preview = await any(join(FIX, 'removal-orders.tsv'), false)
    expect(preview).toMatchObject({ kind: 'removalOrders', inserted: 3, rejectedCount: 2, committed: false })
    expect(rows('claim_removal_orders')).toEqual([])
    expect(await any(join(FIX, 'removal-orders.tsv'))).toMatchObject({ kind: 'removalOrders', inserted: 3, committed: true })
    expect(await any(join(FIX, 'removal-shipments.tsv'))).toMatchObject({ kind: 'removalShipments', inserted: 2 })
    expect(await any(join(FIX, 'replacements.tsv'))).toMatchObject({ kind: 'replacements', inserted: 2 })
    const ledger = await any(join(FIX, 'ledger.tsv'))
    expect(ledger).toMatchObject({ kind: 'ledger', rows: 9, inserted: 8, rejectedCount: 1, committed: true })
    expect(rows('claim_ledger_events')).toHaveLength(8)
    await expect(any(join(FIX, 'reimbursements.tsv'))).rejects.toThrow(
      /reimbursements\.tsv: this is not an inventory ledger, removal order detail, removal shipment detail or replacement report: it is an FBA reimbursements report/
    )
  })

  it('finds removal shortages and replacements not returned, and a newer removal report closes one in place', async () => {
    const { importFile, findings, rows, t, store } = await setup()
    await importFile(join(FIX, 'removal-orders.tsv'))
    await importFile(join(FIX, 'removal-shipments.tsv'))
    await importFile(join(FIX, 'replacements.tsv'))
    const before = await findings()
    expect(before.map((f) => [f.id, f.type, f.quantity, f.status, f.eventAt]).sort()).toEqual([
      ['removalShortage:' + store.id + ':RMV-0001:X00LOST001', 'removalShortage', 1, 'claimNow', '2026-11-05T17:00:00.000Z'],
      ['removalShortage:' + store.id + ':RMV-0002:X00LOST001', 'removalShortage', 4, 'wait', '2026-11-25T18:00:00.000Z'],
      [
        'replacementNotReturned:' + store.id + ':113-5550001-0000001:MUG-11OZ:114-5550001-0000001',
        'replacementNotReturned',
        1,
        'claimNow',
        '2026-09-20T10:00:00.000Z'
      ],
      [
        'replacementNotReturned:' + store.id + ':113-5550002-0000002:MUG-11OZ:114-5550002-0000002',
        'replacementNotReturned',
        1,
        'claimNow',
        '2026-09-12T10:00:00.000Z'
      ]
    ])
    const rmv1 = before.find((f) => f.amazonOrderId === 'RMV-0001')!
    expect(rmv1.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceFile, e.sourceLine])).toEqual([
      ['removalOrder', 'event', 1, 'removal-orders.tsv', 2],
      ['removalShipment', 'shipped', 5, 'removal-shipments.tsv', 2],
      ['removalShipment', 'shipped', 3, 'removal-shipments.tsv', 3]
    ])

    // A later snapshot: RMV-0002 shipped its 4 units, and the shipment line shows them.
    const dir = mkdtempSync(join(tmpdir(), 'claims-reports-'))
    const header = (await import('node:fs')).readFileSync(join(FIX, 'removal-orders.tsv'), 'utf8').split('\n')[0]
    writeFileSync(
      join(dir, 'removal-orders-later.tsv'),
      `${header}\n2026-10-03T08:00:00-07:00\tRMV-0002\tReturn\tStandard\tCompleted\t2026-11-29T10:00:00-08:00\tMUG-11OZ\tX00LOST001\tUnsellable\t4\t0\t0\t4\t0\t1.80\tUSD\n`
    )
    writeFileSync(
      join(dir, 'removal-shipments-later.tsv'),
      'request-date\torder-id\tshipment-date\tsku\tfnsku\tdisposition\tshipped-quantity\tcarrier\ttracking-number\tremoval-order-type\n' +
        '2026-10-03T08:00:00-07:00\tRMV-0002\t2026-11-28T09:00:00-08:00\tMUG-11OZ\tX00LOST001\tUnsellable\t4\tUPS\t1Z999AA10123456790\tReturn\n'
    )
    expect(await importFile(join(dir, 'removal-orders-later.tsv'))).toMatchObject({ inserted: 0, updated: 1 })
    // The older file again changes nothing: the newer snapshot stays.
    expect(await importFile(join(FIX, 'removal-orders.tsv'))).toMatchObject({ updated: 0, unchanged: 3 })
    await importFile(join(dir, 'removal-shipments-later.tsv'))
    const after = await findings()
    expect(after.filter((f) => f.type === 'removalShortage').map((f) => f.amazonOrderId)).toEqual(['RMV-0001'])
    expect(after.find((f) => f.amazonOrderId === 'RMV-0001')!.id).toBe(rmv1.id)
    expect(rows('claim_removal_orders')).toHaveLength(3)

    // Inbound: items from the Fulfillment Inbound API; the clock starts at the ledger's Receipts row of the shipment.
    const item = {
      shipmentId: 'FBA15ABCDEF',
      shipmentName: 'Mugs November',
      shipmentStatus: 'CLOSED',
      destinationFc: 'ONT8',
      sku: 'MUG-LOST',
      fnsku: 'X00LOST001',
      quantityShipped: 26,
      quantityReceived: 24
    }
    expect(t.services.claims.recordInboundItems(store.id, [item], 'Fulfillment Inbound')).toBe(1)
    expect(t.services.claims.recordInboundItems(store.id, [item], 'Fulfillment Inbound')).toBe(0)
    expect((await findings()).some((f) => f.type === 'inboundShortage')).toBe(false) // no receipt known yet
    await t.dispatch('claims.importLedger', { storeId: store.id, fileId: t.services.files.register(join(FIX, 'ledger.tsv')).id })
    const inbound = (await findings()).filter((f) => f.type === 'inboundShortage')
    expect(inbound.map((f) => [f.id, f.quantity, f.eventAt, f.opensAt, f.closesAt, f.status])).toEqual([
      [
        `inboundShortage:${store.id}:FBA15ABCDEF:X00LOST001`,
        2,
        '2026-11-01T07:00:00.000Z',
        '2026-11-16T07:00:00.000Z',
        '2026-12-31T07:00:00.000Z',
        'claimNow'
      ]
    ])
    expect(inbound[0]!.evidence.map((e) => [e.kind, e.role, e.quantity, e.sourceFile])).toEqual([
      ['inbound', 'event', 26, 'Fulfillment Inbound FBA15ABCDEF'],
      ['inbound', 'received', 24, 'Fulfillment Inbound FBA15ABCDEF']
    ])
  })
})
