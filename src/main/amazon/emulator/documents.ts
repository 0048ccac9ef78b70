/**
 * Report documents as Amazon lays them out (sp-api-notes §1 and ../shared/amazon/samples):
 * column names, order and value formats exactly as the sample files. Pure functions of the
 * seller data and the requested window.
 */
import { formatMinor } from '../../../shared/money'
import { REMOVAL_ORDER_COLUMNS, REMOVAL_SHIPMENT_COLUMNS, REPLACEMENT_COLUMNS } from '../reports/fba-inventory'
import type { SellerData } from './data'

export type RenderedReport = { kind: 'tsv' | 'xml'; text: string; rows: number }

export const REIMBURSEMENT_COLUMNS = [
  'approval-date',
  'reimbursement-id',
  'case-id',
  'amazon-order-id',
  'reason',
  'sku',
  'fnsku',
  'asin',
  'product-name',
  'condition',
  'currency-unit',
  'amount-per-unit',
  'amount-total',
  'quantity-reimbursed-cash',
  'quantity-reimbursed-inventory',
  'quantity-reimbursed-total',
  'original-reimbursement-id',
  'original-reimbursement-type'
]
export const MFN_RETURN_COLUMNS = [
  'Order ID',
  'Order date',
  'Return request date',
  'Return request status',
  'Amazon RMA ID',
  'Merchant RMA ID',
  'Label type',
  'Label cost',
  'Currency code',
  'Return carrier',
  'Tracking ID',
  'Label to be paid by',
  'A-to-Z Claim',
  'Is prime',
  'ASIN',
  'Merchant SKU',
  'Item Name',
  'Return quantity',
  'Return Reason',
  'In policy',
  'Return type',
  'Resolution',
  'Invoice number',
  'Return delivery date',
  'Order Amount',
  'Order quantity',
  'SafeT Action reason',
  'SafeT claim id',
  'SafeT claim state',
  'SafeT claim creation time',
  'SafeT claim reimbursement amount',
  'Refunded Amount'
]
export const FBA_RETURN_COLUMNS = [
  'return-date',
  'order-id',
  'sku',
  'asin',
  'fnsku',
  'product-name',
  'quantity',
  'fulfillment-center-id',
  'detailed-disposition',
  'reason',
  'status',
  'license-plate-number',
  'customer-comments'
]
export const LEDGER_COLUMNS = [
  'Date',
  'FNSKU',
  'ASIN',
  'MSKU',
  'Title',
  'Event Type',
  'Reference ID',
  'Quantity',
  'Fulfillment Center',
  'Disposition',
  'Reason',
  'Country',
  'Reconciled Quantity',
  'Unreconciled Quantity',
  'Date and Time',
  'Store'
]
export const UNSHIPPED_ORDER_COLUMNS = [
  'order-id',
  'order-item-id',
  'purchase-date',
  'payments-date',
  'reporting-date',
  'promise-date',
  'days-past-promise',
  'buyer-email',
  'buyer-name',
  'cpf',
  'buyer-phone-number',
  'sku',
  'number-of-items',
  'product-name',
  'quantity-purchased',
  'quantity-shipped',
  'quantity-to-ship',
  'ship-service-level',
  'ship-service-name',
  'recipient-name',
  'ship-address-1',
  'ship-address-2',
  'ship-address-3',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'ship-country',
  'sales-channel',
  'customized-url',
  'customized-page',
  'is-business-order',
  'purchase-order-number',
  'price-designation',
  'is-prime',
  'is-buyer-requested-cancellation',
  'buyer-requested-cancel-reason',
  'verge-of-cancellation',
  'verge-of-lateShipment',
  'signature-confirmation-recommended',
  'buyer-identification-number',
  'buyer-identification-type'
]

/** Report types the emulator can produce; a report type not listed is rejected at createReport. */
export const SUPPORTED_REPORT_TYPES = [
  'GET_FBA_REIMBURSEMENTS_DATA',
  'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
  'GET_XML_RETURNS_DATA_BY_RETURN_DATE',
  'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
  'GET_LEDGER_DETAIL_VIEW_DATA',
  'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING',
  'GET_MERCHANT_LISTINGS_ALL_DATA',
  'GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA',
  'GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA',
  'GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA'
] as const

