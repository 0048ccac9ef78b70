/**
 * The RMAs list and detail show each returned product's title and image from the catalog (the
 * products table, filled here by the All Listings report import), looked up by store and SKU, else
 * by ASIN; the title falls back to the returns report's item name; nothing when neither is known.
 * Real services on a real SQLite file, through the contract (dispatch checks the output). Known by
 * construction: the return file below names each case once.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RmaDetail, RmaRow } from '../../../src/shared/contract/rmas'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures')
const IMAGE = 'https://m.media-amazon.com/images/I/41mug.jpg'

const HEADER =
  'Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\tMerchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\tOrder Amount\tOrder quantity'
/** One approved return line: order, Amazon RMA ID, ASIN, SKU, item name. */
const line = (n: number, rma: string, asin: string, sku: string, name: string) =>
  [
    `113-0000000-000000${n}`,
    '10-Jul-2025',
    `1${n}-Jul-2025`,
    'Approved',
    rma,
    '',
    'AmazonPrePaidLabel',
    '4.14',
    'USD',
    'USPS',
    `92020903395983638341${n}0`,
    'Seller',
    'N',
    'N',
    asin,
    sku,
    name,
    '1',
    'CR-UNWANTED_ITEM',
    'Y',
    'C-Returns',
    'StandardRefund',
    '',
    '',
    '9.87',
    '1'
  ].join('\t')

let t: ReturnType<typeof makeServices>
let storeId: string
let otherId: string

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}
const stage = (path: string) => t.services.files.register(path).id

beforeEach(async () => {
  t = makeServices()
  storeId = (await t.services.stores.create(validStore)).id
  otherId = (await t.services.stores.create({ ...validStore, name: 'Other US', sellerId: 'A9OTHERSELLER1' })).id
  // The catalog: MUG-11OZ-WHT (title + image), CAFE-MUG-BLU (ASIN B0DCAFE001, title, no image),
  // TEA-INF-SS — for this store; the other store's catalog has the same file.
  for (const id of [storeId, otherId])
    await call('catalog.importListings', { storeId: id, fileId: stage(join(FIX, 'catalog/all-listings.tsv')) })
  // TEA-INF-SS belongs to the other store only.
  t.services.sqlite.prepare(`DELETE FROM products WHERE store_id = ? AND sku = 'TEA-INF-SS'`).run(storeId)
  await call('rmas.kitsSave', { storeId, parentSku: 'GIFT-SET', componentSku: 'MUG-11OZ-WHT', quantity: 2 })
  await call('rmas.kitsSave', { storeId, parentSku: 'GIFT-SET', componentSku: 'COASTER-4PK', quantity: 1 })
  const file = join(t.dir, 'returns.tsv')
  writeFileSync(
    file,
    [
      HEADER,
      line(1, 'RMA-BYSKU', 'B0CXYZ1234', 'MUG-11OZ-WHT', 'mug as the buyer saw it'),
      line(2, 'RMA-BYASIN', 'B0DCAFE001', 'OLD-CAFE-SKU', 'old cafe listing'),
      line(3, 'RMA-NAMEONLY', 'B0UNKNOWN1', 'NOT-LISTED', 'Mystery Gadget'),
      line(4, 'RMA-NOTHING', 'B0UNKNOWN2', 'TEA-INF-SS', ''),
      line(5, 'RMA-KIT', 'B0DCAFE001', 'GIFT-SET', 'Gift set')
    ].join('\n') + '\n'
  )
  const s = await call<{ created: number; rejectedCount: number }>('rmas.import', { storeId, fileId: stage(file) })
  expect(s).toMatchObject({ created: 5, rejectedCount: 0 })
})
afterEach(() => t.close())

const rowsByRma = async () => {
  const list = await call<{ rows: RmaRow[] }>('rmas.list', { storeId })
  return Object.fromEntries(list.rows.map((r) => [r.orderSourceRmaId, r]))
}

describe('RMAs: the product from the catalog', () => {
  it('the list shows each RMA first item’s title and image: by SKU, else ASIN, else the item name; nothing when unknown', async () => {
    const rows = await rowsByRma()
    expect(rows['RMA-BYSKU']!.product).toEqual({ title: 'Ceramic Mug 11 oz White', imageUrl: IMAGE })
    expect(rows['RMA-BYASIN']!.product).toEqual({ title: 'Café Mug – Blue Glaze', imageUrl: null })
    expect(rows['RMA-NAMEONLY']!.product).toEqual({ title: 'Mystery Gadget', imageUrl: null })
    // TEA-INF-SS is listed in the other store only: not this store's product.
    expect(rows['RMA-NOTHING']!.product).toBeNull()
    // A kit's first component is looked up by its own SKU (the kit's ASIN and name are not its own).
    expect(rows['RMA-KIT']!.skus).toEqual(['MUG-11OZ-WHT', 'COASTER-4PK'])
    expect(rows['RMA-KIT']!.product).toEqual({ title: 'Ceramic Mug 11 oz White', imageUrl: IMAGE })
  })

  it('the detail shows every item’s product; a kit component not in the catalog has none', async () => {
    const rows = await rowsByRma()
    const kit = await call<RmaDetail>('rmas.get', { id: rows['RMA-KIT']!.id })
    expect(kit.items.map((i) => [i.sku, i.product])).toEqual([
      ['MUG-11OZ-WHT', { title: 'Ceramic Mug 11 oz White', imageUrl: IMAGE }],
      ['COASTER-4PK', null]
    ])
    const byAsin = await call<RmaDetail>('rmas.get', { id: rows['RMA-BYASIN']!.id })
    expect(byAsin.items.map((i) => i.product)).toEqual([{ title: 'Café Mug – Blue Glaze', imageUrl: null }])
  })

  it('a catalog change shows on the next read', async () => {
    t.services.sqlite.prepare(`UPDATE products SET image_url = 'https://img.example/cafe.png' WHERE sku = 'CAFE-MUG-BLU'`).run()
    expect((await rowsByRma())['RMA-BYASIN']!.product).toEqual({ title: 'Café Mug – Blue Glaze', imageUrl: 'https://img.example/cafe.png' })
  })

  it('reads a page in the same number of statements whatever its size (no query per row)', async () => {
    const db = t.services.sqlite
    const prepare = db.prepare.bind(db)
    let statements = 0
    db.prepare = ((source: string) => {
      statements++
      return prepare(source)
    }) as typeof db.prepare
    const countFor = async (pageSize: number) => {
      statements = 0
      const list = await call<{ rows: RmaRow[] }>('rmas.list', { storeId, pageSize })
      expect(list.rows).toHaveLength(pageSize)
      return statements
    }
    try {
      expect(await countFor(5)).toBe(await countFor(1))
    } finally {
      db.prepare = prepare
    }
  })
})
