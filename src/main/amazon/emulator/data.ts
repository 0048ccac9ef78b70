/**
 * Seeded demo data for one emulated seller: orders and items (some with a buyer cancellation
 * request), MFN returns, FBA customer returns, FBA reimbursements over 18 months, and inventory
 * ledger events. Same seed + seller + anchor date => same data. Dates are relative to `anchor`.
 */
import { MARKETPLACES } from '../../../shared/ids'
import { generateClaimsData, type InboundShipment, type RemovalOrder, type RemovalShipment, type Replacement } from './claims-data'
import { createRng, hashString, type Rng } from './prng'

export type { InboundShipment, RemovalOrder, RemovalShipment, Replacement } from './claims-data'

export type EmuStoreConfig = {
  sellerId: string
  refreshToken: string
  clientId: string
  clientSecret: string
  region: 'NA' | 'EU' | 'FE'
  marketplaceIds: string[]
  /** Charset of flat-file report documents (Content-Type charset), default UTF-8. */
  reportCharset?: 'UTF-8' | 'Cp1252' | 'Shift_JIS'
  /** How many orders to generate (default 60). */
  orders?: number
  /** Reimbursement ids per month, fewest and most (default 2 to 4); the demo seller has a realistic volume. */
  reimbursementsPerMonth?: [min: number, max: number]
  /**
   * Place a few orders and returns near the seller's clocks (the demo store: its Deadlines screen
   * shows every kind): see `placeNearDeadlines`. Changes no other data of the seed.
   */
  nearDeadlines?: boolean
}

export type EmuItem = {
  orderItemId: string
  sku: string
  asin: string
  fnsku: string
  title: string
  quantity: number
  quantityShipped: number
  /** Line totals in minor units. */
  priceMinor: number
  taxMinor: number
  shippingMinor: number
  shippingTaxMinor: number
  buyerCancel: { reason: string } | null
  canceled: boolean
  cancelReason: string | null
  refundedMinor: number
}

export type EmuOrder = {
  id: string
  marketplaceId: string
  currency: string
  purchaseDate: string
  lastUpdateDate: string
  status: 'Pending' | 'Unshipped' | 'Shipped' | 'Canceled'
  channel: 'MFN' | 'AFN'
  isPrime: boolean
  isBusiness: boolean
  shipServiceLevel: string
  buyer: { email: string; name: string; phone: string }
  address: { name: string; line1: string; city: string; state: string; postal: string; country: string }
  items: EmuItem[]
}

export type Reimbursement = {
  approvalDate: string
  reimbursementId: string
  caseId: string
  orderId: string
  reason: string
  sku: string
  fnsku: string
  asin: string
  title: string
  condition: string
  currency: string
  perUnitMinor: number
  totalMinor: number
  qtyCash: number
  qtyInventory: number
  qtyTotal: number
  originalId: string
  originalType: string
}

export type MfnReturn = {
  orderId: string
  orderDate: string
  requestDate: string
  status: string
  rmaId: string
  merchantRmaId: string
  labelType: string
  labelCostMinor: number
  currency: string
  carrier: string
  trackingId: string
  paidBy: string
  aToZ: boolean
  isPrime: boolean
  asin: string
  sku: string
  title: string
  quantity: number
  reason: string
  inPolicy: boolean
  returnType: string
  resolution: string
  invoice: string
  deliveryDate: string | null
  orderAmountMinor: number
  orderQuantity: number
  refundedMinor: number | null
  category: string
}

export type FbaReturn = {
  returnDate: string
  orderId: string
  sku: string
  asin: string
  fnsku: string
  title: string
  quantity: number
  fc: string
  disposition: string
  reason: string
  status: string
  lpn: string
  comments: string
}

export type LedgerEvent = {
  at: string
  fnsku: string
  asin: string
  sku: string
  title: string
  eventType: string
  referenceId: string
  quantity: number
  fc: string
  disposition: string
  reason: string
  country: string
  reconciled: number | null
  unreconciled: number | null
}

export type SellerData = {
  config: EmuStoreConfig
  currency: string
  country: string
  orders: EmuOrder[]
  reimbursements: Reimbursement[]
  mfnReturns: MfnReturn[]
  fbaReturns: FbaReturn[]
  ledger: LedgerEvent[]
  /** The seller's listings (All Listings report, Catalog Items API). */
  catalog: Product[]
  /** Claims data (claims-data.ts): removals, replacements, inbound shipments. */
  removalOrders: RemovalOrder[]
  removalShipments: RemovalShipment[]
  replacements: Replacement[]
  inboundShipments: InboundShipment[]
}

