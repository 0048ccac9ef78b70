/**
 * The emulator's Fulfillment Inbound API v0 (models/fulfillment-inbound-api-model/
 * fulfillmentInboundV0.json): `getShipments` (QueryType SHIPMENT by status or id list,
 * DATE_RANGE by last update, NEXT_TOKEN for the next page) and `getShipmentItemsByShipmentId`,
 * from the seller's inbound shipments (claims-data.ts) — the same shipments whose receipts the
 * ledger report shows. Parameter rules of the model are checked in validation.ts first.
 */
import type { Handled } from '../context'
import { badRequest, csv, decodeToken, encodeToken, notFound, type ApiHandlers, type ApiRequest } from './common'

const PAGE = 50

function getShipments({ query, seller }: ApiRequest): Handled {
  const type = query.get('QueryType')
  let filter: { statuses: string[]; ids: string[]; after: string | null; before: string | null; offset: number }
  if (type === 'NEXT_TOKEN') {
    const t = decodeToken(query.get('NextToken') ?? '') as typeof filter | null
    if (!t) return badRequest('NextToken is not valid.')
    filter = t
  } else if (type === 'SHIPMENT') {
    const statuses = csv(query, 'ShipmentStatusList')
    const ids = csv(query, 'ShipmentIdList')
    if (statuses.length === 0 && ids.length === 0) return badRequest('Either ShipmentStatusList or ShipmentIdList must be provided.')
    filter = { statuses, ids, after: null, before: null, offset: 0 }
  } else {
    const after = query.get('LastUpdatedAfter')
    const before = query.get('LastUpdatedBefore')
    if (!after || !before) return badRequest('LastUpdatedAfter and LastUpdatedBefore are required when QueryType is DATE_RANGE.')
    filter = { statuses: csv(query, 'ShipmentStatusList'), ids: [], after, before, offset: 0 }
  }
  const all = seller.data.inboundShipments.filter(
    (s) =>
      (filter.statuses.length === 0 || filter.statuses.includes(s.status)) &&
      (filter.ids.length === 0 || filter.ids.includes(s.shipmentId)) &&
      (!filter.after || Date.parse(s.lastUpdated) >= Date.parse(filter.after)) &&
      (!filter.before || Date.parse(s.lastUpdated) <= Date.parse(filter.before))
  )
  const page = all.slice(filter.offset, filter.offset + PAGE)
  const more = filter.offset + PAGE < all.length
  return {
    status: 200,
    body: {
      payload: {
        ShipmentData: page.map((s) => ({
          ShipmentId: s.shipmentId,
          ShipmentName: s.name,
          ShipFromAddress: {
            Name: 'Emulated seller',
            AddressLine1: '1 Main St',
            City: 'Austin',
            CountryCode: 'US',
            StateOrProvinceCode: 'TX',
            PostalCode: '78701'
          },
          DestinationFulfillmentCenterId: s.destinationFc,
          ShipmentStatus: s.status,
          LabelPrepType: 'SELLER_LABEL',
          AreCasesRequired: false,
          BoxContentsSource: 'FEED'
        })),
        ...(more ? { NextToken: encodeToken({ ...filter, offset: filter.offset + PAGE }) } : {})
      }
    }
  }
}

function getShipmentItemsByShipmentId({ params, seller }: ApiRequest): Handled {
  const s = seller.data.inboundShipments.find((x) => x.shipmentId === params[0])
  if (!s) return notFound(`Shipment ${params[0]} was not found.`)
  return {
    status: 200,
    body: {
      payload: {
        ItemData: s.items.map((it) => ({
          ShipmentId: s.shipmentId,
          SellerSKU: it.sku,
          FulfillmentNetworkSKU: it.fnsku,
          QuantityShipped: it.shipped,
          QuantityReceived: it.received,
          QuantityInCase: 0
        }))
      }
    }
  }
}

export const inboundApi = (): ApiHandlers<'getShipments' | 'getShipmentItemsByShipmentId'> => ({
  getShipments,
  getShipmentItemsByShipmentId
})
