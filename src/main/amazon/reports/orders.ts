/**
 * Parser for Amazon's flat-file order reports, streaming, one item per row (sp-api-notes §1.4):
 * - `unshipped-orders`: GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING / Seller Central "Unshipped
 *   orders" (order-id, order-item-id, quantity-purchased/-shipped/-to-ship, no prices);
 * - `order-report`: GET_FLAT_FILE_ORDER_REPORT_DATA_* (order-item-id plus item-price, item-tax,
 *   shipping-price, shipping-tax, currency);
 * - `all-orders`: GET_FLAT_FILE_ALL_ORDERS_DATA_BY_* (amazon-order-id, order-status, item-status,
 *   prices; no order-item-id, so items are matched by SKU).
 * Columns are matched by name (case-insensitive, "-"/"_"/space alike), so extra, missing optional
 * or reordered columns are fine. The optional buyer-cancellation columns are accepted with both
 * spellings (`is-buyer-requested-cancellation` and the help page's `...-cancelation`).
 *
 * A header without an order id or SKU column rejects the file; every other problem rejects its
 * row with line, column and what was expected. Reading goes through tabular.ts (encodings, BOM,
 * CRLF, quoted cells, CSV re-saves).
 */
import { marketplaceOfSalesChannel } from '../../../shared/ids'
import { currencyExponent, parseMinor } from '../../../shared/money'
import { AppError } from '../../errors'
import { parseReportDate } from './reimbursements'
import { openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const UNSHIPPED_ORDERS_REPORT_TYPE = 'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING'

export type OrderReportFormat = 'unshipped-orders' | 'order-report' | 'all-orders'

/** Where to switch the optional columns on (Seller Central help PNRJVBQMJRS942V, sp-api-notes §1.4). */
export const CANCEL_COLUMNS_HOWTO =
  'This file has no buyer-cancellation columns (is-buyer-requested-cancellation, buyer-requested-cancel-reason), so buyer cancellation requests cannot be detected from it. ' +
  'Switch them on in Seller Central: Orders > Order Reports > "Add or remove order report columns" > turn on "Buyer Requested Cancel", then download the report again. ' +
  'The orders in this file were imported.'

const ALIASES = {
  orderId: ['order-id', 'amazon-order-id'],
  orderItemId: ['order-item-id'],
  purchaseDate: ['purchase-date'],
  lastUpdate: ['last-updated-date', 'last-update-date'],
  // #17 deadlines: Amazon's "ship by" / "deliver by" (the Orders API's LatestShipDate / LatestDeliveryDate).
  latestShip: ['latest-ship-date'],
  latestDelivery: ['latest-delivery-date'],
  orderStatus: ['order-status'],
  itemStatus: ['item-status'],
  channel: ['fulfillment-channel'],
  salesChannel: ['sales-channel'],
  sku: ['sku', 'seller-sku'],
  asin: ['asin'],
  title: ['product-name'],
  quantity: ['quantity-purchased', 'quantity'],
  shipped: ['quantity-shipped'],
  toShip: ['quantity-to-ship'],
  currency: ['currency'],
  itemPrice: ['item-price'],
  itemTax: ['item-tax'],
  shippingPrice: ['shipping-price'],
  shippingTax: ['shipping-tax'],
  promotion: ['item-promotion-discount'],
  cancelFlag: ['is-buyer-requested-cancellation', 'is-buyer-requested-cancelation'],
  cancelReason: [
    'buyer-requested-cancel-reason',
    'buyer-requested-cancellation-reason',
    'buyer-requested-cancelation-reason',
    'buyer-cancel-reason'
  ]
} as const

export type OrderReportRow = {
  line: number
  amazonOrderId: string
  orderItemId: string | null
  purchaseDate: string | null
  lastUpdateDate: string | null
  /** `latest-ship-date` / `latest-delivery-date` (UTC ISO); null when empty or not in the file. */
  latestShipDate: string | null
  latestDeliveryDate: string | null
  /** Amazon OrderStatus as the Orders API spells it (Canceled, PartiallyShipped); undefined = not in the file. */
  status: string | undefined
  fulfillmentChannel: string | null
  /** From `sales-channel` (Amazon.com -> ATVPDKIKX0DER); null when the file does not name a marketplace. */
  marketplaceId: string | null
  /** all-orders `item-status` (see ITEM_STATUS); undefined when the file has no such column. */
  itemStatus: ItemStatus | undefined
  sku: string
  asin: string | null
  title: string | null
  quantityOrdered: number
  quantityShipped: number | undefined
  /** Units Amazon cancelled (item-status Cancelled); undefined = the file does not say. */
  quantityCancelled: number | undefined
  currency: string | null
  /** Line totals in minor units; undefined when the file has no such column. */
  itemPriceMinor: number | null | undefined
  itemTaxMinor: number | null | undefined
  shippingPriceMinor: number | null | undefined
  shippingTaxMinor: number | null | undefined
  promotionDiscountMinor: number | null | undefined
  /** undefined when the file has no buyer-cancellation column. */
  buyerRequestedCancel: boolean | undefined
  buyerCancelReason: string | null
}

export type OrderReportRejected = { kind: 'rejected'; line: number; column?: string; reason: string }
export type OrderReportParsed = { kind: 'row'; row: OrderReportRow } | OrderReportRejected

export type OrderReport = {
  format: OrderReportFormat
  encoding: Encoding
  encodingEvidence: string
  header: string[]
  headerLine: number
  hasCancelColumns: boolean
  rows: AsyncGenerator<OrderReportParsed>
}

const ORDER_ID = /^\w{3}-\w{7}-\w{7}$/
const INT = /^\d+$/

/** all-orders report spellings -> Orders API OrderStatus. */
const STATUS: Record<string, string> = {
  pending: 'Pending',
  unshipped: 'Unshipped',
  partiallyshipped: 'PartiallyShipped',
  'partially shipped': 'PartiallyShipped',
  shipping: 'PartiallyShipped',
  shipped: 'Shipped',
  'shipped - delivered to buyer': 'Shipped',
  'shipped - returned to seller': 'Shipped',
  'shipped - returning to seller': 'Shipped',
  'shipped - picked up': 'Shipped',
  'shipped - out for delivery': 'Shipped',
  'shipped - rejected by buyer': 'Shipped',
  'shipped - lost in transit': 'Shipped',
  'shipped - damaged': 'Shipped',
  cancelled: 'Canceled',
  canceled: 'Canceled',
  unfulfillable: 'Unfulfillable',
  'pending - waiting for pick up': 'Pending',
  invoiceunconfirmed: 'InvoiceUnconfirmed',
  pendingavailability: 'PendingAvailability'
}
export type ItemStatus = 'Shipped' | 'Unshipped' | 'Pending' | 'Cancelled'
/**
 * all-orders `item-status` -> what it means for the item's units. Amazon writes Shipped,
 * Unshipped, Pending and Cancelled there (the order-tracking reports' attribute list,
 * developer-docs /docs/order-tracking-reports-attributes; values seen in real files); the
 * "Shipped - …" and "Canceled" spellings of the order-status column are accepted too. Any other
 * value rejects the row (line, column, what was expected) instead of storing a live item.
 */
const ITEM_STATUS: Record<string, ItemStatus> = {
  shipped: 'Shipped',
  unshipped: 'Unshipped',
  pending: 'Pending',
  cancelled: 'Cancelled',
  canceled: 'Cancelled'
}
const itemStatusOf = (s: string): ItemStatus | undefined =>
  ITEM_STATUS[s.toLowerCase()] ?? (/^shipped\s*-/i.test(s) ? 'Shipped' : undefined)
const CHANNEL: Record<string, string> = { amazon: 'AFN', afn: 'AFN', merchant: 'MFN', mfn: 'MFN' }
const FLAG_TRUE = new Set(['true', 'yes', 'y', '1'])
const FLAG_FALSE = new Set(['false', 'no', 'n', '0', ''])

export async function openOrderReport(
  source: Source,
  hint: { file?: string; charset?: string | null; japanese?: boolean } = {}
): Promise<OrderReport> {
  const tsv = await openTsv(source, hint)
  const where = hint.file ? `${hint.file}: ` : ''
  const col = (names: readonly string[]): { i: number; name: string } => {
    for (const n of names) {
      const i = tsv.columns.get(n)
      if (i !== undefined) return { i, name: tsv.header[i]!.trim() }
    }
    return { i: -1, name: names[0]! }
  }
  const c = Object.fromEntries(Object.entries(ALIASES).map(([k, v]) => [k, col(v)])) as Record<
    keyof typeof ALIASES,
    { i: number; name: string }
  >
  // Without these every row would be rejected (or read wrong: no quantity column would mean 1 of
  // each); a file whose header lacks them is refused, naming them.
  const hasPrices = [c.itemPrice, c.itemTax, c.shippingPrice, c.shippingTax, c.promotion].some((x) => x.i >= 0)
  const missing = [
    c.orderId.i < 0 ? 'order-id (or amazon-order-id)' : null,
    c.sku.i < 0 ? 'sku' : null,
    c.quantity.i < 0 ? 'quantity-purchased (or quantity)' : null,
    hasPrices && c.currency.i < 0 ? 'currency (the file has amounts)' : null
  ].filter((x): x is string => x !== null)
  if (missing.length > 0) {
    const looksLike = tsv.header.length <= 1 ? ' It does not look like a tab-separated report.' : ''
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not an Amazon order report: the header lacks ${missing.length === 1 ? 'the required column' : 'the required columns'} ${missing.join(', ')}.${looksLike}`,
      { line: tsv.headerLine, missing }
    )
  }
  const format: OrderReportFormat =
    c.toShip.i >= 0
      ? 'unshipped-orders'
      : c.orderStatus.i >= 0 && c.orderItemId.i < 0
        ? 'all-orders'
        : c.orderItemId.i >= 0
          ? c.itemPrice.i >= 0
            ? 'order-report'
            : 'unshipped-orders'
          : 'all-orders'
  const hasCancelColumns = c.cancelFlag.i >= 0

  async function* rows(): AsyncGenerator<OrderReportParsed> {
    for await (const r of tsv.rows) {
      const cells = r.cells
      const width = widthProblem(cells.length, tsv.header.length)
      if (width) {
        yield { kind: 'rejected', line: r.line, reason: `the line ${width}` }
        continue
      }
      const get = (x: { i: number }) => (x.i >= 0 && x.i < cells.length ? cells[x.i]!.trim() : '')
      const reject = (x: { name: string }, reason: string): OrderReportRejected => ({
        kind: 'rejected',
        line: r.line,
        column: x.name,
        reason
      })
      const orderId = get(c.orderId)
      if (!ORDER_ID.test(orderId)) {
        yield reject(
          c.orderId,
          orderId
            ? `"${orderId}" is not an Amazon order id (expected 3-7-7 characters like 112-1234567-1234567)`
            : 'the order id is empty (expected an Amazon order id like 112-1234567-1234567)'
        )
        continue
      }
      const sku = get(c.sku)
      if (!sku) {
        yield reject(c.sku, 'the SKU is empty (expected the seller SKU of the item)')
        continue
      }
      const orderItemId = get(c.orderItemId) || null
      if (orderItemId !== null && !/^\d{1,20}$/.test(orderItemId)) {
        yield reject(c.orderItemId, `"${orderItemId}" is not an order item id (expected digits, e.g. 14027389077212)`)
        continue
      }
      const date = (x: { i: number; name: string }): string | null | false => {
        const v = get(x)
        if (!v) return null
        return parseReportDate(v) ?? false
      }
      const purchaseDate = date(c.purchaseDate)
      if (purchaseDate === false) {
        yield reject(c.purchaseDate, `"${get(c.purchaseDate)}" is not a date (expected ISO-8601 like 2025-09-24T12:02:50+00:00)`)
        continue
      }
      const lastUpdateDate = date(c.lastUpdate)
      if (lastUpdateDate === false) {
        yield reject(c.lastUpdate, `"${get(c.lastUpdate)}" is not a date (expected ISO-8601 like 2025-09-24T12:02:50+00:00)`)
        continue
      }
      const latestShipDate = date(c.latestShip)
      if (latestShipDate === false) {
        yield reject(c.latestShip, `"${get(c.latestShip)}" is not a date (expected ISO-8601 like 2025-09-26T06:59:59+00:00)`)
        continue
      }
      const latestDeliveryDate = date(c.latestDelivery)
      if (latestDeliveryDate === false) {
        yield reject(c.latestDelivery, `"${get(c.latestDelivery)}" is not a date (expected ISO-8601 like 2025-10-02T06:59:59+00:00)`)
        continue
      }
      const qText = get(c.quantity)
      if (c.quantity.i >= 0 && !INT.test(qText)) {
        yield reject(c.quantity, `"${qText}" is not a quantity (expected a whole number of units)`)
        continue
      }
      const quantityOrdered = c.quantity.i >= 0 ? Number.parseInt(qText, 10) : 1
      let quantityShipped: number | undefined
      if (c.shipped.i >= 0) {
        const s = get(c.shipped) || '0'
        if (!INT.test(s)) {
          yield reject(c.shipped, `"${s}" is not a quantity (expected a whole number of units)`)
          continue
        }
        quantityShipped = Number.parseInt(s, 10)
      }
      let status: string | undefined
      if (c.orderStatus.i >= 0) {
        const s = get(c.orderStatus)
        if (s) {
          const mapped = STATUS[s.toLowerCase()]
          if (!mapped) {
            yield reject(c.orderStatus, `"${s}" is not an order status (expected Pending, Unshipped, Shipped, Cancelled...)`)
            continue
          }
          status = mapped
        }
      } else if (format === 'unshipped-orders' || format === 'order-report') {
        // Neither layout has an order status. The unshipped-orders report lists only orders that
        // still have units to ship; the order report lists orders once they become eligible for
        // fulfillment ("no longer in a pending state", developer-docs /docs/report-type-values-order)
        // and says nothing of shipping, so "in this report and not shipped" is Unshipped. An order
        // known as Shipped or Canceled stays so (upsert never moves it back).
        status = quantityShipped && quantityShipped > 0 ? 'PartiallyShipped' : 'Unshipped'
      }
      let itemStatus: ItemStatus | undefined
      let quantityCancelled: number | undefined
      if (c.itemStatus.i >= 0) {
        const raw = get(c.itemStatus)
        itemStatus = raw ? itemStatusOf(raw) : undefined
        if (raw && !itemStatus) {
          yield reject(c.itemStatus, `"${raw}" is not an item status (expected Shipped, Unshipped, Pending or Cancelled)`)
          continue
        }
        if (quantityShipped === undefined && itemStatus) quantityShipped = itemStatus === 'Shipped' ? quantityOrdered : 0
        // A cancelled item has no unit left to ship or to refund.
        if (itemStatus === 'Cancelled') quantityCancelled = quantityOrdered
      }
      const currency = get(c.currency).toUpperCase() || null
      const money = (x: { i: number; name: string }): number | null | undefined | false => {
        if (x.i < 0) return undefined
        const v = get(x)
        if (!v) return null
        if (!currency) return false
        return parseMinor(v, currency) ?? false
      }
      const amounts = {
        itemPriceMinor: money(c.itemPrice),
        itemTaxMinor: money(c.itemTax),
        shippingPriceMinor: money(c.shippingPrice),
        shippingTaxMinor: money(c.shippingTax),
        promotionDiscountMinor: money(c.promotion)
      }
      const bad = (Object.keys(amounts) as (keyof typeof amounts)[]).find((k) => amounts[k] === false)
      if (bad) {
        const x = {
          itemPriceMinor: c.itemPrice,
          itemTaxMinor: c.itemTax,
          shippingPriceMinor: c.shippingPrice,
          shippingTaxMinor: c.shippingTax,
          promotionDiscountMinor: c.promotion
        }[bad]
        yield reject(
          x,
          currency
            ? `"${get(x)}" is not an amount in ${currency} (expected a decimal number with at most ${currencyExponent(currency)} decimals, e.g. 19.99)`
            : `"${get(x)}" has no currency (expected the currency column to be filled, e.g. USD)`
        )
        continue
      }
      let buyerRequestedCancel: boolean | undefined
      if (hasCancelColumns) {
        const f = get(c.cancelFlag).toLowerCase()
        if (FLAG_TRUE.has(f)) buyerRequestedCancel = true
        else if (FLAG_FALSE.has(f)) buyerRequestedCancel = false
        else {
          yield reject(c.cancelFlag, `"${get(c.cancelFlag)}" is not true or false`)
          continue
        }
      }
      const channel = get(c.channel)
      const salesChannel = get(c.salesChannel)
      yield {
        kind: 'row',
        row: {
          line: r.line,
          amazonOrderId: orderId,
          orderItemId,
          purchaseDate,
          lastUpdateDate,
          latestShipDate,
          latestDeliveryDate,
          status,
          fulfillmentChannel: channel ? (CHANNEL[channel.toLowerCase()] ?? channel) : format === 'unshipped-orders' ? 'MFN' : null,
          marketplaceId: salesChannel ? marketplaceOfSalesChannel(salesChannel) : null,
          itemStatus,
          sku,
          asin: get(c.asin) || null,
          title: get(c.title) || null,
          quantityOrdered,
          quantityShipped,
          quantityCancelled,
          currency,
          itemPriceMinor: amounts.itemPriceMinor as number | null | undefined,
          itemTaxMinor: amounts.itemTaxMinor as number | null | undefined,
          shippingPriceMinor: amounts.shippingPriceMinor as number | null | undefined,
          shippingTaxMinor: amounts.shippingTaxMinor as number | null | undefined,
          promotionDiscountMinor: amounts.promotionDiscountMinor as number | null | undefined,
          buyerRequestedCancel,
          buyerCancelReason: buyerRequestedCancel ? get(c.cancelReason) || null : null
        }
      }
    }
  }
  return {
    format,
    encoding: tsv.encoding,
    encodingEvidence: tsv.encodingEvidence,
    header: tsv.header,
    headerLine: tsv.headerLine,
    hasCancelColumns,
    rows: rows()
  }
}
