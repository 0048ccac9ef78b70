/**
 * Request/response shapes of the operations we call, written from Amazon's published models
 * (amzn/selling-partner-api-models @ 34dc93f; definitions named as in the models). Only the
 * fields this app reads or the emulator writes are listed; Amazon adds fields over time, so
 * every object is open to extra keys.
 */
export type ProcessingStatus = 'CANCELLED' | 'DONE' | 'FATAL' | 'IN_PROGRESS' | 'IN_QUEUE'
export const TERMINAL_STATUSES: readonly ProcessingStatus[] = ['CANCELLED', 'DONE', 'FATAL']

export type SpApiError = { code: string; message: string; details?: string }
export type ErrorList = { errors: SpApiError[] }

// Reports API 2021-06-30
export type CreateReportSpecification = {
  reportType: string
  marketplaceIds: string[]
  dataStartTime?: string
  dataEndTime?: string
  reportOptions?: Record<string, string>
}
export type CreateReportResponse = { reportId: string }
export type Report = {
  reportId: string
  reportType: string
  marketplaceIds?: string[]
  dataStartTime?: string
  dataEndTime?: string
  reportScheduleId?: string
  createdTime: string
  processingStatus: ProcessingStatus
  processingStartTime?: string
  processingEndTime?: string
  reportDocumentId?: string
}
export type GetReportsResponse = { reports: Report[]; nextToken?: string }
export type ReportDocument = { reportDocumentId: string; url: string; compressionAlgorithm?: 'GZIP' }
export type GetReportsQuery = {
  reportTypes?: string[]
  processingStatuses?: ProcessingStatus[]
  marketplaceIds?: string[]
  pageSize?: number
  createdSince?: string
  createdUntil?: string
}

// Feeds API 2021-06-30
export type CreateFeedDocumentResponse = { feedDocumentId: string; url: string }
export type CreateFeedSpecification = {
  feedType: string
  marketplaceIds: string[]
  inputFeedDocumentId: string
  feedOptions?: Record<string, string>
}
export type CreateFeedResponse = { feedId: string }
export type Feed = {
  feedId: string
  feedType: string
  marketplaceIds?: string[]
  createdTime: string
  processingStatus: ProcessingStatus
  processingStartTime?: string
  processingEndTime?: string
  resultFeedDocumentId?: string
}
export type GetFeedsResponse = { feeds: Feed[]; nextToken?: string }
export type FeedDocument = { feedDocumentId: string; url: string; compressionAlgorithm?: 'GZIP' }
export type GetFeedsQuery = {
  feedTypes?: string[]
  marketplaceIds?: string[]
  pageSize?: number
  processingStatuses?: ProcessingStatus[]
  createdSince?: string
  createdUntil?: string
}

// Orders API v0
export type Money = { CurrencyCode?: string; Amount?: string }
export type BuyerRequestedCancel = {
  /** The string "true" or "false" (not a boolean) in the model. */
  IsBuyerRequestedCancel?: string
  BuyerCancelReason?: string
}
export type Order = {
  AmazonOrderId: string
  SellerOrderId?: string
  PurchaseDate: string
  LastUpdateDate: string
  OrderStatus:
    'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'Canceled' | 'Unfulfillable' | 'InvoiceUnconfirmed' | 'PendingAvailability'
  FulfillmentChannel?: 'MFN' | 'AFN'
  SalesChannel?: string
  OrderTotal?: Money
  NumberOfItemsShipped?: number
  NumberOfItemsUnshipped?: number
  MarketplaceId?: string
  IsPrime?: boolean
  IsBusinessOrder?: boolean
  LatestShipDate?: string
  EarliestShipDate?: string
  LatestDeliveryDate?: string
  EarliestDeliveryDate?: string
  [k: string]: unknown
}
export type OrdersList = { Orders: Order[]; NextToken?: string; LastUpdatedBefore?: string; CreatedBefore?: string }
export type GetOrdersResponse = { payload?: OrdersList; errors?: SpApiError[] }
export type OrderItem = {
  ASIN: string
  SellerSKU?: string
  OrderItemId: string
  Title?: string
  QuantityOrdered: number
  QuantityShipped?: number
  ItemPrice?: Money
  ShippingPrice?: Money
  ItemTax?: Money
  ShippingTax?: Money
  PromotionDiscount?: Money
  BuyerRequestedCancel?: BuyerRequestedCancel
  [k: string]: unknown
}
export type OrderItemsList = { OrderItems: OrderItem[]; NextToken?: string; AmazonOrderId: string }
export type GetOrderItemsResponse = { payload?: OrderItemsList; errors?: SpApiError[] }
export type GetOrdersQuery = {
  MarketplaceIds: string[]
  CreatedAfter?: string
  CreatedBefore?: string
  LastUpdatedAfter?: string
  LastUpdatedBefore?: string
  OrderStatuses?: Order['OrderStatus'][]
  FulfillmentChannels?: ('MFN' | 'AFN')[]
  MaxResultsPerPage?: number
  AmazonOrderIds?: string[]
}

