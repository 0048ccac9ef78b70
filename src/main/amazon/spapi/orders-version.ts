/**
 * Which Orders API the app speaks, and when Amazon removes the old one.
 *
 * Orders API v0 (`getOrders`, `getOrder`, `getOrderItems`) is removed on 27 March 2027; its
 * replacement is Orders API v2026-01-01 (`searchOrders`, `getOrder` with `includedData`).
 * Sources: developer-docs.amazon.com/sp-api/changelog/new-introducing-the-orders-api-v2026-01-01,
 * developer-docs.amazon.com/sp-api/docs/orders-api-migration-guide (../shared/amazon/api-changes.md).
 *
 * The app speaks 2026-01-01 unless told otherwise. `SBO_ORDERS_API_VERSION=v0` switches every
 * store back to v0 (order sync, buyer-cancellation detection, the cancellation check of the
 * queue) until the removal date; after it Amazon refuses v0 and so does the emulator.
 */
import { AppError } from '../../errors'

export const ORDERS_API_VERSIONS = ['2026-01-01', 'v0'] as const
export type OrdersApiVersion = (typeof ORDERS_API_VERSIONS)[number]

export const DEFAULT_ORDERS_API_VERSION: OrdersApiVersion = '2026-01-01'

/**
 * Amazon's removal of Orders API v0, as data with its source. The notices give a day, not an
 * hour: the emulator refuses v0 from the start of that day in UTC.
 */
export const ORDERS_V0_REMOVAL = {
  operations: ['getOrders', 'getOrder', 'getOrderItems'] as const,
  removedAt: '2027-03-27T00:00:00.000Z',
  replacement: 'Orders API v2026-01-01',
  source: 'developer-docs.amazon.com/sp-api/changelog/new-introducing-the-orders-api-v2026-01-01 (read 2026)'
} as const

/** SBO_ORDERS_API_VERSION: `2026-01-01` (default) or `v0`; anything else is refused at start-up. */
export function ordersApiVersionFromEnv(env: NodeJS.ProcessEnv = process.env): OrdersApiVersion {
  const v = env.SBO_ORDERS_API_VERSION?.trim()
  if (!v) return DEFAULT_ORDERS_API_VERSION
  if ((ORDERS_API_VERSIONS as readonly string[]).includes(v)) return v as OrdersApiVersion
  throw new AppError(
    'VALIDATION',
    `SBO_ORDERS_API_VERSION is "${v}"; expected one of ${ORDERS_API_VERSIONS.join(', ')} (unset = ${DEFAULT_ORDERS_API_VERSION}).`
  )
}
