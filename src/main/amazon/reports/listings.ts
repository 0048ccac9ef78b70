/**
 * Parser for the All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA; Seller Central > Inventory
 * > Inventory Reports > All Listings Report), streaming.
 *
 * Tab-separated, one header line, "quote off" like every flat file (tabular.ts). The columns read
 * here: `seller-sku`, `asin1` (or `product-id` when `product-id-type` is 1 = ASIN), `item-name`,
 * `listing-id`, `price`, `quantity`, `image-url`, `status`, `fulfillment-channel`. Other columns
 * (`item-description`, `open-date`, `zshop-*` …) are not stored. JP files have `item-name` in
 * Shift_JIS; EU files are often Cp1252 (sp-api-notes §1): the charset is detected by tabular.ts.
 *
 * A header without `seller-sku` or an ASIN column rejects the file naming what is missing; every
 * other problem rejects only its row, with the line, the column and what was expected.
 */
import { AppError } from '../../errors'
import { parseMinor } from '../../../shared/money'
import { flatten, normalizeHeader, openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const LISTINGS_REPORT_TYPE = 'GET_MERCHANT_LISTINGS_ALL_DATA'

/** True when a header (normalized names) is an All Listings report's. */
export function isListingsHeader(columns: ReadonlySet<string>): boolean {
  return columns.has('seller-sku') && (columns.has('asin1') || columns.has('product-id')) && columns.has('listing-id')
}

export type ListingRecord = {
  line: number
  sku: string
  asin: string | null
  title: string | null
  listingId: string | null
  /** Minor units of the marketplace's currency; null when the cell is empty. */
  priceMinor: number | null
  quantity: number | null
  /** http(s) only; Amazon writes an image URL for some listings, empty for most. */
  imageUrl: string | null
  status: string | null
  fulfillmentChannel: string | null
}

export type ListingProblem = { line: number; column: string | null; reason: string }
export type ListingParsedRow = { kind: 'row'; row: ListingRecord } | { kind: 'rejected'; problem: ListingProblem }

export type ListingsReport = {
  encoding: Encoding
  header: string[]
  headerLine: number
  rows: AsyncGenerator<ListingParsedRow>
}

const ASIN = /^[A-Z0-9]{10}$/
const INT = /^\d+$/

export async function openListingsReport(
  source: Source,
  hint: { file?: string; charset?: string | null; japanese?: boolean; currency: string }
): Promise<ListingsReport> {
  const tsv = await openTsv(source, hint)
  const where = hint.file ? `${hint.file}: ` : ''
  const cols = new Set(tsv.header.map(normalizeHeader))
  if (!isListingsHeader(cols)) {
    const missing = ['seller-sku', 'listing-id', 'asin1'].filter((c) => !cols.has(c))
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not an All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA): the header lacks ${missing
        .map((m) => `"${m}"`)
        .join(', ')}. Download it from Seller Central > Inventory > Inventory Reports > All Listings Report.`,
      { line: tsv.headerLine, missing }
    )
  }
  const col = (name: string) => tsv.columns.get(name) ?? -1
  const c = {
    sku: col('seller-sku'),
    asin1: col('asin1'),
    productId: col('product-id'),
    productIdType: col('product-id-type'),
    title: col('item-name'),
    listingId: col('listing-id'),
    price: col('price'),
    quantity: col('quantity'),
    image: col('image-url'),
    status: col('status'),
    channel: col('fulfillment-channel')
  }
  const width = tsv.header.length
  const name = (i: number) => tsv.header[i] ?? ''
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '')
  const opt = (cells: string[], i: number) => cell(cells, i) || null

  function parse(cells: string[], line: number): ListingRecord | ListingProblem {
    const wide = widthProblem(cells.length, width)
    if (wide) return { line, column: null, reason: `the line ${wide}` }
    const bad = (i: number, reason: string): ListingProblem => ({ line, column: name(i), reason })
    const sku = cell(cells, c.sku)
    if (!sku) return bad(c.sku, 'is empty (every listing has a seller SKU)')
    let asin = cell(cells, c.asin1).toUpperCase()
    let asinCol = c.asin1
    // Older files carry the ASIN only in product-id, typed 1 (ASIN).
    if (!asin && cell(cells, c.productIdType) === '1') {
      asin = cell(cells, c.productId).toUpperCase()
      asinCol = c.productId
    }
    if (asin && !ASIN.test(asin)) return bad(asinCol, `'${asin}' is not an ASIN (expected 10 letters or digits, e.g. B0CXYZ1234)`)
    const priceText = cell(cells, c.price)
    let priceMinor: number | null = null
    if (priceText) {
      priceMinor = parseMinor(priceText, hint.currency)
      if (priceMinor === null || priceMinor < 0) return bad(c.price, `'${priceText}' is not a price (expected e.g. 9.87)`)
    }
    const qText = cell(cells, c.quantity)
    if (qText && !INT.test(qText)) return bad(c.quantity, `'${qText}' is not a whole number of units`)
    const image = cell(cells, c.image)
    if (image && !/^https?:\/\/\S+$/i.test(image)) return bad(c.image, `'${image}' is not a web address (expected https://…)`)
    return {
      line,
      sku,
      asin: asin || null,
      title: opt(cells, c.title),
      listingId: opt(cells, c.listingId),
      priceMinor,
      quantity: qText ? Number.parseInt(qText, 10) : null,
      imageUrl: image ? image.replace(/^http:\/\//i, 'https://') : null,
      status: opt(cells, c.status),
      fulfillmentChannel: opt(cells, c.channel)
    }
  }

  async function* batches(): AsyncGenerator<ListingParsedRow[]> {
    for await (const block of tsv.batches) {
      yield block.map(({ line, cells }) => {
        const r = parse(cells, line)
        return 'sku' in r ? { kind: 'row' as const, row: r } : { kind: 'rejected' as const, problem: r }
      })
    }
  }
  return { encoding: tsv.encoding, header: tsv.header, headerLine: tsv.headerLine, rows: flatten(batches()) }
}
