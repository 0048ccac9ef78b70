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
    for (const f of list.findings) expect(f.evidence[0]!.sourceFile).toMatch(/^GET_LEDGER_DETAIL_VIEW_DATA /)
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
