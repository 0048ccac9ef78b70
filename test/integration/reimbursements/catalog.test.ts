/**
 * The product catalog: the All Listings report imported from a file (every column read, bad rows
 * refused with line and column, a re-import changes nothing), and the catalog job against the
 * SP-API emulator over real HTTP (the All Listings report downloaded, then the Catalog Items API
 * for every ASIN seen), after which reimbursements show title, image, marketplace and parent ASIN.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ListingsImportSummary } from '../../../src/shared/contract/catalog'
import type { ReimbursementRow } from '../../../src/shared/contract/reimbursements'
import { CATALOG_JOB, catalogJob } from '../../../src/main/reimbursements/catalog.job'
import { makeServices, validStore } from '../../helpers/services'
import { connectEmulatorStore, SELLER } from '../amazon/helpers'

const FIX = join(__dirname, '../../fixtures')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type Product = {
  sku: string
  asin: string | null
  parentAsin: string | null
  title: string | null
  imageUrl: string | null
  marketplaceId: string | null
  listingId: string | null
  priceMinor: number | null
  currency: string | null
  quantity: number | null
  status: string | null
  fulfillmentChannel: string | null
  catalogSyncedAt: string | null
}

function helpers(t: ReturnType<typeof makeServices>) {
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details })
    return r.data as T
  }
  const importListings = (storeId: string, file: string, commit = true) =>
    call<ListingsImportSummary>(commit ? 'catalog.importListings' : 'catalog.previewListingsImport', {
      storeId,
      fileId: t.services.files.register(join(FIX, file)).id
    })
  const products = () =>
    t.services.sqlite
      .prepare(
        `SELECT sku, asin, parent_asin AS parentAsin, title, image_url AS imageUrl, marketplace_id AS marketplaceId, listing_id AS listingId,
           price_minor AS priceMinor, currency, quantity, status, fulfillment_channel AS fulfillmentChannel, catalog_synced_at AS catalogSyncedAt
         FROM products ORDER BY sku`
      )
      .all() as Product[]
  return { call, importListings, products }
}

describe('All Listings report import', () => {
  it('reads every column into the catalog; a preview writes nothing; a re-import changes nothing', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const { importListings, products } = helpers(t)
    const store = await t.services.stores.create(validStore)

    const preview = await importListings(store.id, 'catalog/all-listings.tsv', false)
    expect(preview).toMatchObject({ committed: false, rows: 3, inserted: 3, rejectedCount: 0 })
    expect(products()).toEqual([])

    const first = await importListings(store.id, 'catalog/all-listings.tsv')
    expect(first).toMatchObject({ committed: true, rows: 3, inserted: 3, updated: 0, unchanged: 0, rejectedCount: 0, encoding: 'utf-8' })
    const base = { parentAsin: null, marketplaceId: 'ATVPDKIKX0DER', catalogSyncedAt: null }
    expect(products()).toEqual([
      {
        ...base,
        sku: 'CAFE-MUG-BLU',
        asin: 'B0DCAFE001',
        title: 'Café Mug – Blue Glaze',
        imageUrl: null,
        listingId: '0101ABCDEF2',
        priceMinor: 1599,
        currency: 'USD',
        quantity: null,
        status: 'Active',
        fulfillmentChannel: 'AMAZON_NA'
      },
      {
        ...base,
        sku: 'MUG-11OZ-WHT',
        asin: 'B0CXYZ1234',
        title: 'Ceramic Mug 11 oz White',
        // http is shown as https (the app's Content-Security-Policy allows https images only)
        imageUrl: 'https://m.media-amazon.com/images/I/41mug.jpg',
        listingId: '0101ABCDEF1',
        priceMinor: 987,
        currency: 'USD',
        quantity: 12,
        status: 'Active',
        fulfillmentChannel: 'DEFAULT'
      },
      {
        ...base,
        sku: 'TEA-INF-SS',
        // no asin1: product-id of type 1 (ASIN), upper-cased
        asin: 'B0DTEAINF1',
        title: 'Tea Infuser Stainless Steel',
        imageUrl: null,
        listingId: '0101ABCDEF3',
        priceMinor: null,
        currency: null,
        quantity: 0,
        status: 'Inactive',
        fulfillmentChannel: 'DEFAULT'
      }
    ])

    const again = await importListings(store.id, 'catalog/all-listings.tsv')
    expect(again).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 })
    expect(products()).toHaveLength(3)
  })

  it('refuses each bad row with its line, column and what was expected, and imports the good ones', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const { importListings, products } = helpers(t)
    const store = await t.services.stores.create(validStore)
    const s = await importListings(store.id, 'catalog/all-listings-bad.tsv')
    expect(s).toMatchObject({ rows: 6, inserted: 1, rejectedCount: 5 })
    expect(s.rejected).toEqual([
      { line: 3, column: 'seller-sku', reason: expect.stringMatching(/is empty/) },
      { line: 4, column: 'price', reason: expect.stringMatching(/'12,50' is not a price/) },
      { line: 5, column: 'quantity', reason: expect.stringMatching(/'two' is not a whole number/) },
      { line: 6, column: 'asin1', reason: expect.stringMatching(/'B0-NOPE' is not an ASIN/) },
      { line: 7, column: null, reason: expect.stringMatching(/has 4 columns, the header has 29/) }
    ])
    expect(products().map((p) => p.sku)).toEqual(['MUG-11OZ-WHT'])
  })

  it('refuses a file that is not an All Listings report, naming the missing columns', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const { importListings } = helpers(t)
    const store = await t.services.stores.create(validStore)
    await expect(importListings(store.id, 'reimbursements/sample.tsv')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/not an All Listings report .*"seller-sku", "listing-id", "asin1"/)
    })
  })
})

describe('catalog job against the emulator', () => {
  it('downloads the listings, asks the Catalog Items API about every ASIN, and the reimbursements show it', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const { products, call } = helpers(t)
    const { emu, store, factory, close } = await connectEmulatorStore(t)
    cleanups.push(close)
    // A reimbursement line whose SKU the listings also have, and the catalog rows it joins.
    await call('reimbursements.import', { storeId: store.id, fileId: t.services.files.register(join(FIX, 'reimbursements/sample.tsv')).id })
    t.services.scheduler.register(
      catalogJob({
        stores: t.services.stores,
        catalog: t.services.catalog,
        clientFor: async (id) => {
          const c = await factory.forStore(id)
          return {
            fetchReport: (spec) => c.fetchReport(spec, { intervalMs: 10, maxPolls: 400 }),
            searchCatalogItems: (q) => c.searchCatalogItems(q)
          }
        }
      })
    )
    await t.services.scheduler.runNow(CATALOG_JOB, store.id)
    const run = t.services.jobs.lastSuccess(CATALOG_JOB, store.id)
    expect(run?.message).toMatch(/^8 listings new, 0 changed, 0 rejected; \d+ ASINs asked/)

    const catalog = emu.seller(SELLER.sellerId).catalog
    const bySku = new Map(products().map((p) => [p.sku, p]))
    for (const p of catalog) {
      const row = bySku.get(p.sku)!
      expect(row).toMatchObject({ asin: p.asin, title: p.title, marketplaceId: 'ATVPDKIKX0DER', status: 'Active' })
      expect(row.imageUrl).toMatch(/^data:image\/svg\+xml;base64,/)
      expect(row.catalogSyncedAt).not.toBeNull()
    }
    expect(bySku.get('MUG-11OZ-WHT')!.parentAsin).toBe('B0CXYZPRNT')
    expect(bySku.get('MUG-15OZ-BLK')!.parentAsin).toBe('B0CXYZPRNT')
    expect(bySku.get('TEA-INF-SS')!.parentAsin).toBeNull()

    // The parent-ASIN filter now matches, and the rows carry title, image and marketplace.
    const list = await call<{ rows: ReimbursementRow[] }>('reimbursements.list', { storeId: store.id, parentAsin: 'B0CXYZPRNT' })
    expect(list.rows.length).toBeGreaterThan(0)
    for (const r of list.rows) {
      expect(['MUG-11OZ-WHT', 'MUG-15OZ-BLK']).toContain(r.sku)
      expect(r.parentAsin).toBe('B0CXYZPRNT')
      expect(r.imageUrl).toMatch(/^data:image\/svg\+xml/)
      expect(r.marketplace).toBe('US')
    }

    // A second run the same day: the listings are unchanged and no ASIN is asked again.
    await t.services.scheduler.runNow(CATALOG_JOB, store.id)
    expect(t.services.jobs.lastSuccess(CATALOG_JOB, store.id)?.message).toBe(
      '0 listings new, 0 changed, 0 rejected; 0 ASINs asked, 0 products updated from the catalog'
    )
  })
})