// Orders API 2026-01-01 (models/orders-api-model/orders_2026-01-01.json). Amounts are Money
// {amount: Decimal string, currencyCode}; most parts of an order come only when the request's
// includedData names their dataset (PROCEEDS, CANCELLATION, FULFILLMENT, BUYER, RECIPIENT, …).
export const FULFILLMENT_STATUSES_2026 = [
  'PENDING_AVAILABILITY',
  'PENDING',
  'UNSHIPPED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'CANCELLED',
  'UNFULFILLABLE'
] as const
export type FulfillmentStatus2026 = (typeof FULFILLMENT_STATUSES_2026)[number]
export type IncludedData2026 =
  | 'BUYER'
  | 'RECIPIENT'
  | 'PROCEEDS'
  | 'EXPENSE'
  | 'PROMOTION'
  | 'CANCELLATION'
  | 'FULFILLMENT'
  | 'PACKAGES'
  | 'TAX'
  | 'PAYMENT'
  | 'FULFILLMENT_ORDERS'
export type Money2026 = { amount: string; currencyCode: string }
export type ProceedsBreakdown2026 = {
  /** ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, TAX, DISCOUNT (DELIVERY_TIP at order level). */
  type: string
  subtotal: Money2026
  /** subtype ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT (e.g. the tax on the item vs on shipping). */
  detailedBreakdowns?: { subtype?: string; value?: Money2026 }[]
  status?: string
}
export type OrderItem2026 = {
  orderItemId: string
  quantityOrdered: number
  product: {
    asin?: string
    title?: string
    sellerSku?: string
    condition?: { conditionType?: string; conditionSubtype?: string; conditionNote?: string }
    price?: { unitPrice?: Money2026; priceDesignation?: string }
  }
  proceeds?: { proceedsTotal?: Money2026; breakdowns?: ProceedsBreakdown2026[] }
  cancellation?: {
    cancellationRequest?: { requester?: string; cancelReason?: string }
    cancellationExecution?: { cancelledBy?: string; cancelReason?: string }
  }
  fulfillment?: { quantityFulfilled?: number; quantityUnfulfilled?: number; [k: string]: unknown }
  [k: string]: unknown
}
export type Order2026 = {
  orderId: string
  createdTime: string
  lastUpdatedTime: string
  salesChannel: { channelName: string; marketplaceId?: string; marketplaceName?: string }
  programs?: string[]
  proceeds?: { grandTotal?: Money2026; breakdowns?: ProceedsBreakdown2026[] }
  fulfillment?: {
    fulfillmentStatus: FulfillmentStatus2026
    fulfilledBy?: 'AMAZON' | 'MERCHANT'
    fulfillmentServiceLevel?: string
    shipByWindow?: { earliestDateTime?: string; latestDateTime?: string }
    deliverByWindow?: { earliestDateTime?: string; latestDateTime?: string }
    [k: string]: unknown
  }
  orderItems: OrderItem2026[]
  [k: string]: unknown
}
export type SearchOrdersResponse = {
  orders: Order2026[]
  pagination?: { nextToken?: string }
  lastUpdatedBefore?: string
  createdBefore?: string
}
export type GetOrder2026Response = { order: Order2026 }
export type SearchOrdersQuery = {
  marketplaceIds: string[]
  createdAfter?: string
  createdBefore?: string
  lastUpdatedAfter?: string
  lastUpdatedBefore?: string
  fulfillmentStatuses?: FulfillmentStatus2026[]
  fulfilledBy?: ('MERCHANT' | 'AMAZON')[]
  maxResultsPerPage?: number
  includedData?: IncludedData2026[]
}

