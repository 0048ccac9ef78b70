/**
 * The client's Orders API v2026-01-01 against the emulator over real HTTP: searchOrders pages
 * with `paginationToken`, repeating the query as the model requires (a token sent with other
 * filters is refused), and getOrder answers the datasets named in includedData only.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { INCLUDED_DATA } from '../../../src/main/orders/amazon-orders'
import { daysAgo, SELLER, setup } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('Orders API v2026-01-01 client', () => {
  it('searchAllOrders follows paginationToken to the same orders as one page; a token with other filters is refused', async () => {
    const s = await setup({ speedUp: 1000 })
    cleanups.push(s.close)
    const q = { marketplaceIds: SELLER.marketplaceIds, lastUpdatedAfter: daysAgo(30), includedData: INCLUDED_DATA }
    const one = await s.client.searchOrders({ ...q, maxResultsPerPage: 100 })
    expect(one.orders.length).toBeGreaterThan(12)
    expect(one.pagination).toBeUndefined()
    const pages: string[][] = []
    for await (const page of s.client.searchAllOrders({ ...q, maxResultsPerPage: 5 })) pages.push(page.map((o) => o.orderId))
    expect(pages.length).toBe(Math.ceil(one.orders.length / 5))
    expect(pages.flat()).toEqual(one.orders.map((o) => o.orderId))

    const first = await s.client.searchOrders({ ...q, maxResultsPerPage: 5 })
    await expect(
      s.client.searchOrders({ ...q, lastUpdatedAfter: daysAgo(10), maxResultsPerPage: 5, paginationToken: first.pagination!.nextToken })
    ).rejects.toMatchObject({
      code: 'AMAZON_REJECTED',
      message: expect.stringMatching(/paginationToken was issued for other values of lastUpdatedAfter/)
    })
  })

  it('getOrder2026 answers only the datasets asked for', async () => {
    const s = await setup({ speedUp: 1000 })
    cleanups.push(s.close)
    const id = s.emu.seller(SELLER.sellerId).orders[0]!.id
    const bare = await s.client.getOrder2026(id, [])
    expect(bare.orderId).toBe(id)
    expect(bare.orderItems.length).toBeGreaterThan(0)
    expect(bare.fulfillment).toBeUndefined()
    expect(bare.proceeds).toBeUndefined()
    expect(bare.buyer).toBeUndefined()
    expect(bare.orderItems[0]!.proceeds).toBeUndefined()
    const full = await s.client.getOrder2026(id, INCLUDED_DATA)
    expect(full.fulfillment?.fulfillmentStatus).toMatch(/^[A-Z_]+$/)
    expect(full.orderItems[0]!.proceeds?.breakdowns?.map((b) => b.type)).toEqual(['ITEM', 'SHIPPING', 'TAX'])
    expect(full.buyer).toBeUndefined()
  })
})
