/**
 * The mapping layer (orders/amazon-orders.ts): every v2026-01-01 fulfillment status to the app's
 * status, the model's own example order, and the same order written in both versions giving the
 * same app order. The switch's environment variable is read strictly.
 */
import { describe, expect, it } from 'vitest'
import model from '../../../src/main/amazon/emulator/models/orders_2026-01-01.json'
import { ordersApiVersionFromEnv } from '../../../src/main/amazon/spapi/orders-version'
import { FULFILLMENT_STATUSES_2026, type Order, type Order2026, type OrderItem } from '../../../src/main/amazon/spapi/types'
import { fromV0, fromV2026, STATUS_FROM_2026, statusFrom2026 } from '../../../src/main/orders/amazon-orders'

describe('v2026-01-01 fulfillment statuses -> the app statuses', () => {
  const expected: [string, string][] = [
    ['PENDING_AVAILABILITY', 'PendingAvailability'],
    ['PENDING', 'Pending'],
    ['UNSHIPPED', 'Unshipped'],
    ['PARTIALLY_SHIPPED', 'PartiallyShipped'],
    ['SHIPPED', 'Shipped'],
    ['CANCELLED', 'Canceled'],
    ['UNFULFILLABLE', 'Unfulfillable']
  ]
  it.each(expected)('%s -> %s', (v2026, app) => {
    expect(statusFrom2026(v2026)).toBe(app)
  })
  it("covers every value of the model's FulfillmentStatus enum", () => {
    expect(model.definitions.FulfillmentStatus.enum).toEqual([...FULFILLMENT_STATUSES_2026])
    expect(Object.keys(STATUS_FROM_2026).sort()).toEqual(expected.map((e) => e[0]).sort())
  })
  it('keeps a value Amazon adds later as it is; no FULFILLMENT dataset = no status', () => {
    expect(statusFrom2026('ON_THE_MOON')).toBe('ON_THE_MOON')
    expect(statusFrom2026(undefined)).toBeNull()
  })
})

describe("the model's example order (searchOrders 200)", () => {
  const example = (
    model.paths['/orders/2026-01-01/orders'].get.responses['200'].examples['application/json'] as unknown as { orders: Order2026[] }
  ).orders[0]!
  it('maps ids, times, channel, status, amounts, quantities and an executed cancellation', () => {
    const o = fromV2026(example)
    expect(o).toMatchObject({
      amazonOrderId: '123-4567890-1234567',
      marketplaceId: 'ATVPDKIKX0DER',
      status: 'Shipped',
      fulfillmentChannel: 'MFN',
      purchaseDate: '2024-12-25T10:30:00.000Z',
      lastUpdateDate: '2024-12-25T14:45:00.000Z',
      requestedAt: '2024-12-25T14:45:00.000Z',
      currency: 'USD',
      orderTotalMinor: 15499,
      source: 'api'
    })
    expect(o.items[0]).toEqual({
      orderItemId: '12345678901234',
      sku: 'ECHO-DOT-4-CHARCOAL',
      asin: 'B08N5WRWNW',
      title: 'Echo Dot (4th Gen) | Smart speaker with Alexa | Charcoal',
      // Executed (cancelledBy MERCHANT): quantity 0, as v0 shows a cancelled item.
      quantityOrdered: 0,
      quantityShipped: 2,
      currency: 'USD',
      itemPriceMinor: 9998,
      itemTaxMinor: 2,
      shippingPriceMinor: 0,
      shippingTaxMinor: 0,
      promotionDiscountMinor: 0,
      // The buyer's request was answered by the cancellation: no longer open.
      buyerRequestedCancel: false,
      buyerCancelReason: null
    })
  })
})