export type Product = { sku: string; asin: string; fnsku: string; title: string; priceMinor: number; category: string }

/**
 * Variation families of the emulated catalog (child ASIN -> parent ASIN), so the parent-ASIN
 * filter has something to match: the two plain mugs are one family, the cups and the café mug another.
 */
export const PARENT_ASINS: Readonly<Record<string, string>> = {
  B0CXYZ1234: 'B0CXYZPRNT',
  B0CXYZ5678: 'B0CXYZPRNT',
  B0DCAFE001: 'B0DCUPPRNT',
  B0DESPR002: 'B0DCUPPRNT'
}

// Latin names carry characters outside ASCII that Cp1252 can encode (é, –, ™, ×, «») so a
// charset mistake shows up in tests.
const LATIN_PRODUCTS: Omit<Product, 'priceMinor'>[] = [
  { sku: 'MUG-11OZ-WHT', asin: 'B0CXYZ1234', fnsku: 'X001ABCDEF', title: 'Ceramic Mug 11 oz White', category: 'Kitchen' },
  { sku: 'MUG-15OZ-BLK', asin: 'B0CXYZ5678', fnsku: 'X001GHIJKL', title: 'Ceramic Mug 15 oz Black', category: 'Kitchen' },
  { sku: 'CAFE-MUG-BLU', asin: 'B0DCAFE001', fnsku: 'X002CAFE01', title: 'Café Mug – Blue Glaze', category: 'Kitchen' },
  { sku: 'TORCH-CB-01', asin: 'B0DTORCH01', fnsku: 'X002TORCH1', title: 'Crème Brûlée Torch™', category: 'Kitchen' },
  { sku: 'NECK-925-16', asin: 'B0DFN2HN9N', fnsku: 'X002NECK16', title: 'Sterling Silver Necklace 16–18 in', category: 'Jewelry' },
  { sku: 'ESP-CUP-2X', asin: 'B0DESPR002', fnsku: 'X002ESPR02', title: 'Espresso Cup Set (2×) «Noir»', category: 'Kitchen' },
  { sku: 'BOARD-BAM-L', asin: 'B0DBOARD0L', fnsku: 'X002BOARDL', title: 'Bamboo Cutting Board, Large 18" x 12"', category: 'Kitchen' },
  { sku: 'TEA-INF-SS', asin: 'B0DTEAINF1', fnsku: 'X002TEAIN1', title: 'Tea Infuser Stainless Steel', category: 'Kitchen' }
]
const JP_TITLES = [
  'マグカップ 白 330ml',
  'マグカップ 黒 440ml',
  'カフェマグ 青',
  'クレームブリュレ用バーナー',
  'シルバーネックレス 45cm',
  'エスプレッソカップ 2客セット',
  '竹製まな板 大',
  '茶こし ステンレス'
]
const PRICES = [987, 1240, 1599, 2499, 2138, 1875, 2999, 799]

const NAMES = ['John Doe', 'Jane Smith', 'Ann Lee', 'Carlos Díaz', 'Zoë Martin', 'Björn Berg', 'Amélie Roux', 'Sam Patel']
const CITIES = [
  ['DAWSONVILLE', 'GA', '30534-4732'],
  ['ATLANTA', 'GA', '30301-1234'],
  ['AUSTIN', 'TX', '78701'],
  ['SEATTLE', 'WA', '98101']
] as const
const CANCEL_REASONS = ['Order Created By Mistake', 'Need to change shipping address', 'Found a better price', 'Delivery too slow']
const REIMB_REASONS = [
  'Lost_Warehouse',
  'Damaged_Warehouse',
  'Lost_Inbound',
  'Damaged_Inbound',
  'CustomerReturn',
  'CustomerServiceIssue',
  'GeneralAdjustment',
  'FeeCorrection'
]
const MFN_RETURN_REASONS = [
  'AMZ-PG-BAD-DESC',
  'AMZ-PG-APP-TOO-SMALL',
  'CR-DAMAGED_BY_CARRIER',
  'CR-UNWANTED_ITEM',
  'AMZ-PG-WJ-TOO-SMALL',
  'CR-DEFECTIVE'
]
const FBA_DISPOSITIONS = ['SELLABLE', 'DEFECTIVE', 'CUSTOMER_DAMAGED', 'CARRIER_DAMAGED', 'DAMAGED']
const FBA_REASONS = ['UNWANTED_ITEM', 'NOT_AS_DESCRIBED', 'DEFECTIVE', 'NOT_COMPATIBLE', 'ORDERED_WRONG_ITEM']
const FCS = ['ONT8', 'SBD1', 'PHX6', 'MDW2']
const DAY = 86_400_000

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

