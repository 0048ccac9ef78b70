/**
 * Amazon's removal dates for SP-API operations this app uses or used, one row per operation,
 * and the check that warns (log at start-up, the status line through `app.deprecations`) when a
 * store still uses one within WARN_WITHIN_DAYS of its removal.
 *
 * Which operations a store uses: what its client actually called recently (recorded per store by
 * the SP-API client: SpApiClientDeps.onOperation → StoresService.recordOperations), plus what the
 * store is configured to use (`configured`, from the composition root; e.g. the Orders API
 * version switch once it exists). Keep this table current with ../shared/amazon/api-changes.md.
 */
import type { DeprecationWarning } from '../../../shared/contract/finances'

export type Deprecation = {
  /** The operationId in Amazon's model (and in operations.ts). */
  operation: string
  api: string
  apiVersion: string
  replacement: string
  /** Amazon's removal date, YYYY-MM-DD (the operation is gone from 00:00 UTC that day). */
  removalDate: string
  source: string
  note?: string
}

export const WARN_WITHIN_DAYS = 90
/** A recorded call counts as "in use" this long (a store that switched away stops warning). */
export const RECENT_USE_DAYS = 14
const DAY = 86_400_000

const ORDERS_V0_SOURCE =
  'developer-docs.amazon.com/sp-api/changelog/new-introducing-the-orders-api-v2026-01-01 ; developer-docs.amazon.com/sp-api/docs/orders-api-migration-guide'
const FINANCES_V0_SOURCE =
  'developer-docs.amazon.com/sp-api/changelog/deprecation-of-finances-v0-operations ; model models/finances-api-model/finances_2024-06-19.json'
const FINANCES_V0_NOTE =
  'Two Amazon notices disagree: 28 Aug 2026 and 27 Aug 2027. 28 Aug 2026 has passed; the later date is the one Amazon lists now (migration trackers read late 2026 agree). The app itself calls Finances 2024-06-19 listTransactions (queue/amazon-record.ts).'

export const DEPRECATIONS: readonly Deprecation[] = [
  {
    operation: 'getOrders',
    api: 'Orders API',
    apiVersion: 'v0',
    replacement: 'Orders API v2026-01-01 searchOrders',
    removalDate: '2027-03-27',
    source: ORDERS_V0_SOURCE
  },
  {
    operation: 'getOrder',
    api: 'Orders API',
    apiVersion: 'v0',
    replacement: 'Orders API v2026-01-01 getOrder (includedData)',
    removalDate: '2027-03-27',
    source: ORDERS_V0_SOURCE
  },
  {
    operation: 'getOrderItems',
    api: 'Orders API',
    apiVersion: 'v0',
    replacement: 'Orders API v2026-01-01 getOrder (items are part of the order)',
    removalDate: '2027-03-27',
    source: ORDERS_V0_SOURCE
  },
  {
    operation: 'listFinancialEvents',
    api: 'Finances API',
    apiVersion: 'v0',
    replacement: 'Finances API 2024-06-19 listTransactions',
    removalDate: '2027-08-27',
    source: FINANCES_V0_SOURCE,
    note: FINANCES_V0_NOTE
  },
  {
    operation: 'listFinancialEventsByOrderId',
    api: 'Finances API',
    apiVersion: 'v0',
    replacement: 'Finances API 2024-06-19 listTransactions (relatedIdentifierName=ORDER_ID)',
    removalDate: '2027-08-27',
    source: FINANCES_V0_SOURCE,
    note: FINANCES_V0_NOTE
  },
  {
    operation: 'listFinancialEventsByGroupId',
    api: 'Finances API',
    apiVersion: 'v0',
    replacement: 'Finances API 2024-06-19 listTransactions (relatedIdentifierName=FINANCIAL_EVENT_GROUP_ID)',
    removalDate: '2027-08-27',
    source: FINANCES_V0_SOURCE,
    note: FINANCES_V0_NOTE
  }
]

/**
 * Report types Amazon removed (not operations: the app must neither request nor expect them).
 * Source: developer-docs changelog update-removal-of-xml-settlement-report-and-flat-file-
 * settlement-report-date-changed-to-november-11-2026 (first announced for 25 Mar 2026).
 */
export const REMOVED_REPORT_TYPES: readonly { reportType: string; removedOn: string; replacement: string }[] = [
  {
    reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE',
    removedOn: '2026-11-11',
    replacement: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2'
  },
  { reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_XML', removedOn: '2026-11-11', replacement: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2' }
]

export type StoreOperations = {
  storeId: string
  storeName: string
  /** Operations the store's client called, with the last call's instant (ISO). */
  called: { operation: string; lastCalledAt: string }[]
  /** Operations the store is configured to use (whether or not called yet). */
  configured: string[]
}

/** Whole days from `now` to the removal (negative once removed). */
export function daysUntil(removalDate: string, now: Date): number {
  return Math.ceil((Date.parse(`${removalDate}T00:00:00Z`) - now.getTime()) / DAY)
}

/** The warnings for these stores at `now`: every deprecated operation in use within WARN_WITHIN_DAYS of (or past) its removal. */
export function deprecationWarnings(
  stores: StoreOperations[],
  now: Date,
  table: readonly Deprecation[] = DEPRECATIONS
): DeprecationWarning[] {
  const out: DeprecationWarning[] = []
  const recentFrom = now.getTime() - RECENT_USE_DAYS * DAY
  for (const s of stores) {
    const inUse = new Set([...s.configured, ...s.called.filter((c) => Date.parse(c.lastCalledAt) >= recentFrom).map((c) => c.operation)])
    for (const d of table) {
      if (!inUse.has(d.operation)) continue
      const daysLeft = daysUntil(d.removalDate, now)
      if (daysLeft > WARN_WITHIN_DAYS) continue
      out.push({
        storeId: s.storeId,
        storeName: s.storeName,
        operation: d.operation,
        api: d.api,
        apiVersion: d.apiVersion,
        replacement: d.replacement,
        removalDate: d.removalDate,
        daysLeft,
        source: d.source
      })
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.storeName.localeCompare(b.storeName) || a.operation.localeCompare(b.operation))
}

/** One log line per warning, in words. */
export const describeWarning = (w: DeprecationWarning): string =>
  w.daysLeft > 0
    ? `Store "${w.storeName}" still uses ${w.api} ${w.apiVersion} ${w.operation}, which Amazon removes on ${w.removalDate} (in ${w.daysLeft} days); move to ${w.replacement}. Source: ${w.source}`
    : `Store "${w.storeName}" still uses ${w.api} ${w.apiVersion} ${w.operation}, which Amazon removed on ${w.removalDate}; move to ${w.replacement}. Source: ${w.source}`
