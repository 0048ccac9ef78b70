/**
 * The emulated seller's claims data: removal orders and their shipments, replacement shipments,
 * inbound shipments (Fulfillment Inbound API) and the ledger receipts and FBA customer returns
 * that go with them — consistent with each other and built from known events relative to the
 * anchor, so the finder shows one claim of every type it knows on the demo store's first start:
 * - removal RMV-…-1 says 6 shipped, its shipment lines carry 4 (2 short, claim now); RMV-…-2
 *   completed with its 3 units never shipped (wait: Amazon may still reimburse); RMV-…-3 is a
 *   disposal and RMV-…-4 arrived whole (no claim);
 * - a replacement 80 days ago (claim now) and 30 days ago (wait) whose originals never came back;
 * - inbound shipment …-1 closed with 22 of 24 units received (claim now), …-2 complete, …-3 still
 *   receiving (no claim yet);
 * - an FBA customer return damaged by the carrier 70 days ago (claim now).
 * No random draws: the seeded data of data.ts stays as it was.
 */

/** What this needs of data.ts's store and catalog (structural: data.ts imports this file). */
type Store = {
  config: { sellerId: string }
  country: string
  now: number
  catalog: { sku: string; asin: string; fnsku: string; title: string }[]
}

export type RemovalOrder = {
  requestDate: string
  orderId: string
  orderType: 'Return' | 'Disposal'
  orderStatus: 'Completed' | 'Pending' | 'Cancelled'
  lastUpdated: string
  sku: string
  fnsku: string
  disposition: string
  requested: number
  cancelled: number
  disposed: number
  shipped: number
  inProcess: number
  feeMinor: number
}
export type RemovalShipment = {
  requestDate: string
  orderId: string
  shipmentDate: string
  sku: string
  fnsku: string
  disposition: string
  quantity: number
  carrier: string
  tracking: string
  orderType: string
}
export type Replacement = {
  shipmentDate: string
  sku: string
  asin: string
  fc: string
  originalFc: string
  quantity: number
  reasonCode: string
  replacementOrderId: string
  originalOrderId: string
}
export type InboundShipment = {
  shipmentId: string
  name: string
  status: 'CLOSED' | 'RECEIVING' | 'WORKING'
  destinationFc: string
  lastUpdated: string
  items: { sku: string; fnsku: string; shipped: number; received: number }[]
}

