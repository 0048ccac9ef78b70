/**
 * Order feeds we send and the processing report Amazon sends back (sp-api-notes §3). Pure: no
 * IO. Element order follows the XSD sequences (OrderAdjustment.xsd, OrderAcknowledgement.xsd;
 * order matters). Amounts are written with exactly two decimals (BaseCurrencyAmount has
 * fractionDigits 2), from integer minor units, never floats.
 */
import Big from 'big.js'
import { XMLParser } from 'fast-xml-parser'
import { currencyExponent } from '../../../shared/money'
import { AdjustmentReason, CancelReason } from '../../../shared/contract/orders'
import { AppError } from '../../errors'

export const FEED_TYPES = {
  refund: 'POST_PAYMENT_ADJUSTMENT_DATA',
  cancel: 'POST_ORDER_ACKNOWLEDGEMENT_DATA'
} as const

/** createFeedDocument contentType for XML feeds; the upload must use exactly this. */
export const XML_FEED_CONTENT_TYPE = 'text/xml; charset=UTF-8'

/** Amazon's enumerations live in the shared contract (the dialogs offer the same lists). */
export const ADJUSTMENT_REASONS = AdjustmentReason.options
export type { AdjustmentReason, CancelReason }

export const ADJUSTMENT_COMPONENT_TYPES = [
  'Principal',
  'Shipping',
  'Tax',
  'ShippingTax',
  'RestockingFee',
  'RestockingFeeTax',
  'GiftWrap',
  'GiftWrapTax',
  'Surcharge',
  'ReturnShipping',
  'Goodwill',
  'ExportCharge',
  'COD',
  'CODTax',
  'Other',
  'FreeReplacementReturnShipping'
] as const
export type AdjustmentComponentType = (typeof ADJUSTMENT_COMPONENT_TYPES)[number]

export const CANCEL_REASONS = CancelReason.options

export type RefundItem = {
  amazonOrderItemCode: string
  /** Our stable id for this adjustment line (Amazon does not use it; we map results with it). */
  merchantAdjustmentItemId?: string
  reason: AdjustmentReason
  currency: string
  /** Line totals (not unit prices), positive = refunded to the buyer. */
  components: { type: AdjustmentComponentType; amountMinor: number }[]
  quantity?: number
}
export type RefundMessage = { messageId: number; amazonOrderId: string; actionType?: 'Refund' | 'Cancel'; items: RefundItem[] }

export type AcknowledgementMessage = {
  messageId: number
  amazonOrderId: string
  merchantOrderId?: string
  /** Failure + items with a CancelReason cancels them. */
  statusCode: 'Success' | 'Failure'
  items: { amazonOrderItemCode: string; merchantOrderItemId?: string; cancelReason?: CancelReason }[]
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

/** Minor units -> "12.40" (always two decimals; JPY 1500 -> "1500.00"). */
export function feedAmount(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new AppError('VALIDATION', `amount ${amountMinor} is not an integer count of minor units`)
  return new Big(amountMinor).div(new Big(10).pow(currencyExponent(currency))).toFixed(2)
}

function envelope(merchantIdentifier: string, messageType: string, messages: string[]): string {
  if (!merchantIdentifier || merchantIdentifier.length > 50) throw new AppError('VALIDATION', 'MerchantIdentifier must be 1–50 characters')
  if (messages.length === 0) throw new AppError('VALIDATION', 'a feed needs at least one message')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
    `  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${esc(merchantIdentifier)}</MerchantIdentifier></Header>`,
    `  <MessageType>${messageType}</MessageType>`,
    ...messages,
    '</AmazonEnvelope>',
    ''
  ].join('\n')
}

function checkMessageIds(ids: number[]): void {
  const seen = new Set<number>()
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError('VALIDATION', `MessageID must be a positive integer, got ${id}`)
    if (seen.has(id)) throw new AppError('VALIDATION', `MessageID ${id} is used twice in one feed`)
    seen.add(id)
  }
}

