import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REIMBURSEMENT_COLUMNS, UNSHIPPED_ORDER_COLUMNS } from '../../../src/main/amazon/emulator/documents'
import { openTsv } from '../../../src/main/amazon/reports/tabular'
import { AppError } from '../../../src/main/errors'
import { daysAgo, fixedClock, SELLER, setup } from './helpers'

const rejects = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected a rejection')
}
const MP = SELLER.marketplaceIds

describe('LWA tokens', () => {
  it('caches the access token, refreshes 60 s before expiry, and once when Amazon says it expired', async () => {
    const clock = fixedClock(new Date().toISOString())
    const t = await setup({ clock })
    try {
      await t.client.getMarketplaceParticipations()
      await t.client.getMarketplaceParticipations()
      expect(t.emu.stats().tokensIssued).toBe(1)
      clock.advance(3541_000) // 59 s before the hour: refresh ahead of time
      await t.client.getMarketplaceParticipations()
      expect(t.emu.stats().tokensIssued).toBe(2)
      t.emu.inject({ kind: 'expireTokens' })
      const parts = await t.client.getMarketplaceParticipations()
      expect(parts[0]!.marketplace.id).toBe('ATVPDKIKX0DER')
      expect(t.emu.stats().tokensIssued).toBe(3)
    } finally {
      await t.close()
    }
  })

  it('a refused refresh token is UNAUTHORIZED with a hint, not a crash', async () => {
    const t = await setup({ refreshToken: 'Atzr|revoked' })
    try {
      const e = await rejects(t.client.getMarketplaceParticipations())
      expect(e.code).toBe('UNAUTHORIZED')
      expect(e.message).toMatch(/invalid_grant.*authorize the app again/)
    } finally {
      await t.close()
    }
  })
})

describe('throttling and retries', () => {
  let t: Awaited<ReturnType<typeof setup>>
  let reportId: string
  beforeAll(async () => {
    t = await setup({ speedUp: 20 })
    reportId = (await t.client.createReport({ reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: MP })).reportId
  })
  afterAll(() => t.close())

  it('never sends beyond the bucket: 45 concurrent getReport polls, zero 429s', async () => {
    t.emu.resetStats()
    const all = await Promise.all(Array.from({ length: 45 }, () => t.client.getReport(reportId)))
    expect(all.every((r) => r.reportId === reportId)).toBe(true)
    expect(t.emu.stats().requests.getReport).toBe(45)
    expect(t.emu.stats().totalThrottled).toBe(0)
  })

  it('recovers from a 429 storm, and gives THROTTLED once the bound is reached', async () => {
    t.emu.inject({ kind: 'throttle', count: 2, operation: 'getReport' })
    expect((await t.client.getReport(reportId)).reportId).toBe(reportId)
    t.emu.inject({ kind: 'throttle', count: 50, operation: 'getReport' })
    const e = await rejects(t.client.getReport(reportId))
    expect(e.code).toBe('THROTTLED')
    expect(t.emu.pendingFailures()[0]).toMatchObject({ kind: 'throttle', count: 46 }) // 4 attempts = 1 + 3 retries
    t.emu.clearFailures()
  })

  it('retries 5xx, then UNAVAILABLE; never retries createFeed after a 500', async () => {
    t.emu.inject({ kind: 'serverError', count: 2, operation: 'getReport' })
    expect((await t.client.getReport(reportId)).reportId).toBe(reportId)
    t.emu.inject({ kind: 'serverError', count: 4, status: 503, operation: 'getReport' })
    expect((await rejects(t.client.getReport(reportId))).code).toBe('UNAVAILABLE')
    const doc = await t.client.createFeedDocument('text/xml; charset=UTF-8')
    t.emu.resetStats()
    t.emu.inject({ kind: 'serverError', count: 1, operation: 'createFeed' })
    const e = await rejects(
      t.client.createFeed({ feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: MP, inputFeedDocumentId: doc.feedDocumentId })
    )
    expect(e.code).toBe('UNAVAILABLE')
    expect(e.details).toMatchObject({ mayHaveBeenProcessed: true })
    expect(t.emu.stats().requests.createFeed).toBe(1)
  })

  it('a dropped connection is retried for reads and is OFFLINE (maybe processed) for createFeed', async () => {
    t.emu.inject({ kind: 'dropConnection', count: 1, operation: 'getReport' })
    expect((await t.client.getReport(reportId)).reportId).toBe(reportId)
    const doc = await t.client.createFeedDocument('text/xml; charset=UTF-8')
    t.emu.inject({ kind: 'dropConnection', count: 1, operation: 'createFeed' })
    const e = await rejects(
      t.client.createFeed({ feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: MP, inputFeedDocumentId: doc.feedDocumentId })
    )
    expect(e.code).toBe('OFFLINE')
    expect(e.details).toMatchObject({ mayHaveBeenProcessed: true })
  })

  it('is OFFLINE while the emulator is down and works again when it is back on the same port', async () => {
    const port = t.emu.port
    await t.emu.stop()
    const e = await rejects(t.client.getReport(reportId))
    expect(e.code).toBe('OFFLINE')
    await t.emu.start()
    expect(t.emu.port).toBe(port)
    expect((await t.client.getReport(reportId)).reportId).toBe(reportId)
  })
})

