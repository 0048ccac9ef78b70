/**
 * The catalog job, for stores with SP-API access (the demo store talks to the emulator): daily,
 * download the All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA) for the store's first
 * marketplace and import it like a file, then ask the Catalog Items API (v2022-04-01
 * searchCatalogItems, 20 ASINs a call, includedData summaries, images, relationships) about every
 * ASIN the store has that was never asked or not for a week (catalog.ts `asinsToSync`).
 * A file-only store is skipped with a status (its listings come from a file).
 */
import type { FetchReportResult } from '../amazon/spapi/client'
import { LISTINGS_REPORT_TYPE } from '../amazon/reports/listings'
import type { CatalogSearchResponse } from '../amazon/spapi/types'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import { apiSkipReason } from '../stores/api-access'
import type { StoresService } from '../stores/service'
import type { CatalogService } from './catalog'

export const CATALOG_JOB = 'catalog.sync'
export const CATALOG_INTERVAL_MS = 24 * 3600_000
/** searchCatalogItems takes at most 20 identifiers (catalogItems_2022-04-01.json, maxItems). */
export const CATALOG_BATCH = 20
export const CATALOG_INCLUDED_DATA = ['summaries', 'images', 'relationships']

export type CatalogClient = {
  fetchReport(spec: { reportType: string; marketplaceIds: string[] }): Promise<FetchReportResult>
  searchCatalogItems(q: { asins: string[]; marketplaceId: string; includedData: string[] }): Promise<CatalogSearchResponse>
}

export function catalogJob(deps: {
  stores: StoresService
  catalog: CatalogService
  clientFor: (storeId: string) => Promise<CatalogClient>
}): JobDefinition {
  return {
    name: CATALOG_JOB,
    intervalMs: CATALOG_INTERVAL_MS,
    retryMs: 30 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const store = await deps.stores.get(ctx.storeId)
      const skip = apiSkipReason(store, 'downloaded')
      if (skip) return skip
      const marketplaceId = store.marketplaceIds[0]!
      const client = await deps.clientFor(ctx.storeId)
      ctx.progress(0, null, 'requesting the All Listings report')
      const r = await client.fetchReport({ reportType: LISTINGS_REPORT_TYPE, marketplaceIds: [marketplaceId] })
      if (r.kind === 'pending')
        throw new AppError('UNAVAILABLE', `Amazon is still preparing listings report ${r.report.reportId}; will try again`)
      let listings = 'no listings'
      if (r.kind === 'done') {
        const s = await deps.catalog.importListings({
          storeId: ctx.storeId,
          source: r.document.body,
          charset: r.document.charset,
          fileName: `${LISTINGS_REPORT_TYPE} ${r.report.reportId}`,
          marketplaceId,
          commit: true,
          detailLimit: 20
        })
        listings = `${s.inserted} listings new, ${s.updated} changed, ${s.rejectedCount} rejected`
      }
      const asins = deps.catalog.asinsToSync(ctx.storeId, marketplaceId)
      let changed = 0
      for (let i = 0; i < asins.length; i += CATALOG_BATCH) {
        if (ctx.signal.aborted) throw new Error('stopped')
        ctx.progress(i, asins.length, 'reading the catalog')
        const batch = asins.slice(i, i + CATALOG_BATCH)
        const res = await client.searchCatalogItems({ asins: batch, marketplaceId, includedData: CATALOG_INCLUDED_DATA })
        changed += deps.catalog.applyCatalogItems(ctx.storeId, marketplaceId, batch, res.items)
      }
      return `${listings}; ${asins.length} ASINs asked, ${changed} products updated from the catalog`
    }
  }
}
