/**
 * The claims download over real HTTP against the SP-API emulator: the inventory ledger report
 * through the same import as a file (every row of the window, exact quantities), refunds from
 * Finances listTransactions, and a second run that adds nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CLAIMS_DOWNLOAD_JOB, claimsWindow, refundEventsOf, registerClaimsDownloadJob } from '../../../src/main/claims/download.job'
import { refundTransactions } from '../../../src/main/amazon/emulator/apis/finances'
import { makeServices } from '../../helpers/services'
import { connectEmulatorStore, SELLER } from '../amazon/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const NOW = '2026-11-22T10:00:00.000Z'
const DAY = 86_400_000

describe('claims download against the emulator', () => {
  it('imports the ledger of the window (exact row count and quantities) and refunds; a second run adds nothing', async () => {
    const t = makeServices({ now: NOW })
    cleanups.push(t.close)
    const real0 = Date.now()
    const { emu, store, factory, close } = await connectEmulatorStore(t, {
      emu: { seed: 7, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: new Date('2026-11-22T00:00:00Z') }
    })
    cleanups.push(close)
    registerClaimsDownloadJob(t.services.scheduler, {
      clock: t.clock,
      stores: t.services.stores,
      jobs: t.services.jobs,
      claims: t.services.claims,
      clientFor: async (id) => {
        const c = await factory.forStore(id)
        return {
          fetchReport: (spec) => c.fetchReport(spec, { intervalMs: 10, maxPolls: 400 }),
          listTransactions: (q) => c.listTransactions(q)
        }
      }
    })
    await t.services.scheduler.runNow(CLAIMS_DOWNLOAD_JOB, store.id)
    const { start } = claimsWindow(new Date(NOW), null)
    const expected = emu.seller(SELLER.sellerId).ledger.filter((e) => e.at >= start.toISOString() && e.at <= NOW)
    const rows = t.services.sqlite
      .prepare('SELECT fnsku, quantity, reason, source_file AS f FROM claim_ledger_events ORDER BY id')
      .all() as {
      fnsku: string
      quantity: number
      reason: string | null
      f: string
    }[]
    expect(expected.length).toBeGreaterThan(20)
    expect(rows).toHaveLength(expected.length)
    expect(rows.reduce((a, r) => a + r.quantity, 0)).toBe(expected.reduce((a, e) => a + e.quantity, 0))
    expect(rows[0]!.f).toMatch(/^GET_LEDGER_DETAIL_VIEW_DATA /)
    expect(t.services.jobs.lastSuccess(CLAIMS_DOWNLOAD_JOB, store.id)?.message).toMatch(new RegExp(`^${expected.length} ledger rows new`))

    // The next day: the window overlaps the first by two days; nothing new, nothing doubled (the
    // emulator may have no ledger row in those days: then the report is empty).
    t.clock.advance(DAY)
    await t.services.scheduler.runNow(CLAIMS_DOWNLOAD_JOB, store.id)
    expect((t.services.sqlite.prepare('SELECT count(*) AS n FROM claim_ledger_events').get() as { n: number }).n).toBe(expected.length)
    expect(t.services.jobs.lastSuccess(CLAIMS_DOWNLOAD_JOB, store.id)?.message).toMatch(
      /^(0 ledger rows new, \d+ already here|no ledger rows); 0 refunds new/
    )

    // The findings come from what was downloaded.
    const list = await t.services.claims.list({ storeId: store.id })
    expect(list.findings.length).toBeGreaterThan(0)
    for (const f of list.findings) expect(f.evidence[0]!.sourceFile).toMatch(/^GET_[A-Z_]+ /)
  })

  it('downloads removals, replacements, FBA returns and inbound shipments: a finding of every new type, and a second run adds nothing', async () => {
    const t = makeServices({ now: NOW })
    cleanups.push(t.close)
    const real0 = Date.now()
    const { emu, store, factory, close } = await connectEmulatorStore(t, {
      emu: { seed: 7, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: new Date('2026-11-22T00:00:00Z') }
    })
    cleanups.push(close)
    registerClaimsDownloadJob(t.services.scheduler, {
      clock: t.clock,
      stores: t.services.stores,
      jobs: t.services.jobs,
      claims: t.services.claims,
      rmas: t.services.rmas,
      clientFor: async (id) => {
        const c = await factory.forStore(id)
        return {
          fetchReport: (spec) => c.fetchReport(spec, { intervalMs: 10, maxPolls: 400 }),
          listTransactions: (q) => c.listTransactions(q),
          listInboundShipments: (q) => c.listInboundShipments(q),
          getShipmentItems: (id, m) => c.getShipmentItems(id, m)
        }
      }
    })
    await t.services.scheduler.runNow(CLAIMS_DOWNLOAD_JOB, store.id)
    const seller = emu.seller(SELLER.sellerId)
    const count = (table: string) => (t.services.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    expect(count('claim_removal_orders')).toBe(seller.removalOrders.length)
    expect(count('claim_removal_shipments')).toBe(seller.removalShipments.length)
    expect(count('claim_replacements')).toBe(seller.replacements.length)
    // CLOSED and RECEIVING shipments, one line per item.
    expect(count('claim_inbound_items')).toBe(seller.inboundShipments.filter((s) => s.status !== 'WORKING').flatMap((s) => s.items).length)
    const sum = t.services.sqlite.prepare('SELECT sum(quantity_shipped) AS s, sum(quantity_received) AS r FROM claim_inbound_items').get()
    expect(sum).toEqual({ s: 24 + 12 + 10, r: 22 + 12 + 6 })
    expect(t.services.jobs.lastSuccess(CLAIMS_DOWNLOAD_JOB, store.id)?.message).toMatch(
      /removal orders: 4 new, 0 updated; removal shipments: 2 new, 0 updated; replacements: 2 new, 0 updated; FBA returns: \d+ stored; inbound: 3 shipments, 3 items changed$/
    )

    const { findings } = await t.services.claims.list({ storeId: store.id })
    const tag = SELLER.sellerId.slice(-4).toUpperCase()
    const mine = findings
      .filter((f) => ['removalShortage', 'replacementNotReturned', 'inboundShortage'].includes(f.type))
      .map((f) => [f.type, f.amazonOrderId ?? f.id.split(':')[2], f.quantity, f.status])
      .sort()
    expect(mine).toEqual([
      ['inboundShortage', `FBA15EMU${tag}1`, 2, 'claimNow'],
      ['removalShortage', `RMV-${tag}-1`, 2, 'claimNow'],
      ['removalShortage', `RMV-${tag}-2`, 3, 'wait'],
      ['replacementNotReturned', '113-9000001-0000001', 1, 'claimNow'],
      ['replacementNotReturned', '113-9000002-0000002', 1, 'wait']
    ])
    expect(findings.some((f) => f.type === 'returnDamaged' && f.amazonOrderId === '113-9000003-0000003' && f.status === 'claimNow')).toBe(
      true
    )
    const removal = findings.find((f) => f.amazonOrderId === `RMV-${tag}-1`)!
    expect(removal.evidence.map((e) => [e.kind, e.sourceFile?.split(' ')[0], e.sourceLine])).toEqual([
      ['removalOrder', 'GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA', expect.any(Number)],
      ['removalShipment', 'GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA', expect.any(Number)]
    ])

    // The next day: nothing new, nothing doubled, the same findings (reports of the overlap with no line are empty).
    t.clock.advance(DAY)
    await t.services.scheduler.runNow(CLAIMS_DOWNLOAD_JOB, store.id)
    const second = t.services.jobs.lastSuccess(CLAIMS_DOWNLOAD_JOB, store.id)?.message
    expect(second).toMatch(/removal orders: 0 new, 0 updated; .*inbound: 3 shipments, 0 items changed$/)
    expect(second).not.toMatch(/[1-9]\d* (new|updated|stored|items changed)/)
    expect(count('claim_removal_orders')).toBe(seller.removalOrders.length)
    const again = await t.services.claims.list({ storeId: store.id })
    expect(
      again.findings
        .filter((f) => f.type !== 'customerReturn')
        .map((f) => f.id)
        .sort()
    ).toEqual(
      findings
        .filter((f) => f.type !== 'customerReturn')
        .map((f) => f.id)
        .sort()
    )
  })
})

describe('refund events of Finances transactions (pure)', () => {
  it('one event per FBA item of a Refund transaction, amount positive and exact; MFN items left out', () => {
    const base = {
      feedId: 'F1',
      messageId: '1',
      sellerId: 'S',
      marketplaceId: 'ATVPDKIKX0DER',
      currency: 'USD',
      appliedMs: Date.parse(NOW)
    }
    const txs = refundTransactions(
      [
        { ...base, orderId: '111-1', orderItemId: 'I1', amountMinor: 1240, components: [{ type: 'Principal', amountMinor: 1240 }] },
        {
          ...base,
          messageId: '2',
          orderId: '111-2',
          orderItemId: 'I2',
          amountMinor: 999,
          components: [{ type: 'Principal', amountMinor: 999 }]
        }
      ] as never,
      new Map()
    )
    // The emulator knows no order here: give the items the context Amazon sends.
    txs[0]!.items![0]!.contexts = [{ contextType: 'ProductContext', sku: 'MUG', quantityShipped: 2, fulfillmentNetwork: 'AFN' }]
    txs[1]!.items![0]!.contexts = [{ contextType: 'ProductContext', sku: 'CUP', quantityShipped: 1, fulfillmentNetwork: 'MFN' }]
    expect(refundEventsOf(txs)).toEqual([
      {
        amazonOrderId: '111-1',
        sku: 'MUG',
        quantity: 2,
        refundedAt: NOW,
        amount: { amountMinor: 1240, currency: 'USD' },
        source: 'finances',
        sourceRef: txs[0]!.transactionId,
        marketplaceId: 'ATVPDKIKX0DER'
      }
    ])
  })
})
