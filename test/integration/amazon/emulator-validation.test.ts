/**
 * The emulator refuses what Amazon refuses (issue #22): per operation it serves, a request that
 * breaks its published model gets 400 with Amazon's error shape
 * `{ errors: [{ code: 'InvalidInput', message, details }] }` and the rate-limit header the model
 * declares for 400; well-formed requests still pass. Real HTTP to the emulator, raw requests (the
 * app's own client must never send these, see the other tests in this folder).
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import { VALIDATION_TABLE } from '../../../src/main/amazon/emulator/validation'
import { OPERATIONS, type OperationName } from '../../../src/main/amazon/spapi/operations'
import { SELLER } from './helpers'

let emu: Emulator
let token: string

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, speedUp: 1000, stores: [SELLER] })
  const r = await fetch(emu.lwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: SELLER.refreshToken,
      client_id: SELLER.clientId,
      client_secret: SELLER.clientSecret
    })
  })
  token = ((await r.json()) as { access_token: string }).access_token
})
afterAll(() => emu.close())

/** A GET with a body (fetch refuses to send one). */
function rawCall(method: string, url: string, body: string): Promise<{ status: number; text: string; limit: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { 'x-amz-access-token': token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, limit: (res.headers['x-amzn-ratelimit-limit'] as string | undefined) ?? null })
        )
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function call(method: string, path: string, o: { query?: Record<string, string>; body?: unknown; rawBody?: string } = {}) {
  const qs = o.query ? `?${new URLSearchParams(o.query)}` : ''
  if (o.rawBody !== undefined) {
    const r = await rawCall(method, `${emu.baseUrl}${path}${qs}`, o.rawBody)
    return {
      status: r.status,
      body: r.text ? (JSON.parse(r.text) as { errors?: { code: string; message: string; details: string }[] }) : null,
      limit: r.limit
    }
  }
  const res = await fetch(`${emu.baseUrl}${path}${qs}`, {
    method,
    headers: {
      'x-amz-access-token': token,
      ...(o.body !== undefined || o.rawBody !== undefined ? { 'content-type': 'application/json' } : {})
    },
    ...(o.rawBody !== undefined ? { body: o.rawBody } : o.body !== undefined ? { body: JSON.stringify(o.body) } : {})
  })
  const text = await res.text()
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as { errors?: { code: string; message: string; details: string }[] }) : null,
    limit: res.headers.get('x-amzn-RateLimit-Limit')
  }
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
const DAY = 86_400_000
const MP = SELLER.marketplaceIds[0]!

/** Per operation: bad requests (each must be a 400 whose message matches) and one good request. */
const CASES: Partial<
  Record<
    OperationName,
    {
      bad: [string, { query?: Record<string, string>; body?: unknown; rawBody?: string; path?: string }, RegExp][]
      good?: { query?: Record<string, string>; body?: unknown; path?: string; status: number }
    }
  >
