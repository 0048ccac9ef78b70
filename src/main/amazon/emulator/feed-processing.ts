/**
 * What the emulator does with an uploaded order feed: parse and validate the XML (the handful of
 * XSD rules we rely on: element order, enums, 2-decimal amounts, 3-7-7 order ids, 14-digit item
 * codes), check every message against its own orders, apply the valid ones (refunds,
 * cancellations), and write an XML ProcessingReport (sp-api-notes §3.4) with one Result per
 * rejected message. 5000 is Amazon's code for invalid XML; the 180xx codes are the emulator's
 * own (Amazon's codes for these business errors are not documented).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { formatMinor, parseMinor } from '../../../shared/money'
import { ADJUSTMENT_COMPONENT_TYPES, ADJUSTMENT_REASONS, CANCEL_REASONS } from '../feeds/xml'
import type { EmuOrder, SellerData } from './data'

export const RESULT_CODES = {
  invalidXml: '5000',
  unknownOrder: '18028',
  unknownItem: '18029',
  amountOverPaid: '18030',
  wrongState: '18031',
  currencyMismatch: '18032'
} as const

export type AppliedRefund = {
  feedId: string
  messageId: number
  orderId: string
  orderItemId: string
  adjustmentId: string | null
  reason: string
  currency: string
  amountMinor: number
  components: { type: string; amountMinor: number }[]
}
export type AppliedCancellation = { feedId: string; messageId: number; orderId: string; orderItemId: string; reason: string }

type Result = { messageId: number; code: 'Error' | 'Warning'; messageCode: string; description: string; info?: Record<string, string> }

export type FeedOutcome = {
  reportXml: string
  processed: number
  errors: number
  refunds: AppliedRefund[]
  cancellations: AppliedCancellation[]
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['Message', 'AdjustedItem', 'Component', 'Item', 'PromotionAdjustments'].includes(name)
})

const ORDER_ID = /^\w{3}-\w{7}-\w{7}$/
const ITEM_CODE = /^\d{14}$/
const AMOUNT = /^-?\d{1,18}\.\d{2}$/

const ADJUSTMENT_SEQUENCE = ['AmazonOrderID', 'MerchantOrderID', 'ActionType', 'CODCollectionMethod', 'AdjustedItem']
const ADJUSTED_ITEM_SEQUENCE = [
  'AmazonOrderItemCode',
  'MerchantOrderItemID',
  'MerchantAdjustmentItemID',
  'AdjustmentReason',
  'ItemPriceAdjustments',
  'PromotionAdjustments',
  'DirectPaymentAdjustments',
  'QuantityCancelled',
  'Quantity'
]
const ACK_SEQUENCE = ['AmazonOrderID', 'MerchantOrderID', 'StatusCode', 'Item']
const ACK_ITEM_SEQUENCE = ['AmazonOrderItemCode', 'MerchantOrderItemID', 'CancelReason']

class Invalid extends Error {
  constructor(
    readonly messageCode: string,
    message: string,
    readonly info: Record<string, string> = {}
  ) {
    super(message)
  }
}

function checkSequence(obj: Record<string, unknown>, seq: string[], where: string): void {
  let pos = -1
  for (const k of Object.keys(obj)) {
    if (k.startsWith('@') || k === '#text') continue
    const i = seq.indexOf(k)
    if (i < 0) throw new Invalid(RESULT_CODES.invalidXml, `${where}: element ${k} is not allowed here`)
    if (i < pos) throw new Invalid(RESULT_CODES.invalidXml, `${where}: element ${k} is out of order (expected ${seq.join(', ')})`)
    pos = i
  }
}

const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v === undefined || v === null
      ? ''
      : typeof v === 'object' && '#text' in (v as object)
        ? String((v as Record<string, unknown>)['#text'])
        : String(v)

function envelopeOf(text: string, expectedType: string): { merchant: string; messages: Record<string, unknown>[] } {
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new Invalid(RESULT_CODES.invalidXml, `XML Parsing Error at Line ${valid.err.line}, Column ${valid.err.col}: ${valid.err.msg}`)
  }
  const doc = parser.parse(text) as Record<string, unknown>
  const env = doc.AmazonEnvelope as Record<string, unknown> | undefined
  if (!env) throw new Invalid(RESULT_CODES.invalidXml, 'The root element must be AmazonEnvelope')
  const header = env.Header as Record<string, unknown> | undefined
  if (!header || !/^\d{1,2}\.\d{1,2}$/.test(str(header.DocumentVersion)))
    throw new Invalid(RESULT_CODES.invalidXml, 'Header/DocumentVersion is missing or not like 1.01')
  const merchant = str(header.MerchantIdentifier)
  if (!merchant || merchant.length > 50)
    throw new Invalid(RESULT_CODES.invalidXml, 'Header/MerchantIdentifier is missing or longer than 50 characters')
  if (str(env.MessageType) !== expectedType)
    throw new Invalid(RESULT_CODES.invalidXml, `MessageType must be ${expectedType} for this feed type, found "${str(env.MessageType)}"`)
  const messages = (env.Message ?? []) as Record<string, unknown>[]
  if (messages.length === 0) throw new Invalid(RESULT_CODES.invalidXml, 'The envelope has no Message')
  return { merchant, messages }
}

function reportXml(feedId: string, merchant: string, processed: number, results: Result[]): string {
  const errors = new Set(results.filter((r) => r.code === 'Error').map((r) => r.messageId)).size
  const warnings = new Set(results.filter((r) => r.code === 'Warning').map((r) => r.messageId)).size
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const res = results.map((r) =>
    [
      '      <Result>',
      `        <MessageID>${r.messageId}</MessageID>`,
      `        <ResultCode>${r.code}</ResultCode>`,
      `        <ResultMessageCode>${r.messageCode}</ResultMessageCode>`,
      `        <ResultDescription>${esc(r.description)}</ResultDescription>`,
      ...(r.info && Object.keys(r.info).length
        ? [
            `        <AdditionalInfo>${Object.entries(r.info)
              .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
              .join('')}</AdditionalInfo>`
          ]
        : []),
      '      </Result>'
    ].join('\n')
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
    `  <Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>${esc(merchant)}</MerchantIdentifier></Header>`,
    '  <MessageType>ProcessingReport</MessageType>',
    '  <Message>',
    '    <MessageID>1</MessageID>',
    '    <ProcessingReport>',
    `      <DocumentTransactionID>${feedId}</DocumentTransactionID>`,
    '      <StatusCode>Complete</StatusCode>',
    '      <ProcessingSummary>',
    `        <MessagesProcessed>${processed}</MessagesProcessed>`,
    `        <MessagesSuccessful>${processed - errors}</MessagesSuccessful>`,
    `        <MessagesWithError>${errors}</MessagesWithError>`,
    `        <MessagesWithWarning>${warnings}</MessagesWithWarning>`,
    '      </ProcessingSummary>',
    ...res,
    '    </ProcessingReport>',
    '  </Message>',
    '</AmazonEnvelope>',
    ''
  ].join('\n')
}

function messageIdOf(m: Record<string, unknown>): number {
  const id = str(m.MessageID)
  if (!/^\d{1,20}$/.test(id) || Number(id) < 1) throw new Invalid(RESULT_CODES.invalidXml, `MessageID "${id}" is not a positive integer`)
  return Number(id)
}

function findOrder(data: SellerData, id: string): EmuOrder {
  if (!ORDER_ID.test(id)) throw new Invalid(RESULT_CODES.invalidXml, `AmazonOrderID "${id}" does not match \\w{3}-\\w{7}-\\w{7}`)
  const o = data.orders.find((x) => x.id === id)
  if (!o) throw new Invalid(RESULT_CODES.unknownOrder, `The order id ${id} was not found for this seller.`, { AmazonOrderID: id })
  return o
}

export function processFeed(opts: { feedId: string; feedType: string; content: string; data: SellerData; now: string }): FeedOutcome {
  const { feedId, data } = opts
  const results: Result[] = []
  const refunds: AppliedRefund[] = []
  const cancellations: AppliedCancellation[] = []
  const expected = opts.feedType === 'POST_PAYMENT_ADJUSTMENT_DATA' ? 'OrderAdjustment' : 'OrderAcknowledgement'
  let env: { merchant: string; messages: Record<string, unknown>[] }
  try {
    env = envelopeOf(opts.content, expected)
  } catch (e) {
    if (!(e instanceof Invalid)) throw e
    results.push({ messageId: 0, code: 'Error', messageCode: e.messageCode, description: e.message })
    return { reportXml: reportXml(feedId, data.config.sellerId, 0, results), processed: 0, errors: 1, refunds, cancellations }
  }
  const seenIds = new Set<number>()
  for (const [idx, m] of env.messages.entries()) {
    let messageId = 0
    try {
      messageId = messageIdOf(m)
      if (seenIds.has(messageId)) throw new Invalid(RESULT_CODES.invalidXml, `MessageID ${messageId} is used by more than one message`)
      seenIds.add(messageId)
      if (expected === 'OrderAdjustment') refunds.push(...applyAdjustment(m, messageId, opts))
      else cancellations.push(...applyAcknowledgement(m, messageId, opts))
    } catch (e) {
      if (!(e instanceof Invalid)) throw e
      results.push({ messageId: messageId || idx + 1, code: 'Error', messageCode: e.messageCode, description: e.message, info: e.info })
    }
  }
  return {
    reportXml: reportXml(feedId, env.merchant, env.messages.length, results),
    processed: env.messages.length,
    errors: results.length,
    refunds,
    cancellations
  }
}

function applyAdjustment(
  m: Record<string, unknown>,
  messageId: number,
  opts: { feedId: string; data: SellerData; now: string }
): AppliedRefund[] {
  const adj = m.OrderAdjustment as Record<string, unknown> | undefined
  if (!adj || typeof adj !== 'object') throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId} has no OrderAdjustment`)
  checkSequence(adj, ADJUSTMENT_SEQUENCE, `Message ${messageId}/OrderAdjustment`)
  const orderId = str(adj.AmazonOrderID)
  if (!orderId)
    throw new Invalid(
      RESULT_CODES.invalidXml,
      `Message ${messageId}: AmazonOrderID is required (MerchantOrderID is not supported by the emulator)`
    )
  const action = str(adj.ActionType) || 'Refund'
  if (action !== 'Refund' && action !== 'Cancel')
    throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: ActionType must be Refund or Cancel`)
  const order = findOrder(opts.data, orderId)
  const info = { AmazonOrderID: orderId }
  if (order.status !== 'Shipped') {
    throw new Invalid(
      RESULT_CODES.wrongState,
      `Order ${orderId} is ${order.status}; only shipped orders can be refunded (cancel unshipped orders with an order acknowledgement).`,
      info
    )
  }
  const items = (adj.AdjustedItem ?? []) as Record<string, unknown>[]
  if (items.length === 0) throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: at least one AdjustedItem is required`)
  const planned: AppliedRefund[] = []
  for (const it of items) {
    checkSequence(it, ADJUSTED_ITEM_SEQUENCE, `Message ${messageId}/AdjustedItem`)
    const code = str(it.AmazonOrderItemCode)
    const itemInfo = { ...info, AmazonOrderItemCode: code }
    if (!ITEM_CODE.test(code))
      throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: AmazonOrderItemCode "${code}" must be 14 digits`, itemInfo)
    const item = order.items.find((x) => x.orderItemId === code)
    if (!item) throw new Invalid(RESULT_CODES.unknownItem, `Order item ${code} is not part of order ${orderId}.`, itemInfo)
    const reason = str(it.AdjustmentReason)
    if (!(ADJUSTMENT_REASONS as readonly string[]).includes(reason)) {
      throw new Invalid(
        RESULT_CODES.invalidXml,
        `Message ${messageId}: AdjustmentReason "${reason}" is not one of the allowed values`,
        itemInfo
      )
    }
    const comps = ((it.ItemPriceAdjustments as Record<string, unknown> | undefined)?.Component ?? []) as Record<string, unknown>[]
    if (comps.length === 0)
      throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: ItemPriceAdjustments needs at least one Component`, itemInfo)
    const components = comps.map((c) => {
      const type = str(c.Type)
      if (!(ADJUSTMENT_COMPONENT_TYPES as readonly string[]).includes(type))
        throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: Component Type "${type}" is not allowed`, itemInfo)
      const amountNode = c.Amount
      const text = str(amountNode)
      const currency = typeof amountNode === 'object' && amountNode ? str((amountNode as Record<string, unknown>)['@currency']) : ''
      if (!AMOUNT.test(text))
        throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: Amount "${text}" must have exactly two decimals`, itemInfo)
      if (currency && currency !== order.currency)
        throw new Invalid(
          RESULT_CODES.currencyMismatch,
          `Message ${messageId}: currency ${currency} does not match the order currency ${order.currency}`,
          itemInfo
        )
      // Amounts in the feed always carry 2 decimals; JPY has none, so "1500.00" is 1500 yen.
      const minor = order.currency === 'JPY' ? parseMinor(text.replace(/\.00$/, ''), 'JPY') : parseMinor(text, order.currency)
      if (minor === null)
        throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: Amount "${text}" is not valid for ${order.currency}`, itemInfo)
      return { type, amountMinor: minor }
    })
    const qty = it.Quantity !== undefined ? Number(str(it.Quantity)) : undefined
    if (qty !== undefined && (!Number.isInteger(qty) || qty < 1 || qty > item.quantity)) {
      throw new Invalid(
        RESULT_CODES.invalidXml,
        `Message ${messageId}: Quantity ${str(it.Quantity)} must be between 1 and the ordered quantity ${item.quantity}`,
        itemInfo
      )
    }
    const credit = components.reduce((a, c) => a + c.amountMinor, 0)
    if (credit <= 0)
      throw new Invalid(RESULT_CODES.amountOverPaid, `Message ${messageId}: the net adjustment must be a credit to the buyer`, itemInfo)
    const paid = item.priceMinor + item.taxMinor + item.shippingMinor + item.shippingTaxMinor
    const already = item.refundedMinor + planned.filter((p) => p.orderItemId === code).reduce((a, p) => a + p.amountMinor, 0)
    if (already + credit > paid) {
      throw new Invalid(
        RESULT_CODES.amountOverPaid,
        `The refund for order item ${code} (${formatMinor(credit, order.currency)}) exceeds what remains of the amount paid (${formatMinor(paid - already, order.currency)}).`,
        itemInfo
      )
    }
    planned.push({
      feedId: opts.feedId,
      messageId,
      orderId,
      orderItemId: code,
      adjustmentId: str(it.MerchantAdjustmentItemID) || null,
      reason,
      currency: order.currency,
      amountMinor: credit,
      components
    })
  }
  // The message is applied as a whole only when every item is valid.
  for (const p of planned) order.items.find((x) => x.orderItemId === p.orderItemId)!.refundedMinor += p.amountMinor
  order.lastUpdateDate = opts.now
  return planned
}

function applyAcknowledgement(
  m: Record<string, unknown>,
  messageId: number,
  opts: { feedId: string; data: SellerData; now: string }
): AppliedCancellation[] {
  const ack = m.OrderAcknowledgement as Record<string, unknown> | undefined
  if (!ack || typeof ack !== 'object') throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId} has no OrderAcknowledgement`)
  checkSequence(ack, ACK_SEQUENCE, `Message ${messageId}/OrderAcknowledgement`)
  const orderId = str(ack.AmazonOrderID)
  const order = findOrder(opts.data, orderId)
  const info = { AmazonOrderID: orderId }
  const status = str(ack.StatusCode)
  if (status !== 'Success' && status !== 'Failure')
    throw new Invalid(RESULT_CODES.invalidXml, `Message ${messageId}: StatusCode must be Success or Failure`, info)
  const items = (ack.Item ?? []) as Record<string, unknown>[]
  if (status === 'Success') return []
  if (items.length === 0)
    throw new Invalid(
      RESULT_CODES.invalidXml,
      `Message ${messageId}: a Failure acknowledgement needs one Item per cancelled order item`,
      info
    )
  if (order.status === 'Shipped' || order.items.some((i) => i.quantityShipped > 0)) {
    throw new Invalid(RESULT_CODES.wrongState, `Order ${orderId} has shipped items and can no longer be cancelled.`, info)
  }
  if (order.status === 'Canceled') throw new Invalid(RESULT_CODES.wrongState, `Order ${orderId} is already cancelled.`, info)
  const planned: AppliedCancellation[] = []
  for (const it of items) {
    checkSequence(it, ACK_ITEM_SEQUENCE, `Message ${messageId}/Item`)
    const code = str(it.AmazonOrderItemCode)
    const itemInfo = { ...info, AmazonOrderItemCode: code }
    const item = order.items.find((x) => x.orderItemId === code)
    if (!item) throw new Invalid(RESULT_CODES.unknownItem, `Order item ${code} is not part of order ${orderId}.`, itemInfo)
    const reason = str(it.CancelReason)
    if (!(CANCEL_REASONS as readonly string[]).includes(reason)) {
      throw new Invalid(
        RESULT_CODES.invalidXml,
        `Message ${messageId}: CancelReason "${reason}" is not one of the allowed values`,
        itemInfo
      )
    }
    if (item.canceled) throw new Invalid(RESULT_CODES.wrongState, `Order item ${code} is already cancelled.`, itemInfo)
    planned.push({ feedId: opts.feedId, messageId, orderId, orderItemId: code, reason })
  }
  for (const p of planned) {
    const item = order.items.find((x) => x.orderItemId === p.orderItemId)!
    item.canceled = true
    item.cancelReason = p.reason
  }
  if (order.items.every((i) => i.canceled)) order.status = 'Canceled'
  order.lastUpdateDate = opts.now
  return planned
}