function products(config: EmuStoreConfig, currencyScale: number): Product[] {
  const jp = config.marketplaceIds[0] === 'A1VC38T7YXB528'
  return LATIN_PRODUCTS.map((p, i) => ({ ...p, title: jp ? JP_TITLES[i]! : p.title, priceMinor: Math.round(PRICES[i]! * currencyScale) }))
}

function orderId(rng: Rng): string {
  return `${rng.pick(['111', '112', '113', '114'])}-${rng.digits(7)}-${rng.digits(7)}`
}

/** What every generator of one seller's data needs to know about the store. */
export type Store = { config: EmuStoreConfig; currency: string; country: string; catalog: Product[]; now: number }

// Every generator below draws from the same seeded `rng`, in the order generateSellerData calls
// them: reordering calls (or draws inside one) changes every seller's data.
/** `startedAt`: the emulator's clock when it starts (default: the anchor), for the `nearDeadlines` items only. */
export function generateSellerData(
  seed: number | string,
  config: EmuStoreConfig,
  anchor: Date,
  startedAt: number = anchor.getTime()
): SellerData {
  const rng = createRng(`${seed}:${hashString(config.sellerId)}`)
  const mp = Object.values(MARKETPLACES)
    .flat()
    .find((m) => m.id === config.marketplaceIds[0])
  const currency = mp?.currency ?? 'USD'
  const country = mp?.country ?? 'US'
  // JPY has no minor unit: prices of ~1000-3000 yen.
  const scale = currency === 'JPY' ? 1.2 : 1
  const store: Store = { config, currency, country, catalog: products(config, scale), now: anchor.getTime() }
  const orders = generateOrders(rng, store)
  const mfnReturns = generateMfnReturns(rng, store, orders)
  const fbaReturns = generateFbaReturns(rng, store, orders)
  const reimbursements = generateReimbursements(rng, store, orders)
  const ledger = generateLedger(rng, store)
  // No draws from `rng`: the claims data is built from known events (every claim type the finder knows).
  const claims = generateClaimsData(store)
  fbaReturns.push(...claims.fbaReturns)
  ledger.push(...claims.ledger)
  ledger.sort((a, b) => a.at.localeCompare(b.at))
  if (config.nearDeadlines) placeNearDeadlines(store.now, startedAt, orders, mfnReturns)
  return { config, currency, country, orders, reimbursements, mfnReturns, fbaReturns, ledger, catalog: store.catalog, ...claims.data }
}

/**
 * The demo's clocks (issue #17), without drawing from the generator (the rest of the seed's data
 * stays as it was). The items are chosen by the anchor (same seed and day => same items) but
 * placed from `now`, the emulator's clock when it starts: placed from the anchor (midnight UTC),
 * an order 8½ days old would be overdue by the afternoon
 * (test/unit/amazon/emulator-near-deadlines.test.ts). Of the fresh unshipped MFN orders without a
 * buyer cancellation request (those have their own 48-hour clock), one is bought 8½ days ago: past
 * its LatestShipDate (purchase + 2 days) and its LatestDeliveryDate (purchase + 7 days), with half
 * a day left to confirm the shipment (the earlier of 30 days after the order and 7 days after
 * LatestShipDate). The other two stay fresh: the demo queues cancellations of those.
 * And one MFN return, not refunded, delivered back 2 days ago: 2 days left of the 4-day refund.
 * The A-to-z and SAFE-T claims have no API: the demo records them (src/main/demo-seed.ts).
 */
function placeNearDeadlines(anchor: number, now: number, orders: EmuOrder[], mfnReturns: MfnReturn[]): void {
  const fresh = orders.filter((o) => o.status === 'Unshipped' && o.channel === 'MFN' && o.items.every((i) => !i.buyerCancel))
  const age = [8.5 * DAY]
  fresh.slice(0, age.length).forEach((o, k) => {
    o.purchaseDate = iso(now - age[k]!)
    o.lastUpdateDate = iso(now - age[k]! + 30 * 60_000)
  })
  orders.sort((a, b) => a.purchaseDate.localeCompare(b.purchaseDate))
  const open = mfnReturns.find((r) => r.refundedMinor === null && r.status !== 'Closed' && Date.parse(r.orderDate) < anchor - 10 * DAY)
  if (open) {
    open.requestDate = iso(now - 6 * DAY)
    open.deliveryDate = iso(now - 2 * DAY)
    open.status = 'Approved'
  }
}

