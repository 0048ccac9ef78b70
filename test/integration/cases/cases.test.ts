/**
 * Cases on a real SQLite file (#16): a case from claim findings (the claims fixtures), its English
 * text, its lifecycle, evidence stored once per content, and the automatic matching of imported
 * reimbursements — by Amazon's Case ID, by FNSKU and quantity after the filing date — idempotent,
 * with a reversal reopening the case.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaseDetail } from '../../../src/shared/contract/cases'
import type { ClaimFinding } from '../../../src/shared/contract/claims'
import { makeServices, validStore } from '../../helpers/services'

const CLAIMS = join(__dirname, '../../fixtures/claims')
const FIX = join(__dirname, '../../fixtures/cases')
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
  const stage = (path: string) => t.services.files.register(path).id
  await call('claims.importLedger', { storeId: store.id, fileId: stage(join(CLAIMS, 'ledger.tsv')) })
  await call('reimbursements.import', { storeId: store.id, fileId: stage(join(CLAIMS, 'reimbursements.tsv')) })
  const { findings } = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
  const finding = (fnsku: string) => findings.find((f) => f.fnsku === fnsku)!
  const importReimbursements = (name: string) => call('reimbursements.import', { storeId: store.id, fileId: stage(join(FIX, name)) })
  return { t, store, call, stage, finding, importReimbursements }
}

describe('cases', () => {
  it('makes a draft case with the English text of its findings, and files it with the Case ID', async () => {
    const { call, store, finding } = await setup()
    const lost = finding('X00LOST001')
    const c = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [lost.id, finding('X00UK00001').id] })
    expect(c).toMatchObject({ state: 'draft', quantity: 2, amazonCaseId: null, value: null, closesAt: lost.closesAt })
    expect(c.text).toContain('FNSKU: X00LOST001')
    expect(c.text).toContain('ASIN: B0LOST0001')
    expect(c.text).toContain('SKU: MUG-LOST')
    expect(c.text).toContain('Event date: 2026-11-20')
    expect(c.text).toContain('Inventory ledger, event, quantity 3, reference ID 9000000001, reason M, source: ledger.tsv line 2')
    expect(c.text).toContain('Units lost in a fulfillment center')

    await expect(call('cases.setState', { id: c.id, state: 'filed' })).rejects.toThrow(/Case ID/)
    await expect(call('cases.setState', { id: c.id, state: 'paid' })).rejects.toThrow(/draft: it cannot become paid/)
    const filed = await call<CaseDetail>('cases.setState', { id: c.id, state: 'filed', amazonCaseId: '17100000001' })
    expect(filed).toMatchObject({ state: 'filed', amazonCaseId: '17100000001', filedAt: NOW })
    expect(filed.events.map((e) => [e.fromState, e.toState, e.actor])).toEqual([
      [null, 'draft', 'user'],
      ['draft', 'filed', 'user']
    ])
    const forFindings = await call('cases.forFindings', { findingIds: [lost.id, 'nope'] })
    expect(forFindings).toEqual([{ findingId: lost.id, caseId: c.id, state: 'filed' }])
  })

  it('pays a case by its Case ID and another by FNSKU and quantity after filing; matching again changes nothing; a reversal reopens', async () => {
    const { t, call, store, finding, importReimbursements } = await setup()
    const byCaseId = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding('X00LOST001').id] })
    await call('cases.setState', { id: byCaseId.id, state: 'filed', amazonCaseId: '17100000001' })
    const byItem = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding('X00DMG0001').id] })
    await call('cases.setState', { id: byItem.id, state: 'filed', amazonCaseId: '17100000002' })
    const draft = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding('X00DMG0001').id] })

    await importReimbursements('paid.tsv')
    const a = await call<CaseDetail>('cases.get', { id: byCaseId.id })
    expect(a).toMatchObject({ state: 'paid', paid: { currency: 'USD', amountMinor: 1234 }, paidQuantity: 1 })
    expect(a.payments).toEqual([
      {
        reimbursementId: '6000000001',
        matchedBy: 'caseId',
        reimbursedAt: '2026-12-04T08:00:00.000Z',
        amount: { currency: 'USD', amountMinor: 1234 },
        quantity: 1
      }
    ])
    expect(a.events.at(-1)).toMatchObject({ fromState: 'filed', toState: 'paid', actor: 'autoMatch', reimbursementId: '6000000001' })
    // The line of 30 Nov is before the filing (3 Dec): only the one of 5 Dec pays the FNSKU's case.
    const b = await call<CaseDetail>('cases.get', { id: byItem.id })
    expect(b.payments.map((p) => [p.reimbursementId, p.matchedBy])).toEqual([['6000000003', 'item']])
    expect(b.state).toBe('paid')
    // A draft was never filed: nothing pays it.
    expect((await call<CaseDetail>('cases.get', { id: draft.id })).state).toBe('draft')

    // Idempotent: the same file again, and the matcher again, add no payment and no event.
    const events = () => t.services.sqlite.prepare('SELECT count(*) AS n FROM case_events').get() as { n: number }
    const before = events().n
    await importReimbursements('paid.tsv')
    expect(t.services.cases.match()).toBe(0)
    expect(events().n).toBe(before)
    expect((t.services.sqlite.prepare('SELECT count(*) AS n FROM case_payments').get() as { n: number }).n).toBe(2)

    await importReimbursements('reversal.tsv')
    const reopened = await call<CaseDetail>('cases.get', { id: byCaseId.id })
    expect(reopened).toMatchObject({ state: 'reopened', paid: { currency: 'USD', amountMinor: 0 }, paidQuantity: 0 })
    expect(reopened.events.at(-1)).toMatchObject({
      fromState: 'paid',
      toState: 'reopened',
      actor: 'autoMatch',
      reimbursementId: '6000000009'
    })
    const list = await call<{ cases: unknown[]; counts: Record<string, number> }>('cases.list', { states: ['reopened'] })
    expect(list.cases).toHaveLength(1)
    expect(list.counts).toMatchObject({ draft: 1, paid: 1, reopened: 1 })
  })

  it('stores an evidence file once per content, whatever its name or case', async () => {
    const { t, call, store, finding, stage } = await setup()
    const one = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding('X00LOST001').id] })
    const two = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding('X00DMG0001').id] })
    const copy = join(t.dir, 'same-invoice-renamed.txt')
    writeFileSync(copy, 'INVOICE 2026-10-01\nMUG-LOST x 24 @ 4.00 USD\n')
    await call('cases.addEvidence', { id: one.id, fileId: stage(join(FIX, 'invoice.txt')) })
    await call('cases.addEvidence', { id: one.id, fileId: stage(join(FIX, 'invoice.txt')) })
    const withTwo = await call<CaseDetail>('cases.addEvidence', { id: two.id, fileId: stage(copy) })
    expect(withTwo.evidence).toEqual([expect.objectContaining({ name: 'same-invoice-renamed.txt', size: 44 })])
    expect((await call<CaseDetail>('cases.get', { id: one.id })).evidence.map((e) => e.name)).toEqual(['invoice.txt'])
    const dir = join(t.dir, 'case-evidence')
    expect(readdirSync(dir)).toEqual([withTwo.evidence[0]!.sha256])
    expect(existsSync(t.services.cases.evidencePath(withTwo.evidence[0]!.sha256))).toBe(true)
  })

  it("gathers one order's returns, reimbursements and case events in time order", async () => {
    const { t, call, store } = await setup()
    t.services.claims.recordRefunds(store.id, [
      {
        amazonOrderId: '113-0000002-0000002',
        sku: 'MUG-RWR',
        quantity: 1,
        refundedAt: '2026-09-01T00:00:00.000Z',
        amount: { amountMinor: 2500, currency: 'USD' },
        source: 'finances',
        sourceRef: 'tx-2',
        marketplaceId: 'ATVPDKIKX0DER'
      }
    ])
    const { findings } = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
    const rwr = findings.find((f) => f.amazonOrderId === '113-0000002-0000002')!
    const c = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [rwr.id] })
    expect(c.text).toContain('Amazon order ID: 113-0000002-0000002')
    const timeline = await call<{ kind: string; status: string | null }[]>('cases.orderTimeline', {
      storeId: store.id,
      amazonOrderId: '113-0000002-0000002'
    })
    expect(timeline.map((i) => [i.kind, i.status])).toEqual([['case', 'draft']])
    const withReimbursement = await call<{ kind: string; reference: string }[]>('cases.orderTimeline', {
      storeId: store.id,
      amazonOrderId: '113-0000003-0000003'
    })
    expect(withReimbursement.map((i) => [i.kind, i.reference])).toEqual([['reimbursement', '5000000004']])
  })
})