const DAY = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function generateClaimsData(store: Store) {
  const { now, catalog, country } = store
  const [a, b, c] = [catalog[0]!, catalog[1]!, catalog[2]!]
  const tag = store.config.sellerId.slice(-4).toUpperCase()
  const at = (days: number) => iso(now - days * DAY)

  const order = (n: number, o: Omit<RemovalOrder, 'orderId' | 'feeMinor'>): RemovalOrder => ({
    ...o,
    orderId: `RMV-${tag}-${n}`,
    feeMinor: 50 * o.requested
  })
  const removalOrders: RemovalOrder[] = [
    order(1, {
      requestDate: at(40),
      orderType: 'Return',
      orderStatus: 'Completed',
      lastUpdated: at(19),
      sku: a.sku,
      fnsku: a.fnsku,
      disposition: 'Sellable',
      requested: 6,
      cancelled: 0,
      disposed: 0,
      shipped: 6,
      inProcess: 0
    }),
    order(2, {
      requestDate: at(20),
      orderType: 'Return',
      orderStatus: 'Completed',
      lastUpdated: at(5),
      sku: b.sku,
      fnsku: b.fnsku,
      disposition: 'Unsellable',
      requested: 3,
      cancelled: 0,
      disposed: 0,
      shipped: 0,
      inProcess: 0
    }),
    order(3, {
      requestDate: at(50),
      orderType: 'Disposal',
      orderStatus: 'Completed',
      lastUpdated: at(45),
      sku: c.sku,
      fnsku: c.fnsku,
      disposition: 'Unsellable',
      requested: 5,
      cancelled: 0,
      disposed: 5,
      shipped: 0,
      inProcess: 0
    }),
    order(4, {
      requestDate: at(60),
      orderType: 'Return',
      orderStatus: 'Completed',
      lastUpdated: at(50),
      sku: c.sku,
      fnsku: c.fnsku,
      disposition: 'Sellable',
      requested: 2,
      cancelled: 0,
      disposed: 0,
      shipped: 2,
      inProcess: 0
    })
  ]
  const removalShipments: RemovalShipment[] = [
    {
      requestDate: at(40),
      orderId: `RMV-${tag}-1`,
      shipmentDate: at(20),
      sku: a.sku,
      fnsku: a.fnsku,
      disposition: 'Sellable',
      quantity: 4,
      carrier: 'UPS',
      tracking: `1ZEMU${tag}0001`,
      orderType: 'Return'
    },
    {
      requestDate: at(60),
      orderId: `RMV-${tag}-4`,
      shipmentDate: at(51),
      sku: c.sku,
      fnsku: c.fnsku,
      disposition: 'Sellable',
      quantity: 2,
      carrier: 'UPS',
      tracking: `1ZEMU${tag}0004`,
      orderType: 'Return'
    }
  ]
  const replacements: Replacement[] = [
    {
      shipmentDate: at(80),
      sku: a.sku,
      asin: a.asin,
      fc: 'ONT8',
      originalFc: 'SBD1',
      quantity: 1,
      reasonCode: '1',
      replacementOrderId: '114-9000001-0000001',
      originalOrderId: '113-9000001-0000001'
    },
    {
      shipmentDate: at(30),
      sku: b.sku,
      asin: b.asin,
      fc: 'ONT8',
      originalFc: 'ONT8',
      quantity: 1,
      reasonCode: '2',
      replacementOrderId: '114-9000002-0000002',
      originalOrderId: '113-9000002-0000002'
    }
  ]
  const inboundShipments: InboundShipment[] = [
    {
      shipmentId: `FBA15EMU${tag}1`,
      name: 'Restock 1',
      status: 'CLOSED',
      destinationFc: 'ONT8',
      lastUpdated: at(25),
      items: [{ sku: a.sku, fnsku: a.fnsku, shipped: 24, received: 22 }]
    },
    {
      shipmentId: `FBA15EMU${tag}2`,
      name: 'Restock 2',
      status: 'CLOSED',
      destinationFc: 'PHX6',
      lastUpdated: at(40),
      items: [{ sku: b.sku, fnsku: b.fnsku, shipped: 12, received: 12 }]
    },
    {
      shipmentId: `FBA15EMU${tag}3`,
      name: 'Restock 3',
      status: 'RECEIVING',
      destinationFc: 'MDW2',
      lastUpdated: at(3),
      items: [{ sku: c.sku, fnsku: c.fnsku, shipped: 10, received: 6 }]
    }
  ]
  // Ledger Receipts of the inbound shipments (Reference ID = shipment id), on their first receipt day.
  const receiptDays = [30, 45, 4]
  const ledger = inboundShipments.flatMap((s, i) =>
    s.items.map((it) => {
      const p = catalog.find((x) => x.sku === it.sku)!
      return {
        at: at(receiptDays[i]!),
        fnsku: it.fnsku,
        asin: p.asin,
        sku: it.sku,
        title: p.title,
        eventType: 'Receipts',
        referenceId: s.shipmentId,
        quantity: it.received,
        fc: s.destinationFc,
        disposition: 'SELLABLE',
        reason: '',
        country,
        reconciled: null,
        unreconciled: null
      }
    })
  )
  const fbaReturns = [
    {
      returnDate: at(70),
      orderId: '113-9000003-0000003',
      sku: c.sku,
      asin: c.asin,
      fnsku: c.fnsku,
      title: c.title,
      quantity: 1,
      fc: 'ONT8',
      disposition: 'CARRIER_DAMAGED',
      reason: 'DAMAGED_BY_CARRIER',
      status: 'Unit returned to inventory',
      lpn: `LPNEMU${tag}0001`,
      comments: ''
    }
  ]
  return { data: { removalOrders, removalShipments, replacements, inboundShipments }, ledger, fbaReturns }
}