/** Maximum window per request where Amazon documents one (returns reports: 60 days). */
export const MAX_WINDOW_DAYS: Partial<Record<string, number>> = {
  GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: 60,
  GET_XML_RETURNS_DATA_BY_RETURN_DATE: 60
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const ddMonYyyy = (iso: string) => {
  const d = new Date(iso)
  return `${String(d.getUTCDate()).padStart(2, '0')}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`
}
const mmddyyyy = (iso: string) => {
  const d = new Date(iso)
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`
}
const withOffset = (iso: string) => iso.replace(/\.\d{3}Z$|Z$/, '+00:00')
const compactOffset = (iso: string) => iso.replace(/\.\d{3}Z$|Z$/, '+0000')
const yn = (b: boolean) => (b ? 'Y' : 'N')
const inWindow = (iso: string, start: number, end: number) => {
  const t = new Date(iso).getTime()
  return t >= start && t <= end
}
const tsv = (header: string[], rows: string[][]): string => [header, ...rows].map((r) => r.join('\t')).join('\n') + '\n'
const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

type Renderer = (data: SellerData, start: number, end: number) => RenderedReport

function reimbursementsReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.reimbursements
    .filter((r) => inWindow(r.approvalDate, start, end))
    .map((r) => [
      r.approvalDate,
      r.reimbursementId,
      r.caseId,
      r.orderId,
      r.reason,
      r.sku,
      r.fnsku,
      r.asin,
      r.title,
      r.condition,
      r.currency,
      formatMinor(r.perUnitMinor, r.currency),
      formatMinor(r.totalMinor, r.currency),
      String(r.qtyCash),
      String(r.qtyInventory),
      String(r.qtyTotal),
      r.originalId,
      r.originalType
    ])
  return { kind: 'tsv', text: tsv(REIMBURSEMENT_COLUMNS, rows), rows: rows.length }
}

function mfnReturnsFlatReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.mfnReturns
    .filter((r) => inWindow(r.requestDate, start, end))
    .map((r) => [
      r.orderId,
      ddMonYyyy(r.orderDate),
      ddMonYyyy(r.requestDate),
      r.status,
      r.rmaId,
      r.merchantRmaId,
      r.labelType,
      r.labelCostMinor === 0 ? '0.0' : formatMinor(r.labelCostMinor, r.currency),
      r.currency,
      r.carrier,
      r.trackingId,
      r.paidBy,
      yn(r.aToZ),
      yn(r.isPrime),
      r.asin,
      r.sku,
      r.title,
      String(r.quantity),
      r.reason,
      yn(r.inPolicy),
      r.returnType,
      r.resolution,
      r.invoice,
      r.deliveryDate ? ddMonYyyy(r.deliveryDate) : '',
      formatMinor(r.orderAmountMinor, r.currency),
      String(r.orderQuantity),
      '',
      '',
      '',
      '',
      '',
      r.refundedMinor === null ? '' : formatMinor(r.refundedMinor, r.currency)
    ])
  return { kind: 'tsv', text: tsv(MFN_RETURN_COLUMNS, rows), rows: rows.length }
}

function mfnReturnsXmlReport(data: SellerData, start: number, end: number): RenderedReport {
  const list = data.mfnReturns.filter((r) => inWindow(r.requestDate, start, end))
  const details = list.map((r) =>
    [
      '    <return_details>',
      '      <item_details>',
      `        <item_name>${xmlEsc(r.title)}</item_name><asin>${r.asin}</asin>`,
      `        <return_reason_code>${r.reason}</return_reason_code><merchant_sku>${xmlEsc(r.sku)}</merchant_sku>`,
      `        <in_policy>${yn(r.inPolicy)}</in_policy><return_quantity>${r.quantity}</return_quantity><resolution>${r.resolution}</resolution>`,
      `        <category>${r.category}</category><refund_amount>${formatMinor(r.refundedMinor ?? r.orderAmountMinor, r.currency)}</refund_amount>`,
      '      </item_details>',
      `      <order_id>${r.orderId}</order_id><order_date>${r.orderDate}</order_date>`,
      `      <amazon_rma_id>${r.rmaId}</amazon_rma_id><return_request_date>${r.requestDate}</return_request_date>`,
      `      <return_request_status>${r.status}</return_request_status><a_to_z_claim>${r.aToZ}</a_to_z_claim><is_prime>${yn(r.isPrime)}</is_prime>`,
      `      <label_details><tracking_id>${r.trackingId}</tracking_id><return_carrier>${r.carrier}</return_carrier>`,
      `        <currency_code>${r.currency}</currency_code><label_cost>${formatMinor(r.labelCostMinor, r.currency)}</label_cost><label_type>${r.labelType}</label_type></label_details>`,
      `      <label_to_be_paid_by>${r.paidBy}</label_to_be_paid_by><return_type>${r.returnType}</return_type>`,
      `      <order_amount>${formatMinor(r.orderAmountMinor, r.currency)}</order_amount><order_quantity>${r.orderQuantity}</order_quantity>`,
      '    </return_details>'
    ].join('\n')
  )
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
    '  <Header><DocumentVersion>1.00</DocumentVersion></Header>',
    '  <MessageType>Returns-Report</MessageType>',
    '  <Message>',
    ...details,
    '  </Message>',
    '</AmazonEnvelope>',
    ''
  ].join('\n')
  return { kind: 'xml', text, rows: list.length }
}

function fbaReturnsReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.fbaReturns
    .filter((r) => inWindow(r.returnDate, start, end))
    .map((r) => [
      r.returnDate,
      r.orderId,
      r.sku,
      r.asin,
      r.fnsku,
      r.title,
      String(r.quantity),
      r.fc,
      r.disposition,
      r.reason,
      r.status,
      r.lpn,
      r.comments
    ])
  return { kind: 'tsv', text: tsv(FBA_RETURN_COLUMNS, rows), rows: rows.length }
}

function ledgerReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.ledger
    .filter((r) => inWindow(r.at, start, end))
    .map((r) => [
      mmddyyyy(r.at),
      r.fnsku,
      r.asin,
      r.sku,
      r.title,
      r.eventType,
      r.referenceId,
      String(r.quantity),
      r.fc,
      r.disposition,
      r.reason,
      r.country,
      r.reconciled === null ? '' : String(r.reconciled),
      r.unreconciled === null ? '' : String(r.unreconciled),
      compactOffset(r.at),
      ''
    ])
  return { kind: 'tsv', text: tsv(LEDGER_COLUMNS, rows), rows: rows.length }
}

function unshippedOrdersReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows: string[][] = []
  for (const o of data.orders) {
    if (o.status !== 'Unshipped' || o.channel !== 'MFN' || !inWindow(o.purchaseDate, start, end)) continue
    for (const it of o.items) {
      if (it.canceled) continue
      const promise = new Date(new Date(o.purchaseDate).getTime() + 2 * 86_400_000).toISOString()
      rows.push([
        o.id,
        it.orderItemId,
        withOffset(o.purchaseDate),
        withOffset(o.purchaseDate),
        withOffset(o.lastUpdateDate),
        withOffset(promise),
        String(Math.floor((end - new Date(promise).getTime()) / 86_400_000)),
        o.buyer.email,
        o.buyer.name,
        '',
        o.buyer.phone,
        it.sku,
        String(o.items.length),
        it.title,
        String(it.quantity),
        String(it.quantityShipped),
        String(it.quantity - it.quantityShipped),
        'Standard',
        o.shipServiceLevel,
        o.address.name,
        o.address.line1,
        '',
        '',
        o.address.city,
        o.address.state,
        o.address.postal,
        o.address.country,
        'Amazon.com',
        '',
        '',
        String(o.isBusiness),
        '',
        '',
        String(o.isPrime),
        String(it.buyerCancel !== null),
        it.buyerCancel?.reason ?? '',
        'false',
        'false',
        'false',
        '',
        ''
      ])
    }
  }
  return { kind: 'tsv', text: tsv(UNSHIPPED_ORDER_COLUMNS, rows), rows: rows.length }
}

/** The All Listings report's columns, in Amazon's order (Seller Central's "All Listings Report"). */
export const LISTINGS_COLUMNS = [
  'item-name',
  'item-description',
  'listing-id',
  'seller-sku',
  'price',
  'quantity',
  'open-date',
  'image-url',
  'item-is-marketplace',
  'product-id-type',
  'zshop-shipping-fee',
  'item-note',
  'item-condition',
  'zshop-category1',
  'zshop-browse-path',
  'zshop-storefront-feature',
  'asin1',
  'asin2',
  'asin3',
  'will-ship-internationally',
  'expedited-shipping',
  'zshop-boldface',
  'product-id',
  'bid-for-featured-placement',
  'add-delete',
  'pending-quantity',
  'fulfillment-channel',
  'merchant-shipping-group',
  'status'
]

/** A snapshot of every listing (the window does not apply: Amazon's report is "all listings now"). */
function listingsReport(data: SellerData): RenderedReport {
  const exp = data.currency === 'JPY' ? 0 : 2
  const rows = data.catalog.map((p, i) => [
    p.title,
    '',
    `0${String(1000000000 + i * 7919)}`,
    p.sku,
    (p.priceMinor / 10 ** exp).toFixed(exp),
    String(10 + i * 3),
    '2025-01-15 10:00:00 PST',
    '',
    'y',
    '1',
    '',
    '',
    '11',
    '',
    '',
    '',
    p.asin,
    '',
    '',
    '',
    '',
    '',
    p.asin,
    '',
    '',
    '0',
    i % 2 === 0 ? 'AMAZON_NA' : 'DEFAULT',
    'Migrated Template',
    'Active'
  ])
  return { kind: 'tsv', text: tsv(LISTINGS_COLUMNS, rows), rows: rows.length }
}

// Removal and replacement reports: dates as ISO with an offset, as Amazon writes them.
function removalOrdersReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.removalOrders
    .filter((r) => inWindow(r.requestDate, start, end))
    .map((r) => [
      withOffset(r.requestDate),
      r.orderId,
      r.orderType,
      'Standard',
      r.orderStatus,
      withOffset(r.lastUpdated),
      r.sku,
      r.fnsku,
      r.disposition,
      String(r.requested),
      String(r.cancelled),
      String(r.disposed),
      String(r.shipped),
      String(r.inProcess),
      formatMinor(r.feeMinor, data.currency),
      data.currency
    ])
  return { kind: 'tsv', text: tsv([...REMOVAL_ORDER_COLUMNS], rows), rows: rows.length }
}

function removalShipmentsReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.removalShipments
    .filter((r) => inWindow(r.shipmentDate, start, end))
    .map((r) => [
      withOffset(r.requestDate),
      r.orderId,
      withOffset(r.shipmentDate),
      r.sku,
      r.fnsku,
      r.disposition,
      String(r.quantity),
      r.carrier,
      r.tracking,
      r.orderType
    ])
  return { kind: 'tsv', text: tsv([...REMOVAL_SHIPMENT_COLUMNS], rows), rows: rows.length }
}

function replacementsReport(data: SellerData, start: number, end: number): RenderedReport {
  const rows = data.replacements
    .filter((r) => inWindow(r.shipmentDate, start, end))
    .map((r) => [
      withOffset(r.shipmentDate),
      r.sku,
      r.asin,
      r.fc,
      r.originalFc,
      String(r.quantity),
      r.reasonCode,
      r.replacementOrderId,
      r.originalOrderId
    ])
  return { kind: 'tsv', text: tsv([...REPLACEMENT_COLUMNS], rows), rows: rows.length }
}

/** One renderer per supported report type. */
const RENDERERS: Record<(typeof SUPPORTED_REPORT_TYPES)[number], Renderer> = {
  GET_FBA_REIMBURSEMENTS_DATA: reimbursementsReport,
  GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: mfnReturnsFlatReport,
  GET_XML_RETURNS_DATA_BY_RETURN_DATE: mfnReturnsXmlReport,
  GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA: fbaReturnsReport,
  GET_LEDGER_DETAIL_VIEW_DATA: ledgerReport,
  GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING: unshippedOrdersReport,
  GET_MERCHANT_LISTINGS_ALL_DATA: listingsReport,
  GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA: removalOrdersReport,
  GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA: removalShipmentsReport,
  GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA: replacementsReport
}

export function renderReport(reportType: string, data: SellerData, start: number, end: number): RenderedReport {
  if (!Object.hasOwn(RENDERERS, reportType)) throw new Error(`unsupported report type ${reportType}`)
  return RENDERERS[reportType as keyof typeof RENDERERS](data, start, end)
}
