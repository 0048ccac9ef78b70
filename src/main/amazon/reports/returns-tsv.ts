/**
 * Flat-file returns reports on top of the shared streaming reader (tabular.ts): columns are
 * matched by normalized name (sp-api-notes §1: "match headers by name, not position"), extra or
 * missing optional columns are tolerated, a bad row is rejected with its line and the import goes on.
 */
import type { TsvFile } from './tabular'
import {
  clean,
  isReturnlessRefund,
  parseBool,
  parseMoney,
  parseQuantity,
  parseReportDate,
  RowError,
  type ParsedReturn,
  type ReturnRow
} from './returns-types'

function cellReader(file: TsvFile) {
  return (cells: string[]) => {
    const get = (...names: string[]): string | null => {
      for (const n of names) {
        const i = file.columns.get(n)
        if (i !== undefined) return clean(cells[i])
      }
      return null
    }
    const raw: Record<string, string> = {}
    file.header.forEach((h, i) => {
      const v = cells[i]
      if (v !== undefined && v.trim() !== '') raw[h] = v.trim()
    })
    return { get, raw }
  }
}

function required(v: string | null, field: string): string {
  if (v == null) throw new RowError(`${field} is empty`)
  return v
}

/** GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE (32 columns, sp-api-notes §1.2). */
export async function* parseMfnFlat(file: TsvFile): AsyncGenerator<ParsedReturn> {
  const read = cellReader(file)
  for await (const { line, cells } of file.rows) {
    try {
      const { get, raw } = read(cells)
      const currency = get('currency-code')
      const resolution = get('resolution')
      const returnType = get('return-type')
      const labelType = get('label-type')
      const row: ReturnRow = {
        format: 'mfn-flat',
        line,
        orderId: required(get('order-id'), 'Order ID'),
        orderDate: parseReportDate(get('order-date'), 'Order date'),
        amazonRmaId: required(get('amazon-rma-id'), 'Amazon RMA ID'),
        merchantRmaId: get('merchant-rma-id'),
        status: required(get('return-request-status'), 'Return request status'),
        requestDate: parseReportDate(get('return-request-date'), 'Return request date'),
        sku: required(get('merchant-sku', 'sku'), 'Merchant SKU'),
        asin: get('asin'),
        itemName: get('item-name'),
        quantity: parseQuantity(get('return-quantity'), 'Return quantity'),
        reason: get('return-reason'),
        trackingId: get('tracking-id'),
        carrier: get('return-carrier'),
        labelType,
        labelPaidBy: get('label-to-be-paid-by'),
        returnType,
        resolution,
        returnless: isReturnlessRefund({ resolution, returnType, labelType }),
        inPolicy: parseBool(get('in-policy'), 'In policy'),
        isPrime: parseBool(get('is-prime'), 'Is prime'),
        aToZClaim: parseBool(get('a-to-z-claim'), 'A-to-Z Claim'),
        labelCost: parseMoney(get('label-cost'), currency, 'Label cost'),
        orderAmount: parseMoney(get('order-amount'), currency, 'Order Amount'),
        refundedAmount: parseMoney(get('refunded-amount'), currency, 'Refunded Amount'),
        fba: null,
        raw
      }
      yield { kind: 'row', row }
    } catch (e) {
      if (e instanceof RowError) yield { kind: 'rejected', line, reason: e.message }
      else throw e
    }
  }
}

/**
 * GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA (13 columns, sp-api-notes §1.3). The Seller Central
 * download names the order column "amazon-order-id" on some pages; both are accepted.
 */
export async function* parseFbaCustomerReturns(file: TsvFile): AsyncGenerator<ParsedReturn> {
  const read = cellReader(file)
  for await (const { line, cells } of file.rows) {
    try {
      const { get, raw } = read(cells)
      const row: ReturnRow = {
        format: 'fba-customer-returns',
        line,
        orderId: required(get('order-id', 'amazon-order-id'), 'order-id'),
        orderDate: null,
        amazonRmaId: null,
        merchantRmaId: null,
        status: get('status') ?? '',
        requestDate: parseReportDate(required(get('return-date'), 'return-date'), 'return-date'),
        sku: required(get('sku'), 'sku'),
        asin: get('asin'),
        itemName: get('product-name'),
        quantity: parseQuantity(get('quantity'), 'quantity'),
        reason: get('reason'),
        trackingId: null,
        carrier: null,
        labelType: null,
        labelPaidBy: null,
        returnType: null,
        resolution: null,
        returnless: false,
        inPolicy: null,
        isPrime: null,
        aToZClaim: null,
        labelCost: null,
        orderAmount: null,
        refundedAmount: null,
        fba: {
          fnsku: get('fnsku'),
          fulfillmentCenterId: get('fulfillment-center-id'),
          disposition: get('detailed-disposition'),
          licensePlateNumber: get('license-plate-number'),
          customerComments: get('customer-comments')
        },
        raw
      }
      yield { kind: 'row', row }
    } catch (e) {
      if (e instanceof RowError) yield { kind: 'rejected', line, reason: e.message }
      else throw e
    }
  }
}