const ORDER_ID = /^\w{3}-\w{7}-\w{7}$/
const ITEM_CODE = /^\d{14}$/

/** POST_PAYMENT_ADJUSTMENT_DATA (refunds). */
export function buildPaymentAdjustmentFeed(input: { merchantIdentifier: string; messages: RefundMessage[] }): string {
  checkMessageIds(input.messages.map((m) => m.messageId))
  const msgs = input.messages.map((m) => {
    if (!ORDER_ID.test(m.amazonOrderId))
      throw new AppError('VALIDATION', `message ${m.messageId}: AmazonOrderID ${m.amazonOrderId} is not in 3-7-7 form`)
    if (m.items.length === 0) throw new AppError('VALIDATION', `message ${m.messageId}: at least one AdjustedItem is required`)
    const items = m.items.map((it) => {
      if (!ITEM_CODE.test(it.amazonOrderItemCode))
        throw new AppError('VALIDATION', `message ${m.messageId}: AmazonOrderItemCode ${it.amazonOrderItemCode} must be 14 digits`)
      if (!ADJUSTMENT_REASONS.includes(it.reason))
        throw new AppError('VALIDATION', `message ${m.messageId}: unknown AdjustmentReason ${it.reason}`)
      if (it.components.length === 0) throw new AppError('VALIDATION', `message ${m.messageId}: at least one price component is required`)
      const net = it.components.reduce((a, c) => a + c.amountMinor, 0)
      if (net <= 0) throw new AppError('VALIDATION', `message ${m.messageId}: the net adjustment must be a credit to the buyer`)
      const comps = it.components
        .map((c) => {
          if (!ADJUSTMENT_COMPONENT_TYPES.includes(c.type))
            throw new AppError('VALIDATION', `message ${m.messageId}: unknown component type ${c.type}`)
          return `          <Component><Type>${c.type}</Type><Amount currency="${esc(it.currency)}">${feedAmount(c.amountMinor, it.currency)}</Amount></Component>`
        })
        .join('\n')
      return [
        '      <AdjustedItem>',
        `        <AmazonOrderItemCode>${it.amazonOrderItemCode}</AmazonOrderItemCode>`,
        ...(it.merchantAdjustmentItemId
          ? [`        <MerchantAdjustmentItemID>${esc(it.merchantAdjustmentItemId)}</MerchantAdjustmentItemID>`]
          : []),
        `        <AdjustmentReason>${it.reason}</AdjustmentReason>`,
        '        <ItemPriceAdjustments>',
        comps,
        '        </ItemPriceAdjustments>',
        ...(it.quantity !== undefined ? [`        <Quantity>${it.quantity}</Quantity>`] : []),
        '      </AdjustedItem>'
      ].join('\n')
    })
    return [
      '  <Message>',
      `    <MessageID>${m.messageId}</MessageID>`,
      '    <OrderAdjustment>',
      `      <AmazonOrderID>${m.amazonOrderId}</AmazonOrderID>`,
      `      <ActionType>${m.actionType ?? 'Refund'}</ActionType>`,
      ...items,
      '    </OrderAdjustment>',
      '  </Message>'
    ].join('\n')
  })
  return envelope(input.merchantIdentifier, 'OrderAdjustment', msgs)
}