function generateOrders(rng: Rng, store: Store): EmuOrder[] {
  const count = store.config.orders ?? 60
  const usedIds = new Set<string>()
  const uniqueOrderId = () => {
    let id = orderId(rng)
    while (usedIds.has(id)) id = orderId(rng)
    usedIds.add(id)
    return id
  }
  const orders: EmuOrder[] = []
  for (let i = 0; i < count; i++) orders.push(generateOrder(rng, store, i, uniqueOrderId))
  orders.sort((a, b) => a.purchaseDate.localeCompare(b.purchaseDate))
  return orders
}

function generateOrder(rng: Rng, store: Store, i: number, uniqueOrderId: () => string): EmuOrder {
  const { config, currency, country, now } = store
  // The first six are fresh unshipped MFN orders; three of them have a buyer cancel request.
  const fresh = i < 6
  const purchase = fresh ? now - rng.int(2, 40) * 3_600_000 : now - rng.int(3, 60) * DAY - rng.int(0, DAY / 1000) * 1000
  const channel: 'MFN' | 'AFN' = fresh ? 'MFN' : rng.chance(0.35) ? 'AFN' : 'MFN'
  const status: EmuOrder['status'] = fresh ? 'Unshipped' : i % 17 === 5 ? 'Canceled' : 'Shipped'
  const items = generateItems(rng, store, { i, fresh, channel, status })
  const name = rng.pick(NAMES)
  const city = rng.pick(CITIES)
  const lastUpdate = status === 'Shipped' ? purchase + rng.int(1, 3) * DAY : purchase + rng.int(5, 60) * 60_000
  return {
    id: uniqueOrderId(),
    marketplaceId: config.marketplaceIds[0]!,
    currency,
    purchaseDate: iso(purchase),
    lastUpdateDate: iso(Math.min(lastUpdate, now)),
    status,
    channel,
    isPrime: rng.chance(0.3),
    isBusiness: rng.chance(0.1),
    shipServiceLevel: rng.chance(0.8) ? 'Std US D2D Dom' : 'Exp US D2D Dom',
    buyer: { email: `${rng.alnum(12).toLowerCase()}@marketplace.amazon.com`, name, phone: `+1 555-010-${rng.digits(4)}` },
    address: {
      name,
      line1: `${rng.int(10, 999)} ${rng.pick(['Any St', 'Example Ave', 'Sample Rd', 'Main St'])}`,
      city: city[0],
      state: city[1],
      postal: city[2],
      country
    },
    items
  }
}

function generateItems(
  rng: Rng,
  { catalog, currency }: Store,
  o: { i: number; fresh: boolean; channel: 'MFN' | 'AFN'; status: EmuOrder['status'] }
): EmuItem[] {
  const { i, fresh, channel, status } = o
  const nItems = rng.chance(0.25) ? 2 : 1
  const picked = new Set<number>()
  const items: EmuItem[] = []
  for (let k = 0; k < nItems; k++) {
    let pi = rng.int(0, catalog.length - 1)
    while (picked.has(pi)) pi = (pi + 1) % catalog.length
    picked.add(pi)
    const p = catalog[pi]!
    const qty = rng.chance(0.2) ? 2 : 1
    const price = p.priceMinor * qty
    const tax = currency === 'JPY' ? 0 : Math.round(price * 0.0825)
    const ship = channel === 'AFN' || rng.chance(0.5) ? 0 : currency === 'JPY' ? 500 : 499
    const buyerCancel = fresh && i < 3 && k === 0 ? { reason: CANCEL_REASONS[i % CANCEL_REASONS.length]! } : null
    items.push({
      orderItemId: rng.digits(14),
      sku: p.sku,
      asin: p.asin,
      fnsku: p.fnsku,
      title: p.title,
      quantity: qty,
      quantityShipped: status === 'Shipped' ? qty : 0,
      priceMinor: price,
      taxMinor: tax,
      shippingMinor: ship,
      shippingTaxMinor: ship && currency !== 'JPY' ? Math.round(ship * 0.0825) : 0,
      buyerCancel,
      canceled: status === 'Canceled',
      cancelReason: status === 'Canceled' ? 'NoInventory' : null,
      refundedMinor: 0
    })
  }
  return items
}