describe('the same order through v0 and v2026-01-01', () => {
  const v0Order = {
    AmazonOrderId: '113-3333333-3333333',
    PurchaseDate: '2026-11-20T11:00:00Z',
    LastUpdateDate: '2026-11-21T08:00:00Z',
    OrderStatus: 'Unshipped',
    FulfillmentChannel: 'MFN',
    MarketplaceId: 'ATVPDKIKX0DER',
    OrderTotal: { CurrencyCode: 'USD', Amount: '33.70' }
  } as Order
  const v0Items = [
    {
      ASIN: 'B0DFN2HN9N',
      SellerSKU: 'NECK-925-16',
      OrderItemId: '34027839536457',
      Title: 'Sterling Silver Necklace',
      QuantityOrdered: 2,
      QuantityShipped: 0,
      ItemPrice: { CurrencyCode: 'USD', Amount: '25.00' },
      ItemTax: { CurrencyCode: 'USD', Amount: '2.00' },
      ShippingPrice: { CurrencyCode: 'USD', Amount: '4.99' },
      ShippingTax: { CurrencyCode: 'USD', Amount: '0.40' },
      PromotionDiscount: { CurrencyCode: 'USD', Amount: '1.00' },
      BuyerRequestedCancel: { IsBuyerRequestedCancel: 'true', BuyerCancelReason: ' Need to change shipping address ' }
    },
    {
      ASIN: 'B0CXYZ1234',
      SellerSKU: 'MUG-11OZ-WHT',
      OrderItemId: '34027839536458',
      Title: 'Mug',
      QuantityOrdered: 0,
      QuantityShipped: 0,
      ItemPrice: { CurrencyCode: 'USD', Amount: '9.87' },
      ItemTax: { CurrencyCode: 'USD', Amount: '0.00' },
      ShippingPrice: { CurrencyCode: 'USD', Amount: '0.00' },
      ShippingTax: { CurrencyCode: 'USD', Amount: '0.00' },
      PromotionDiscount: { CurrencyCode: 'USD', Amount: '0.00' },
      BuyerRequestedCancel: { IsBuyerRequestedCancel: 'false', BuyerCancelReason: '' }
    }
  ] as OrderItem[]
  const usd = (amount: string) => ({ amount, currencyCode: 'USD' })
  const v2026: Order2026 = {
    orderId: '113-3333333-3333333',
    createdTime: '2026-11-20T11:00:00Z',
    lastUpdatedTime: '2026-11-21T08:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
    proceeds: { grandTotal: usd('33.70') },
    fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
    orderItems: [
      {
        orderItemId: '34027839536457',
        quantityOrdered: 2,
        product: { asin: 'B0DFN2HN9N', sellerSku: 'NECK-925-16', title: 'Sterling Silver Necklace', price: { unitPrice: usd('12.50') } },
        proceeds: {
          breakdowns: [
            { type: 'ITEM', subtotal: usd('25.00') },
            { type: 'SHIPPING', subtotal: usd('4.99') },
            {
              type: 'TAX',
              subtotal: usd('2.40'),
              detailedBreakdowns: [
                { subtype: 'ITEM', value: usd('2.00') },
                { subtype: 'SHIPPING', value: usd('0.40') }
              ]
            },
            { type: 'DISCOUNT', subtotal: usd('-1.00') }
          ]
        },
        cancellation: { cancellationRequest: { requester: 'BUYER', cancelReason: ' Need to change shipping address ' } },
        fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 2 }
      },
      {
        orderItemId: '34027839536458',
        quantityOrdered: 1,
        product: { asin: 'B0CXYZ1234', sellerSku: 'MUG-11OZ-WHT', title: 'Mug' },
        // Only ITEM: the absent categories are 0.
        proceeds: { breakdowns: [{ type: 'ITEM', subtotal: usd('9.87') }] },
        cancellation: { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'NoInventory' } },
        fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 0 }
      }
    ]
  }

  it('gives the same app order, with the open buyer request and the cancelled item at quantity 0', () => {
    const a = fromV0(v0Order, v0Items)
    const b = fromV2026(v2026)
    expect(b).toEqual(a)
    expect(b.items[0]).toMatchObject({
      buyerRequestedCancel: true,
      buyerCancelReason: 'Need to change shipping address',
      promotionDiscountMinor: 100
    })
    expect(b.items[1]).toMatchObject({ quantityOrdered: 0, buyerRequestedCancel: false })
  })

  it('an order without PROCEEDS has no amounts (not zeros); a TAX without detail is the item tax', () => {
    const bare = fromV2026({ ...v2026, proceeds: undefined, orderItems: v2026.orderItems.map((i) => ({ ...i, proceeds: undefined })) })
    expect(bare.orderTotalMinor).toBeNull()
    expect(bare.items[0]!.itemPriceMinor).toBeUndefined()
    const taxOnly = fromV2026({
      ...v2026,
      orderItems: [{ ...v2026.orderItems[0]!, proceeds: { breakdowns: [{ type: 'TAX', subtotal: usd('2.40') }] } }]
    })
    expect(taxOnly.items[0]).toMatchObject({ itemTaxMinor: 240, shippingTaxMinor: 0, itemPriceMinor: 0 })
  })

  it('refuses an amount that is not a number, naming it', () => {
    expect(() => fromV2026({ ...v2026, proceeds: { grandTotal: usd('12,50') } })).toThrow(/not a number: "12,50" USD/)
  })
})

describe('SBO_ORDERS_API_VERSION', () => {
  it('defaults to 2026-01-01, takes v0, refuses anything else with the allowed values', () => {
    expect(ordersApiVersionFromEnv({})).toBe('2026-01-01')
    expect(ordersApiVersionFromEnv({ SBO_ORDERS_API_VERSION: 'v0' })).toBe('v0')
    expect(ordersApiVersionFromEnv({ SBO_ORDERS_API_VERSION: '2026-01-01' })).toBe('2026-01-01')
    expect(() => ordersApiVersionFromEnv({ SBO_ORDERS_API_VERSION: '2026' })).toThrow(
      /SBO_ORDERS_API_VERSION is "2026"; expected one of 2026-01-01, v0/
    )
  })
})
