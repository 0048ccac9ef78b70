import { describe, expect, it } from 'vitest'
import {
  buildOrderAcknowledgementFeed,
  buildPaymentAdjustmentFeed,
  feedAmount,
  parseProcessingReport
} from '../../../../src/main/amazon/feeds/xml'

describe('order feed builders', () => {
  it('writes an OrderAdjustment in XSD order with two-decimal line totals', () => {
    const xml = buildPaymentAdjustmentFeed({
      merchantIdentifier: 'A1EXAMPLESELLER',
      messages: [
        {
          messageId: 1,
          amazonOrderId: '113-6277818-1234567',
          items: [
            {
              amazonOrderItemCode: '14027389077212',
              merchantAdjustmentItemId: 'RMA-1042-L1',
              reason: 'CustomerReturn',
              currency: 'USD',
              components: [
                { type: 'Principal', amountMinor: 1974 },
                { type: 'Tax', amountMinor: 163 }
              ],
              quantity: 2
            }
          ]
        }
      ]
    })
    expect(xml).toContain('<MessageType>OrderAdjustment</MessageType>')
    const order = [
      '<AmazonOrderID>',
      '<ActionType>Refund',
      '<AmazonOrderItemCode>',
      '<MerchantAdjustmentItemID>',
      '<AdjustmentReason>',
      '<ItemPriceAdjustments>',
      '<Quantity>'
    ]
    const pos = order.map((t) => xml.indexOf(t))
    expect(pos.every((p) => p > 0)).toBe(true)
    expect([...pos].sort((a, b) => a - b)).toEqual(pos)
    expect(xml).toContain('<Amount currency="USD">19.74</Amount>')
  })

  it('always writes two decimals, also for JPY', () => {
    expect(feedAmount(1500, 'JPY')).toBe('1500.00')
    expect(feedAmount(5, 'EUR')).toBe('0.05')
  })

  it('refuses what Amazon would reject: bad ids, reasons, debits, duplicate message ids', () => {
    const base = {
      amazonOrderItemCode: '14027389077212',
      reason: 'CustomerReturn' as const,
      currency: 'USD',
      components: [{ type: 'Principal' as const, amountMinor: 100 }]
    }
    expect(() =>
      buildPaymentAdjustmentFeed({ merchantIdentifier: 'M', messages: [{ messageId: 1, amazonOrderId: 'bad', items: [base] }] })
    ).toThrow(/3-7-7/)
    expect(() =>
      buildPaymentAdjustmentFeed({
        merchantIdentifier: 'M',
        messages: [{ messageId: 1, amazonOrderId: '113-6277818-1234567', items: [{ ...base, reason: 'Nope' as never }] }]
      })
    ).toThrow(/AdjustmentReason/)
    expect(() =>
      buildPaymentAdjustmentFeed({
        merchantIdentifier: 'M',
        messages: [
          {
            messageId: 1,
            amazonOrderId: '113-6277818-1234567',
            items: [{ ...base, components: [{ type: 'RestockingFee', amountMinor: -100 }] }]
          }
        ]
      })
    ).toThrow(/credit/)
    const m = { messageId: 1, amazonOrderId: '113-6277818-1234567', items: [base] }
    expect(() => buildPaymentAdjustmentFeed({ merchantIdentifier: 'M', messages: [m, m] })).toThrow(/twice/)
  })

  it('writes a cancellation as an acknowledgement with StatusCode Failure and a CancelReason per item', () => {
    const xml = buildOrderAcknowledgementFeed({
      merchantIdentifier: 'A1EXAMPLESELLER',
      messages: [
        {
          messageId: 7,
          amazonOrderId: '112-2222222-2222222',
          statusCode: 'Failure',
          items: [{ amazonOrderItemCode: '24027839536456', cancelReason: 'BuyerCanceled' }]
        }
      ]
    })
    expect(xml).toMatch(
      /<StatusCode>Failure<\/StatusCode>\s*<Item>\s*<AmazonOrderItemCode>24027839536456<\/AmazonOrderItemCode>\s*<CancelReason>BuyerCanceled<\/CancelReason>/
    )
    expect(() =>
      buildOrderAcknowledgementFeed({
        merchantIdentifier: 'M',
        messages: [{ messageId: 1, amazonOrderId: '112-2222222-2222222', statusCode: 'Failure', items: [] }]
      })
    ).toThrow(/one Item/)
  })
})

describe('parseProcessingReport', () => {
  it('reads the summary and per-message results (the sample from sp-api-notes §3.4)', () => {
    const r =
      parseProcessingReport(`<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1EXAMPLESELLER</MerchantIdentifier></Header>
  <MessageType>ProcessingReport</MessageType>
  <Message><MessageID>1</MessageID>
    <ProcessingReport>
      <DocumentTransactionID>567090017927</DocumentTransactionID>
      <StatusCode>Complete</StatusCode>
      <ProcessingSummary><MessagesProcessed>3</MessagesProcessed><MessagesSuccessful>2</MessagesSuccessful>
        <MessagesWithError>1</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>
      <Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>5000</ResultMessageCode>
        <ResultDescription>XML Parsing Error at Line 22, Column 28</ResultDescription>
        <AdditionalInfo><AmazonOrderID>112-2222222-2222222</AmazonOrderID></AdditionalInfo></Result>
    </ProcessingReport>
  </Message>
</AmazonEnvelope>`)
    expect(r.documentTransactionId).toBe('567090017927')
    expect(r.summary).toEqual({ processed: 3, successful: 2, withError: 1, withWarning: 0 })
    expect(r.results).toEqual([
      {
        messageId: 2,
        resultCode: 'Error',
        resultMessageCode: '5000',
        description: 'XML Parsing Error at Line 22, Column 28',
        additionalInfo: { AmazonOrderID: '112-2222222-2222222' }
      }
    ])
  })

  it('says what is wrong with a document that is not a processing report', () => {
    expect(() => parseProcessingReport('<a><b/></a>')).toThrow(/ProcessingReport/)
  })
})