// MFN returns of shipped MFN orders; about a third not yet refunded (the app's refund queue).
function generateMfnReturns(rng: Rng, { now }: Store, orders: EmuOrder[]): MfnReturn[] {
  const mfnReturns: MfnReturn[] = []
  for (const o of orders.filter((x) => x.status === 'Shipped' && x.channel === 'MFN')) {
    if (!rng.chance(0.4)) continue
    const it = o.items[0]!
    const req = Math.min(new Date(o.purchaseDate).getTime() + rng.int(3, 20) * DAY + rng.int(0, 86_399) * 1000, now - 3_600_000)
    const delivered = rng.chance(0.6) ? req + rng.int(2, 6) * DAY : null
    const refunded = delivered !== null && delivered < now && rng.chance(0.5)
    const total = it.priceMinor + it.taxMinor
    const prepaid = rng.chance(0.6)
    mfnReturns.push({
      orderId: o.id,
      orderDate: o.purchaseDate,
      requestDate: iso(req),
      status: refunded ? 'Closed' : rng.chance(0.85) ? 'Approved' : 'Authorized',
      rmaId: `D${rng.alnum(8)}RRMA`,
      merchantRmaId: rng.chance(0.2) ? `RMA-${rng.digits(4)}` : '',
      labelType: prepaid ? 'AmazonPrePaidLabel' : 'AmazonUnPaidLabel',
      labelCostMinor: prepaid ? rng.int(350, 899) : 0,
      currency: o.currency,
      carrier: rng.pick(['USPS', 'UPS', 'FedEx']),
      trackingId: rng.chance(0.5) ? `1Z999AA1${rng.digits(10)}` : `92020903${rng.digits(14)}`,
      paidBy: prepaid ? 'Seller' : 'Customer',
      aToZ: rng.chance(0.05),
      isPrime: o.isPrime,
      asin: it.asin,
      sku: it.sku,
      title: it.title,
      quantity: it.quantity,
      reason: rng.pick(MFN_RETURN_REASONS),
      inPolicy: rng.chance(0.9),
      returnType: 'C-Returns',
      resolution: 'StandardRefund',
      invoice: rng.chance(0.2) ? `INV-${rng.digits(6)}` : '',
      deliveryDate: delivered !== null && delivered < now ? iso(delivered) : null,
      orderAmountMinor: total,
      orderQuantity: it.quantity,
      refundedMinor: refunded ? total : null,
      category: rng.pick(['Kitchen', 'Jewelry', 'Home'])
    })
  }
  return mfnReturns
}

function generateFbaReturns(rng: Rng, { now }: Store, orders: EmuOrder[]): FbaReturn[] {
  const fbaReturns: FbaReturn[] = []
  for (const o of orders.filter((x) => x.status === 'Shipped' && x.channel === 'AFN')) {
    if (!rng.chance(0.5)) continue
    const it = o.items[0]!
    const at = Math.min(new Date(o.purchaseDate).getTime() + rng.int(4, 25) * DAY + rng.int(0, 86_399) * 1000, now - 3_600_000)
    const disp = rng.pick(FBA_DISPOSITIONS)
    fbaReturns.push({
      returnDate: iso(at).replace('Z', '+00:00'),
      orderId: o.id,
      sku: it.sku,
      asin: it.asin,
      fnsku: it.fnsku,
      title: it.title,
      quantity: 1,
      fc: rng.pick(FCS),
      disposition: disp,
      reason: rng.pick(FBA_REASONS),
      status: disp === 'SELLABLE' ? 'Unit returned to inventory' : rng.chance(0.5) ? 'Reimbursed' : 'Unit returned to inventory',
      lpn: `LPNR${rng.alnum(2).toUpperCase()}${rng.digits(9)}`,
      comments: rng.chance(0.4) ? rng.pick(['Handle cracked on arrival', 'Color not as pictured', 'Changed my mind', 'Arrived late']) : ''
    })
  }
  return fbaReturns
}