/** POST_ORDER_ACKNOWLEDGEMENT_DATA (cancellations: StatusCode Failure + items with CancelReason). */
export function buildOrderAcknowledgementFeed(input: { merchantIdentifier: string; messages: AcknowledgementMessage[] }): string {
  checkMessageIds(input.messages.map((m) => m.messageId))
  const msgs = input.messages.map((m) => {
    if (!ORDER_ID.test(m.amazonOrderId))
      throw new AppError('VALIDATION', `message ${m.messageId}: AmazonOrderID ${m.amazonOrderId} is not in 3-7-7 form`)
    if (m.statusCode === 'Failure' && m.items.length === 0)
      throw new AppError('VALIDATION', `message ${m.messageId}: a cancellation needs one Item per cancelled order item`)
    const items = m.items.map((it) => {
      if (!ITEM_CODE.test(it.amazonOrderItemCode))
        throw new AppError('VALIDATION', `message ${m.messageId}: AmazonOrderItemCode ${it.amazonOrderItemCode} must be 14 digits`)
      if (it.cancelReason && !CANCEL_REASONS.includes(it.cancelReason))
        throw new AppError('VALIDATION', `message ${m.messageId}: unknown CancelReason ${it.cancelReason}`)
      return [
        '      <Item>',
        `        <AmazonOrderItemCode>${it.amazonOrderItemCode}</AmazonOrderItemCode>`,
        ...(it.merchantOrderItemId ? [`        <MerchantOrderItemID>${esc(it.merchantOrderItemId)}</MerchantOrderItemID>`] : []),
        ...(it.cancelReason ? [`        <CancelReason>${it.cancelReason}</CancelReason>`] : []),
        '      </Item>'
      ].join('\n')
    })
    return [
      '  <Message>',
      `    <MessageID>${m.messageId}</MessageID>`,
      '    <OrderAcknowledgement>',
      `      <AmazonOrderID>${m.amazonOrderId}</AmazonOrderID>`,
      ...(m.merchantOrderId ? [`      <MerchantOrderID>${esc(m.merchantOrderId)}</MerchantOrderID>`] : []),
      `      <StatusCode>${m.statusCode}</StatusCode>`,
      ...items,
      '    </OrderAcknowledgement>',
      '  </Message>'
    ].join('\n')
  })
  return envelope(input.merchantIdentifier, 'OrderAcknowledgement', msgs)
}

export type ProcessingResult = {
  /** The MessageID of our message; 0 = the whole document (e.g. XML parsing). */
  messageId: number
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- names the documented codes; others pass through
  resultCode: 'Error' | 'Warning' | string
  resultMessageCode: string
  description: string
  additionalInfo: Record<string, string>
}
export type ProcessingReport = {
  documentTransactionId: string
  statusCode: string
  summary: { processed: number; successful: number; withError: number; withWarning: number }
  results: ProcessingResult[]
}

const reportParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Result' || name === 'Message'
})

/** Parses an XML ProcessingReport (§3.4). Messages absent from the results succeeded. */
export function parseProcessingReport(xml: string): ProcessingReport {
  let doc: Record<string, unknown>
  try {
    doc = reportParser.parse(xml) as Record<string, unknown>
  } catch (e) {
    throw new AppError('VALIDATION', `processing report is not valid XML: ${(e as Error).message}`)
  }
  const env = doc.AmazonEnvelope as { Message?: { ProcessingReport?: Record<string, unknown> }[] } | undefined
  const pr = env?.Message?.[0]?.ProcessingReport as Record<string, unknown> | undefined
  if (!pr) throw new AppError('VALIDATION', 'processing report: no AmazonEnvelope/Message/ProcessingReport element')
  const s = (pr.ProcessingSummary ?? {}) as Record<string, string>
  const num = (v: unknown) => Number.parseInt(String(v ?? '0'), 10) || 0
  const results = ((pr.Result ?? []) as Record<string, unknown>[]).map((r) => ({
    messageId: num(r.MessageID),
    resultCode: String(r.ResultCode ?? ''),
    resultMessageCode: String(r.ResultMessageCode ?? ''),
    description: String(r.ResultDescription ?? ''),
    additionalInfo: Object.fromEntries(Object.entries((r.AdditionalInfo ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
  }))
  return {
    documentTransactionId: String(pr.DocumentTransactionID ?? ''),
    statusCode: String(pr.StatusCode ?? ''),
    summary: {
      processed: num(s.MessagesProcessed),
      successful: num(s.MessagesSuccessful),
      withError: num(s.MessagesWithError),
      withWarning: num(s.MessagesWithWarning)
    },
    results
  }
}