// Tokens API 2021-03-01
export type RestrictedResource = { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; path: string; dataElements?: string[] }
export type CreateRestrictedDataTokenRequest = { targetApplication?: string; restrictedResources: RestrictedResource[] }
export type CreateRestrictedDataTokenResponse = { restrictedDataToken: string; expiresIn: number }

// Sellers API v1
export type Marketplace = {
  id: string
  name: string
  countryCode: string
  defaultCurrencyCode: string
  defaultLanguageCode: string
  domainName: string
}
export type MarketplaceParticipation = {
  marketplace: Marketplace
  participation: { isParticipating: boolean; hasSuspendedListings: boolean }
  storeName?: string
}
export type GetMarketplaceParticipationsResponse = { payload?: MarketplaceParticipation[]; errors?: SpApiError[] }

// LWA
export type LwaTokenResponse = { access_token: string; refresh_token?: string; token_type: string; expires_in: number }
export type LwaErrorResponse = { error: string; error_description?: string }

// Finances API 2024-06-19 (listTransactions). `currencyAmount` is a JSON number (BigDecimal in
// the model): read it with its text form into minor units, never as float arithmetic.
export type FinancesCurrency = { currencyCode?: string; currencyAmount?: number }
export type FinancesBreakdown = { breakdownType?: string; breakdownAmount?: FinancesCurrency; breakdowns?: FinancesBreakdown[] }
export type FinancesContext = { contextType: string; asin?: string; sku?: string; quantityShipped?: number; fulfillmentNetwork?: string }
export type FinancesItem = {
  description?: string
  relatedIdentifiers?: { itemRelatedIdentifierName?: string; itemRelatedIdentifierValue?: string }[]
  totalAmount?: FinancesCurrency
  breakdowns?: FinancesBreakdown[]
  contexts?: FinancesContext[]
}
export type FinancesTransaction = {
  sellingPartnerMetadata?: { sellingPartnerId?: string; accountType?: string; marketplaceId?: string }
  relatedIdentifiers?: { relatedIdentifierName?: string; relatedIdentifierValue?: string }[]
  transactionType?: string
  transactionId?: string
  transactionStatus?: string
  description?: string
  postedDate?: string
  totalAmount?: FinancesCurrency
  marketplaceDetails?: { marketplaceId?: string; marketplaceName?: string }
  items?: FinancesItem[]
  breakdowns?: FinancesBreakdown[]
}
export type ListTransactionsQuery = {
  postedAfter?: string
  postedBefore?: string
  marketplaceId?: string
  transactionStatus?: string
  relatedIdentifierName?: 'ORDER_ID' | 'FINANCIAL_EVENT_GROUP_ID'
  relatedIdentifierValue?: string
}
export type ListTransactionsResponse = { payload?: { nextToken?: string; transactions?: FinancesTransaction[] } }

// ---------------------------------------------------------------- Catalog Items API 2022-04-01
// The parts of catalogItems_2022-04-01.json's Item the app reads (summaries, images, relationships).
export type CatalogItem = {
  asin: string
  summaries?: { marketplaceId: string; itemName?: string; brand?: string }[]
  images?: { marketplaceId: string; images: { variant: string; link: string; height: number; width: number }[] }[]
  relationships?: {
    marketplaceId: string
    relationships: { type: 'VARIATION' | 'PACKAGE_HIERARCHY'; parentAsins?: string[]; childAsins?: string[] }[]
  }[]
}
export type CatalogSearchResponse = {
  numberOfResults: number
  pagination?: { nextToken?: string; previousToken?: string }
  items: CatalogItem[]
}

/** Fulfillment Inbound API v0 (fulfillmentInboundV0.json `InboundShipmentInfo`), the fields the app reads. */
export type InboundShipmentInfo = {
  ShipmentId?: string
  ShipmentName?: string
  DestinationFulfillmentCenterId?: string
  ShipmentStatus?: string
}
/** Fulfillment Inbound API v0 `InboundShipmentItem`. */
export type InboundShipmentItem = {
  ShipmentId?: string
  SellerSKU: string
  FulfillmentNetworkSKU?: string
  QuantityShipped: number
  QuantityReceived?: number
  QuantityInCase?: number
}