// Reimbursements: 18 months back, 2–4 a month, some combined (one id, two lines), some reversed.
function generateReimbursements(rng: Rng, { catalog, currency, now, config }: Store, orders: EmuOrder[]): Reimbursement[] {
  const reimbursements: Reimbursement[] = []
  // The default range draws exactly as before, so every other seller's data stays the same.
  const [fewest, most] = config.reimbursementsPerMonth ?? [2, 4]
  for (let m = 0; m < 18; m++) {
    const n = rng.int(fewest, most)
    for (let k = 0; k < n; k++) {
      const at = now - (m * 30 + rng.int(0, 29)) * DAY - rng.int(0, 86_399) * 1000
      const reason = rng.pick(REIMB_REASONS)
      const id = rng.digits(10)
      const lines = rng.chance(0.15) ? 2 : 1
      for (let l = 0; l < lines; l++) {
        const p = rng.pick(catalog)
        const qty = rng.int(1, 3)
        const cash = reason === 'Lost_Inbound' && rng.chance(0.3) ? 0 : qty
        const per = Math.round(p.priceMinor * (0.7 + rng.next() * 0.2))
        const order = reason === 'CustomerReturn' || reason === 'CustomerServiceIssue' ? rng.pick(orders).id : ''
        reimbursements.push({
          approvalDate: iso(at).replace('Z', '+00:00'),
          reimbursementId: id,
          caseId: reason === 'CustomerServiceIssue' || rng.chance(0.15) ? rng.digits(11) : '',
          orderId: order,
          reason,
          sku: p.sku,
          fnsku: p.fnsku,
          asin: p.asin,
          title: p.title,
          condition: 'New',
          currency,
          perUnitMinor: per,
          totalMinor: per * cash,
          qtyCash: cash,
          qtyInventory: qty - cash,
          qtyTotal: qty,
          originalId: '',
          originalType: ''
        })
      }
    }
  }
  reimbursements.push(...generateReversals(rng, now, reimbursements))
  reimbursements.sort((a, b) => a.approvalDate.localeCompare(b.approvalDate))
  return reimbursements
}

/** A few reversals (found inventory): negative amounts pointing at the original line. */
function generateReversals(rng: Rng, now: number, reimbursements: Reimbursement[]): Reimbursement[] {
  return reimbursements
    .filter((r, i) => i % 11 === 3 && r.qtyCash > 0)
    .slice(0, 4)
    .map((orig) => {
      const at = Math.min(new Date(orig.approvalDate).getTime() + rng.int(2, 20) * DAY, now - DAY)
      return {
        ...orig,
        approvalDate: iso(at).replace('Z', '+00:00'),
        reimbursementId: rng.digits(10),
        caseId: '',
        reason: 'Reimbursement_Reversal',
        totalMinor: -orig.perUnitMinor,
        qtyCash: -1,
        qtyInventory: 0,
        qtyTotal: -1,
        originalId: orig.reimbursementId,
        originalType: orig.reason
      }
    })
}

const LOSS = ['M', '5', 'E', '6', '7', 'H', 'K', 'U', 'D']

// Inventory ledger: 18 months of adjustments, receipts, shipments and customer returns.
function generateLedger(rng: Rng, store: Store): LedgerEvent[] {
  const ledger: LedgerEvent[] = []
  for (let m = 0; m < 18; m++) {
    const n = rng.int(3, 6)
    for (let k = 0; k < n; k++) ledger.push(generateLedgerEvent(rng, store, m))
  }
  ledger.sort((a, b) => a.at.localeCompare(b.at))
  return ledger
}

function generateLedgerEvent(rng: Rng, { catalog, country, now }: Store, m: number): LedgerEvent {
  const at = now - (m * 30 + rng.int(0, 29)) * DAY - rng.int(0, 86_399) * 1000
  const p = rng.pick(catalog)
  const kind = rng.int(0, 9)
  let eventType = 'Adjustments'
  let qty = -rng.int(1, 3)
  let reason = rng.pick(LOSS)
  if (kind < 2) {
    eventType = 'Adjustments'
    reason = rng.pick(['F', 'N'])
    qty = rng.int(1, 2)
  } else if (kind < 4) {
    eventType = 'Receipts'
    reason = ''
    qty = rng.int(10, 60)
  } else if (kind < 6) {
    eventType = 'Shipments'
    reason = ''
    qty = -rng.int(1, 3)
  } else if (kind < 7) {
    eventType = 'CustomerReturns'
    reason = ''
    qty = 1
  }
  const loss = eventType === 'Adjustments' && qty < 0
  const reconciled = loss ? rng.int(0, -qty) : null
  return {
    at: iso(at),
    fnsku: p.fnsku,
    asin: p.asin,
    sku: p.sku,
    title: p.title,
    eventType,
    referenceId: rng.digits(10),
    quantity: qty,
    fc: rng.pick(FCS),
    disposition: 'SELLABLE',
    reason,
    country,
    reconciled: loss ? reconciled : eventType === 'Adjustments' ? qty : null,
    unreconciled: loss ? -qty - (reconciled ?? 0) : eventType === 'Adjustments' ? 0 : null
  }
}
