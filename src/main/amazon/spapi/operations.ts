/**
 * The SP-API operations this app uses, with Amazon's published default usage plans.
 *
 * Source: the "Usage Plan" table in each operation's description in the published models
 * (`amzn/selling-partner-api-models` @ 34dc93f: models/reports-api-model/reports_2021-06-30.json,
 * feeds-api-model/feeds_2021-06-30.json, orders-api-model/ordersV0.json,
 * orders-api-model/orders_2026-01-01.json,
 * tokens-api-model/tokens_2021-03-01.json, sellers-api-model/sellers.json,
 * finances-api-model/finances_2024-06-19.json), collected in
 * ../shared/amazon/sp-api-notes.md §2–§4. Rate = tokens per second, burst = bucket size.
 * Amazon may grant a seller a higher plan; the client then learns the real rate from the
 * `x-amzn-RateLimit-Limit` response header.
 *
 * `idempotent: false` marks calls whose repetition could do something twice (createFeed would
 * submit a second feed): they are never retried after the request may have reached Amazon.
 * The emulator uses the same table, so both sides agree on the published limits.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export type OperationSpec = {
  method: HttpMethod
  /** Path template; `{name}` segments are filled from path parameters. */
  path: string
  rate: number
  burst: number
  idempotent: boolean
}

export const OPERATIONS = {
  // Reports API 2021-06-30
  getReports: { method: 'GET', path: '/reports/2021-06-30/reports', rate: 0.0222, burst: 10, idempotent: true },
  createReport: { method: 'POST', path: '/reports/2021-06-30/reports', rate: 0.0167, burst: 15, idempotent: true },
  getReport: { method: 'GET', path: '/reports/2021-06-30/reports/{reportId}', rate: 2, burst: 15, idempotent: true },
  cancelReport: { method: 'DELETE', path: '/reports/2021-06-30/reports/{reportId}', rate: 0.0222, burst: 10, idempotent: true },
  getReportDocument: { method: 'GET', path: '/reports/2021-06-30/documents/{reportDocumentId}', rate: 0.0167, burst: 15, idempotent: true },
  // Feeds API 2021-06-30
  getFeeds: { method: 'GET', path: '/feeds/2021-06-30/feeds', rate: 0.0222, burst: 10, idempotent: true },
  createFeed: { method: 'POST', path: '/feeds/2021-06-30/feeds', rate: 0.0083, burst: 15, idempotent: false },
  cancelFeed: { method: 'DELETE', path: '/feeds/2021-06-30/feeds/{feedId}', rate: 2, burst: 15, idempotent: true },
  getFeed: { method: 'GET', path: '/feeds/2021-06-30/feeds/{feedId}', rate: 2, burst: 15, idempotent: true },
  createFeedDocument: { method: 'POST', path: '/feeds/2021-06-30/documents', rate: 0.5, burst: 15, idempotent: true },
  getFeedDocument: { method: 'GET', path: '/feeds/2021-06-30/documents/{feedDocumentId}', rate: 0.0222, burst: 10, idempotent: true },
  // Orders API v0 — removed by Amazon on 27 March 2027 (./orders-version.ts); the app calls them
  // only when the Orders API switch says v0.
  getOrders: { method: 'GET', path: '/orders/v0/orders', rate: 0.0167, burst: 20, idempotent: true },
  getOrder: { method: 'GET', path: '/orders/v0/orders/{orderId}', rate: 0.5, burst: 30, idempotent: true },
  getOrderItems: { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems', rate: 0.5, burst: 30, idempotent: true },
  // Orders API 2026-01-01 (models/orders-api-model/orders_2026-01-01.json). The model names its
  // single-order operation `getOrder`, like v0's: it is `getOrder2026` here so both can be served
  // and throttled apart (the emulator's validation matches a model operation by method + path).
  searchOrders: { method: 'GET', path: '/orders/2026-01-01/orders', rate: 0.0056, burst: 20, idempotent: true },
  getOrder2026: { method: 'GET', path: '/orders/2026-01-01/orders/{orderId}', rate: 0.5, burst: 30, idempotent: true },
  // Finances API 2024-06-19 (models/finances-api-model/finances_2024-06-19.json): Amazon's own
  // record of refunds, checked before a batch is resent or a found feed is adopted.
  listTransactions: { method: 'GET', path: '/finances/2024-06-19/transactions', rate: 0.5, burst: 10, idempotent: true },
  // Catalog Items API 2022-04-01 (models/catalog-items-api-model/catalogItems_2022-04-01.json):
  // the products' titles, images and parent ASINs for the ASINs a store has (reimbursements/catalog.ts).
  searchCatalogItems: { method: 'GET', path: '/catalog/2022-04-01/items', rate: 2, burst: 2, idempotent: true },
  getCatalogItem: { method: 'GET', path: '/catalog/2022-04-01/items/{asin}', rate: 2, burst: 2, idempotent: true },
  // Fulfillment Inbound API v0 (models/fulfillment-inbound-api-model/fulfillmentInboundV0.json):
  // shipments and their items, quantity shipped vs received (the claims finder's inbound shortages).
  getShipments: { method: 'GET', path: '/fba/inbound/v0/shipments', rate: 2, burst: 30, idempotent: true },
  getShipmentItemsByShipmentId: {
    method: 'GET',
    path: '/fba/inbound/v0/shipments/{shipmentId}/items',
    rate: 2,
    burst: 30,
    idempotent: true
  },
  // Tokens API 2021-03-01
  createRestrictedDataToken: { method: 'POST', path: '/tokens/2021-03-01/restrictedDataToken', rate: 1, burst: 10, idempotent: true },
  // Sellers API v1 (cheap call used by "Test connection")
  getMarketplaceParticipations: { method: 'GET', path: '/sellers/v1/marketplaceParticipations', rate: 0.016, burst: 15, idempotent: true }
} as const satisfies Record<string, OperationSpec>

export type OperationName = keyof typeof OPERATIONS

/** Fills `{name}` segments; values are URI-encoded. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = params[k]
    if (v === undefined || v === '') throw new Error(`missing path parameter ${k} for ${template}`)
    return encodeURIComponent(v)
  })
}