> = {
  // Orders API v2026-01-01 (models/orders_2026-01-01.json)
  searchOrders: {
    bad: [
      ['lastUpdatedAfter=garbage', { query: { lastUpdatedAfter: 'garbage' } }, /lastUpdatedAfter "garbage" is not an ISO 8601 date-time/],
      [
        'unknown includedData',
        { query: { lastUpdatedAfter: ago(DAY), includedData: 'CANCELLATION,ADDRESS' } },
        /includedData\[1\] has an invalid value "ADDRESS"/
      ],
      [
        "v0's status word in fulfillmentStatuses",
        { query: { lastUpdatedAfter: ago(DAY), fulfillmentStatuses: 'Unshipped' } },
        /fulfillmentStatuses\[0\] has an invalid value "Unshipped"/
      ],
      [
        'maxResultsPerPage=101 ("between 1 and 100")',
        { query: { lastUpdatedAfter: ago(DAY), maxResultsPerPage: '101' } },
        /maxResultsPerPage must be at most 100/
      ],
      ['neither createdAfter nor lastUpdatedAfter', { query: { marketplaceIds: MP } }, /Exactly one of createdAfter and lastUpdatedAfter/],
      [
        'both createdAfter and lastUpdatedAfter',
        { query: { createdAfter: ago(2 * DAY), lastUpdatedAfter: ago(DAY) } },
        /Exactly one of createdAfter and lastUpdatedAfter/
      ],
      ['createdAfter with lastUpdatedBefore', { query: { createdAfter: ago(2 * DAY), lastUpdatedBefore: ago(DAY) } }, /cannot be combined/],
      [
        'lastUpdatedBefore within the last two minutes',
        { query: { lastUpdatedAfter: ago(DAY), lastUpdatedBefore: ago(10_000) } },
        /lastUpdatedBefore must be at least two minutes before the time of the request/
      ],
      [
        'a marketplace the seller is not in',
        { query: { lastUpdatedAfter: ago(DAY), marketplaceIds: 'A1PA6795UKMFR9' } },
        /marketplaceIds: A1PA6795UKMFR9 is not a marketplace this seller participates in/
      ]
    ],
    good: { query: { lastUpdatedAfter: ago(DAY), marketplaceIds: MP, includedData: 'CANCELLATION,FULFILLMENT' }, status: 200 }
  },
  getOrder2026: {
    bad: [
      [
        'unknown includedData',
        { path: '/orders/2026-01-01/orders/111-0000000-0000000', query: { includedData: 'CANCELLATIONS' } },
        /includedData\[0\] has an invalid value "CANCELLATIONS"/
      ]
    ],
    good: { path: '/orders/2026-01-01/orders/111-0000000-0000000', query: { includedData: 'CANCELLATION' }, status: 404 }
  },
  getOrders: {
    bad: [
      [
        'CreatedAfter=garbage',
        { query: { MarketplaceIds: MP, CreatedAfter: 'garbage' } },
        /CreatedAfter "garbage" is not an ISO 8601 date-time/
      ],
      [
        'unknown OrderStatuses',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), OrderStatuses: 'Unshipped,Lost' } },
        /OrderStatuses\[1\] has an invalid value "Lost"/
      ],
      [
        'MaxResultsPerPage=500',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), MaxResultsPerPage: '500' } },
        /MaxResultsPerPage must be at most 100/
      ],
      [
        'MaxResultsPerPage=0',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), MaxResultsPerPage: '0' } },
        /MaxResultsPerPage must be at least 1/
      ],
      [
        'future CreatedAfter',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(-3_600_000) } },
        /CreatedAfter must be at least two minutes before the current time/
      ],
      [
        'CreatedAfter one minute ago',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(60_000) } },
        /CreatedAfter must be at least two minutes/
      ],
      [
        'a marketplace the seller does not have',
        { query: { MarketplaceIds: 'A1PA6795UKMFR9', CreatedAfter: ago(DAY) } },
        /A1PA6795UKMFR9 is not a marketplace this seller participates in/
      ],
      ['no MarketplaceIds', { query: { CreatedAfter: ago(DAY) } }, /MarketplaceIds is required/],
      [
        'neither CreatedAfter nor LastUpdatedAfter',
        { query: { MarketplaceIds: MP } },
        /Either CreatedAfter or LastUpdatedAfter is required/
      ],
      [
        'CreatedAfter with LastUpdatedAfter',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), LastUpdatedAfter: ago(DAY) } },
        /cannot be set when CreatedAfter is set/
      ],
      [
        'CreatedBefore before CreatedAfter',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), CreatedBefore: ago(2 * DAY) } },
        /CreatedBefore must be equal to or after CreatedAfter/
      ],
      [
        'unknown FulfillmentChannels',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), FulfillmentChannels: 'FBA' } },
        /FulfillmentChannels\[0\] has an invalid value "FBA" \(expected one of AFN, MFN\)/
      ],
      [
        'AmazonOrderIds not 3-7-7',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), AmazonOrderIds: '12345' } },
        /AmazonOrderIds\[0\] "12345" does not have the expected format/
      ],
      [
        'SellerOrderId with OrderStatuses',
        { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY), SellerOrderId: 'X1', OrderStatuses: 'Shipped' } },
        /OrderStatuses cannot be specified with SellerOrderId/
      ]
    ],
    good: {
      query: { MarketplaceIds: MP, LastUpdatedAfter: ago(DAY), OrderStatuses: 'Unshipped,Shipped', MaxResultsPerPage: '100' },
      status: 200
    }
  },
  getOrder: {
    bad: [['orderId not 3-7-7', { path: '/orders/v0/orders/not-an-order' }, /orderId "not-an-order" does not have the expected format/]],
    good: { path: '/orders/v0/orders/111-0000000-0000000', status: 404 }
  },
  getOrderItems: {
    bad: [['orderId not 3-7-7', { path: '/orders/v0/orders/ABC/orderItems' }, /orderId "ABC" does not have the expected format/]],
    good: { path: '/orders/v0/orders/111-0000000-0000000/orderItems', status: 404 }
  },
  searchCatalogItems: {
    bad: [
      ['no marketplaceIds', { query: { identifiers: 'B0CXYZ1234', identifiersType: 'ASIN' } }, /marketplaceIds is required/],
      [
        'unknown includedData',
        { query: { identifiers: 'B0CXYZ1234', identifiersType: 'ASIN', marketplaceIds: MP, includedData: 'pictures' } },
        /includedData\[0\] has an invalid value "pictures"/
      ],
      [
        'more than 20 identifiers',
        {
          query: {
            identifiers: Array.from({ length: 21 }, (_, i) => `B0000000${String(i).padStart(2, '0')}`).join(','),
            identifiersType: 'ASIN',
            marketplaceIds: MP
          }
        },
        /identifiers must have at most 20 items/
      ]
    ],
    good: {
      query: { identifiers: 'B0CXYZ1234,B0DTEAINF1', identifiersType: 'ASIN', marketplaceIds: MP, includedData: 'summaries,images' },
      status: 200
    }
  },
  getCatalogItem: {
    bad: [['no marketplaceIds', { path: '/catalog/2022-04-01/items/B0CXYZ1234', query: {} }, /marketplaceIds is required/]],
    good: { path: '/catalog/2022-04-01/items/B0CXYZ1234', query: { marketplaceIds: MP, includedData: 'relationships' }, status: 200 }
  },
  getShipments: {
    bad: [
      ['QueryType missing', { query: { MarketplaceId: 'ATVPDKIKX0DER' } }, /QueryType is required/],
      ['unknown QueryType', { query: { MarketplaceId: 'ATVPDKIKX0DER', QueryType: 'ALL' } }, /QueryType has an invalid value "ALL"/],
      [
        'unknown shipment status',
        { query: { MarketplaceId: 'ATVPDKIKX0DER', QueryType: 'SHIPMENT', ShipmentStatusList: 'LOST' } },
        /ShipmentStatusList\[0\] has an invalid value "LOST"/
      ]
    ],
    good: { query: { MarketplaceId: 'ATVPDKIKX0DER', QueryType: 'SHIPMENT', ShipmentStatusList: 'CLOSED' }, status: 200 }
  },
  getShipmentItemsByShipmentId: {
    bad: [],
    // An unknown shipment passes validation and is Amazon's 404.
    good: { path: '/fba/inbound/v0/shipments/FBA15NOSUCH/items', query: { MarketplaceId: 'ATVPDKIKX0DER' }, status: 404 }
  },
  listTransactions: {
    bad: [
      ['postedAfter not a date', { query: { postedAfter: 'yesterday' } }, /postedAfter "yesterday" is not an ISO 8601 date-time/],
      [
        'unknown transactionStatus',
        { query: { postedAfter: ago(DAY), transactionStatus: 'PAID' } },
        /transactionStatus has an invalid value "PAID"/
      ],
      [
        'unknown relatedIdentifierName',
        { query: { relatedIdentifierName: 'ORDER', relatedIdentifierValue: '111-0000000-0000000' } },
        /relatedIdentifierName has an invalid value "ORDER"/
      ],
      ['neither postedAfter nor a related identifier', { query: {} }, /postedAfter is required unless a related identifier is given/],
      [
        'relatedIdentifierName without a value',
        { query: { relatedIdentifierName: 'ORDER_ID' } },
        /relatedIdentifierValue is required with relatedIdentifierName/
      ],
      [
        'relatedIdentifier (no filtering)',
        { query: { relatedIdentifierName: 'relatedIdentifier', relatedIdentifierValue: 'x' } },
        /relatedIdentifierName relatedIdentifier cannot be used for filtering/
      ],
      [
        'future postedAfter',
        { query: { postedAfter: ago(-3_600_000) } },
        /postedAfter must be more than two minutes before the time of the request/
      ],
      [
        'future postedBefore',
        { query: { postedAfter: ago(DAY), postedBefore: ago(-3_600_000) } },
        /postedBefore must be more than two minutes before the time of the request/
      ],
      [
        'postedBefore before postedAfter',
        { query: { postedAfter: ago(DAY), postedBefore: ago(2 * DAY) } },
        /postedBefore must be later than postedAfter/
      ]
    ],
    good: { query: { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-0000000-0000000' }, status: 200 }
  },
  getReports: {
    bad: [
      ['neither reportTypes nor nextToken', { query: {} }, /Either reportTypes or nextToken is required/],
      ['pageSize=0', { query: { reportTypes: 'GET_FBA_REIMBURSEMENTS_DATA', pageSize: '0' } }, /pageSize must be at least 1/],
      ['pageSize=101', { query: { reportTypes: 'GET_FBA_REIMBURSEMENTS_DATA', pageSize: '101' } }, /pageSize must be at most 100/],
      [
        'invalid processingStatuses',
        { query: { reportTypes: 'GET_FBA_REIMBURSEMENTS_DATA', processingStatuses: 'FINISHED' } },
        /processingStatuses\[0\] has an invalid value "FINISHED"/
      ],
      ['nextToken with other parameters', { query: { nextToken: 'abc', pageSize: '10' } }, /nextToken must be the only parameter/],
      [
        '11 report types',
        { query: { reportTypes: Array.from({ length: 11 }, (_, i) => `T${i}`).join(',') } },
        /reportTypes must have at most 10 items/
      ],
      [
        'createdSince not a date',
        { query: { reportTypes: 'GET_FBA_REIMBURSEMENTS_DATA', createdSince: 'yesterday' } },
        /createdSince "yesterday" is not an ISO 8601 date-time/
      ]
    ],
    good: { query: { reportTypes: 'GET_FBA_REIMBURSEMENTS_DATA', pageSize: '100', processingStatuses: 'DONE,IN_QUEUE' }, status: 200 }
  },
  createReport: {
    bad: [
      ['no reportType', { body: { marketplaceIds: [MP] } }, /body\.reportType is required/],
      [
        'empty marketplaceIds',
        { body: { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: [] } },
        /body\.marketplaceIds must have at least 1 item/
      ],
      [
        'dataStartTime not a date-time',
        { body: { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: [MP], dataStartTime: 'last week' } },
        /body\.dataStartTime "last week" is not an ISO 8601 date-time/
      ],
      [
        'a marketplace the seller does not have',
        { body: { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: ['A1VC38T7YXB528'] } },
        /A1VC38T7YXB528 is not a marketplace this seller participates in/
      ],
      ['no body', {}, /The request body is required/]
    ]
  },
  getReportDocument: {
    bad: [
      [
        'enableContentEncodingUrlHeader=maybe',
        { path: '/reports/2021-06-30/documents/doc1', query: { enableContentEncodingUrlHeader: 'maybe' } },
        /enableContentEncodingUrlHeader must be true or false/
      ]
    ]
  },
  getFeeds: {
    bad: [
      ['neither feedTypes nor nextToken', { query: {} }, /Either feedTypes or nextToken is required/],
      ['pageSize=0', { query: { feedTypes: 'POST_PAYMENT_ADJUSTMENT_DATA', pageSize: '0' } }, /pageSize must be at least 1/],
      ['pageSize=101', { query: { feedTypes: 'POST_PAYMENT_ADJUSTMENT_DATA', pageSize: '101' } }, /pageSize must be at most 100/],
      [
        'invalid processingStatuses',
        { query: { feedTypes: 'POST_PAYMENT_ADJUSTMENT_DATA', processingStatuses: 'done' } },
        /processingStatuses\[0\] has an invalid value "done"/
      ]
    ],
    good: { query: { feedTypes: 'POST_PAYMENT_ADJUSTMENT_DATA', pageSize: '1' }, status: 200 }
  },
  createFeed: {
    bad: [
      [
        'no inputFeedDocumentId',
        { body: { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: [MP] } },
        /body\.inputFeedDocumentId is required/
      ],
      [
        '26 marketplaces',
        { body: { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: Array(26).fill(MP), inputFeedDocumentId: 'x' } },
        /body\.marketplaceIds must have at most 25 items/
      ],
      [
        'feedOptions value not a string',
        { body: { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: [MP], inputFeedDocumentId: 'x', feedOptions: { a: 1 } } },
        /body\.feedOptions\.a must be a string/
      ]
    ]
  },
  createFeedDocument: {
    bad: [
      ['no contentType', { body: {} }, /body\.contentType is required/],
      ['contentType not a string', { body: { contentType: 7 } }, /body\.contentType must be a string/]
    ]
  },
  getFeedDocument: {
    bad: [
      [
        'enableContentEncodingUrlHeader=1',
        { path: '/feeds/2021-06-30/documents/doc1', query: { enableContentEncodingUrlHeader: '1' } },
        /enableContentEncodingUrlHeader must be true or false/
      ]
    ]
  },
  createRestrictedDataToken: {
    bad: [
      [
        'method FOO',
        { body: { restrictedResources: [{ method: 'FOO', path: '/orders/v0/orders' }] } },
        /body\.restrictedResources\[0\]\.method has an invalid value "FOO" \(expected one of GET, PUT, POST, DELETE\)/
      ],
      ['no path', { body: { restrictedResources: [{ method: 'GET' }] } }, /body\.restrictedResources\[0\]\.path is required/],
      ['no restrictedResources', { body: { targetApplication: 'x' } }, /body\.restrictedResources is required/]
    ],
    good: { body: { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders' }] }, status: 200 }
  },
  // Only a path id that routing always supplies: the model constrains nothing else. A body that
  // is not JSON is still Amazon's 400 InvalidInput; an unknown id is 404 in the same shape.
  getReport: {
    bad: [['a body that is not JSON', { path: '/reports/2021-06-30/reports/1', rawBody: '{' }, /not valid JSON/]],
    good: { path: '/reports/2021-06-30/reports/999', status: 404 }
  },
  cancelReport: {
    bad: [['a body that is not JSON', { path: '/reports/2021-06-30/reports/1', rawBody: '{' }, /not valid JSON/]],
    good: { path: '/reports/2021-06-30/reports/999', status: 404 }
  },
  getFeed: {
    bad: [['a body that is not JSON', { path: '/feeds/2021-06-30/feeds/1', rawBody: '{' }, /not valid JSON/]],
    good: { path: '/feeds/2021-06-30/feeds/999', status: 404 }
  },
  cancelFeed: {
    bad: [['a body that is not JSON', { path: '/feeds/2021-06-30/feeds/1', rawBody: '{' }, /not valid JSON/]],
    good: { path: '/feeds/2021-06-30/feeds/999', status: 404 }
  }
}

describe('emulator request validation from the published models', () => {
  it('has a vendored model for every operation it serves except the Sellers API (no model vendored, no parameters)', () => {
    const served = Object.keys(OPERATIONS) as OperationName[]
    expect(served.filter((op) => !VALIDATION_TABLE.has(op))).toEqual(['getMarketplaceParticipations'])
    expect(served.filter((op) => op !== 'getMarketplaceParticipations' && !CASES[op])).toEqual([])
  })

  for (const [op, c] of Object.entries(CASES) as [OperationName, NonNullable<(typeof CASES)[OperationName]>][]) {
    it(`${op}: a bad request gets Amazon's 400 InvalidInput; a good one passes`, async () => {
      const spec = OPERATIONS[op]
      for (const [what, req, message] of c.bad) {
        const r = await call(spec.method, req.path ?? spec.path, req)
        expect(r.status, `${op} ${what}`).toBe(400)
        expect(r.body, `${op} ${what}`).toEqual({
          errors: [{ code: 'InvalidInput', message: expect.stringMatching(message), details: '' }]
        })
        expect(r.limit, `${op} ${what}: the model declares x-amzn-RateLimit-Limit on 400`).not.toBeNull()
      }
      if (c.good) {
        const r = await call(spec.method, c.good.path ?? spec.path, c.good)
        expect(r.status, `${op} good request: ${JSON.stringify(r.body)}`).toBe(c.good.status)
        if (r.status >= 400)
          expect(r.body!.errors![0]).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(String) })
      }
    })
  }

  it('429 and 500 answers of the Tokens API carry x-amzn-RateLimit-Limit (its model declares it); the Orders API model declares it on neither', async () => {
    const body = { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders' }] }
    emu.inject({ kind: 'throttle', count: 1, operation: 'createRestrictedDataToken' })
    const t429 = await call('POST', OPERATIONS.createRestrictedDataToken.path, { body })
    expect([t429.status, t429.limit]).toEqual([429, String(OPERATIONS.createRestrictedDataToken.rate * 1000)])
    expect(t429.body).toEqual({ errors: [{ code: 'QuotaExceeded', message: expect.any(String), details: '' }] })
    emu.inject({ kind: 'serverError', count: 1, operation: 'createRestrictedDataToken' })
    const t500 = await call('POST', OPERATIONS.createRestrictedDataToken.path, { body })
    expect([t500.status, t500.limit]).toEqual([500, String(OPERATIONS.createRestrictedDataToken.rate * 1000)])
    emu.inject({ kind: 'throttle', count: 1, operation: 'getOrders' })
    const o429 = await call('GET', OPERATIONS.getOrders.path, { query: { MarketplaceIds: MP, CreatedAfter: ago(DAY) } })
    expect([o429.status, o429.limit]).toEqual([429, null])
  })
})