describe('reports', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup({ speedUp: 20 })
  })
  afterAll(() => t.close())

  it('round trip: 18 months of reimbursements, GZIP, Cp1252, parsed by the shared TSV reader', async () => {
    const r = await t.client.fetchReport(
      { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: MP, dataStartTime: daysAgo(550), dataEndTime: daysAgo(0) },
      { intervalMs: 50 }
    )
    expect(r.kind).toBe('done')
    if (r.kind !== 'done') return
    expect(r.document.compressed).toBe(true)
    expect(r.document.charset).toBe('Cp1252')
    const tsv = await openTsv(r.document.body, { charset: r.document.charset })
    expect(tsv.encoding).toBe('windows-1252')
    expect(tsv.header).toEqual(REIMBURSEMENT_COLUMNS)
    const rows = []
    for await (const row of tsv.rows) rows.push(row.cells)
    expect(rows.length).toBeGreaterThan(36)
    const months = new Set(rows.map((c) => c[0]!.slice(0, 7)))
    expect(months.size).toBeGreaterThanOrEqual(17)
    const names = rows.map((c) => c[8]!).join('|')
    expect(names).toMatch(/Café Mug – Blue Glaze|Crème Brûlée Torch™|Espresso Cup Set \(2×\) «Noir»/)
    expect(rows.some((c) => c[4] === 'Reimbursement_Reversal' && c[12]!.startsWith('-') && c[16] !== '')).toBe(true)
  })

  it('honours the window: a window without data is CANCELLED = no data', async () => {
    const r = await t.client.fetchReport(
      { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: MP, dataStartTime: daysAgo(3000), dataEndTime: daysAgo(2900) },
      { intervalMs: 50 }
    )
    expect(r.kind).toBe('no-data')
  })

  it('FATAL is an error; a stuck report comes back as pending with its id', async () => {
    const e = await rejects(
      t.client.fetchReport(
        { reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE', marketplaceIds: MP, dataStartTime: daysAgo(90) },
        { intervalMs: 50 }
      )
    )
    expect(e.code).toBe('AMAZON_REJECTED')
    t.emu.inject({ kind: 'reportStuck' })
    const r = await t.client.fetchReport(
      { reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', marketplaceIds: MP },
      { intervalMs: 100, maxPolls: 5 }
    )
    expect(r.kind).toBe('pending')
    expect(r.report.processingStatus).toBe('IN_PROGRESS')
  })

  it('restricted order report: needs a restricted data token, carries the buyer-cancel columns', async () => {
    const r = await t.client.fetchReport(
      { reportType: 'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING', marketplaceIds: MP, dataStartTime: daysAgo(30) },
      { intervalMs: 50 }
    )
    expect(r.kind).toBe('done')
    if (r.kind !== 'done') return
    expect(t.emu.stats().rdtsIssued).toBe(1)
    const tsv = await openTsv(r.document.body, { charset: r.document.charset })
    expect(tsv.header).toEqual(UNSHIPPED_ORDER_COLUMNS)
    const col = tsv.columns.get('is-buyer-requested-cancellation')!
    const flags = []
    for await (const row of tsv.rows) flags.push(row.cells[col])
    expect(flags.filter((f) => f === 'true')).toHaveLength(3)
    // Without the RDT Amazon refuses the document.
    const e = await rejects(t.client.call('getReportDocument', { path: { reportDocumentId: r.report.reportDocumentId! } }))
    expect(e.code).toBe('UNAUTHORIZED')
  })

  it('MFN returns come in both layouts (flat file with spaced headers, XML)', async () => {
    const flat = await t.client.fetchReport(
      { reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE', marketplaceIds: MP, dataStartTime: daysAgo(59) },
      { intervalMs: 50 }
    )
    const xml = await t.client.fetchReport(
      { reportType: 'GET_XML_RETURNS_DATA_BY_RETURN_DATE', marketplaceIds: MP, dataStartTime: daysAgo(59) },
      { intervalMs: 50 }
    )
    if (flat.kind !== 'done' || xml.kind !== 'done') throw new Error('expected documents')
    const text = await flat.document.text()
    expect(text.split('\n')[0]).toMatch(/^Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID/)
    expect(text.split('\n')[1]).toMatch(/^\d{3}-\d{7}-\d{7}\t\d{2}-[A-Z][a-z]{2}-\d{4}\t/)
    const x = await xml.document.text()
    expect(x).toContain('<MessageType>Returns-Report</MessageType>')
    expect(x.match(/<return_details>/g)!.length).toBe(text.trim().split('\n').length - 1)
  })
})

describe('orders', () => {
  it('getOrders follows NextToken; getOrderItems carries BuyerRequestedCancel as "true"/"false" strings', async () => {
    const t = await setup({ speedUp: 20 })
    try {
      const ids: string[] = []
      let pages = 0
      for await (const page of t.client.listOrders({ MarketplaceIds: MP, CreatedAfter: daysAgo(90), MaxResultsPerPage: 7 })) {
        pages++
        ids.push(...page.map((o) => o.AmazonOrderId))
      }
      expect(new Set(ids).size).toBe(60)
      expect(pages).toBe(9)
      const unshipped = []
      for await (const p of t.client.listOrders({ MarketplaceIds: MP, CreatedAfter: daysAgo(90), OrderStatuses: ['Unshipped'] }))
        unshipped.push(...p)
      const flags = []
      for (const o of unshipped)
        for (const it of await t.client.getOrderItems(o.AmazonOrderId)) flags.push(it.BuyerRequestedCancel?.IsBuyerRequestedCancel)
      expect(flags.filter((f) => f === 'true')).toHaveLength(3)
      expect(flags.every((f) => f === 'true' || f === 'false')).toBe(true)
      expect((await rejects(t.client.getOrders({ MarketplaceIds: MP }))).code).toBe('AMAZON_REJECTED')
      expect(t.emu.stats().totalThrottled).toBe(0)
    } finally {
      await t.close()
    }
  })
})
