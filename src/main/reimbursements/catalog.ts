/**
 * The product catalog (the `products` table, owned here because the reimbursements screen joins
 * it on every page): SKU -> ASIN, parent ASIN, title, image, marketplace, and the listing's price,
 * quantity, status and fulfillment channel.
 *
 * Filled from two sources:
 * - the All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA), imported from a file or downloaded
 *   by the catalog job (catalog.job.ts): one row per seller SKU, upserted, so a re-import of the
 *   same file changes nothing;
 * - the Catalog Items API (v2022-04-01, stores with SP-API access only) for the ASINs the store
 *   has — its listings and its reimbursement lines — : title, main image and parent ASIN.
 */
import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { contract } from '../../shared/contract'
import type { ListingsImportSummary } from '../../shared/contract/catalog'
import { MARKETPLACES } from '../../shared/ids'
import { openListingsReport, type ListingRecord } from '../amazon/reports/listings'
import type { Source } from '../amazon/reports/tabular'
import type { CatalogItem } from '../amazon/spapi/types'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { inTransaction } from '../db/transaction'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { JobRunsService } from '../jobs/runs'
import type { StoresService } from '../stores/service'

export type ListingsImportRequest = {
  storeId: string
  source: Source
  fileName: string
  charset?: string | null
  /** The marketplace the report is for (a file: the store's first). */
  marketplaceId: string
  commit: boolean
  detailLimit: number
}

/** A product asked for by store and SKU, or by ASIN when no catalog row has that SKU. */
export type ProductKey = { storeId: string; sku: string; asin?: string | null }
/** What a screen shows of a product: the catalog's title and image (either may be unknown). */
export type ProductLook = { title: string | null; imageUrl: string | null }

/** Catalog data older than this is asked again (titles and images change rarely). */
export const CATALOG_REFRESH_MS = 7 * 86_400_000

const currencyOf = (marketplaceId: string): string =>
  Object.values(MARKETPLACES)
    .flat()
    .find((m) => m.id === marketplaceId)?.currency ?? 'USD'

class Rollback extends Error {}

/** Title, main image and parent ASIN of a Catalog Items API item in one marketplace. */
export function catalogFields(
  item: CatalogItem,
  marketplaceId: string
): { title: string | null; imageUrl: string | null; parentAsin: string | null } {
  const summary = item.summaries?.find((s) => s.marketplaceId === marketplaceId) ?? item.summaries?.[0]
  const images = (item.images?.find((i) => i.marketplaceId === marketplaceId) ?? item.images?.[0])?.images ?? []
  // The MAIN variant; of its sizes the smallest at least 64 px wide (a thumbnail on screen), else the largest.
  const main = images.filter((i) => i.variant === 'MAIN').sort((a, b) => a.width - b.width)
  const image = main.find((i) => i.width >= 64) ?? main.at(-1) ?? null
  const rel = (item.relationships?.find((r) => r.marketplaceId === marketplaceId) ?? item.relationships?.[0])?.relationships ?? []
  const parent = rel.find((r) => r.type === 'VARIATION' && r.parentAsins && r.parentAsins.length > 0)?.parentAsins?.[0] ?? null
  return { title: summary?.itemName ?? null, imageUrl: image?.link ?? null, parentAsin: parent }
}

export class CatalogService {
  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      events: EventBus
      files: FileStaging
      jobs: JobRunsService
      stores: StoresService
    }
  ) {}

  private get sqlite(): Database.Database {
    return this.deps.db.$client
  }

  /** Imports (commit) or previews a staged All Listings file for a store (its first marketplace). */
  async importFile(input: z.output<(typeof contract)['catalog.importListings']['input']>, commit: boolean): Promise<ListingsImportSummary> {
    const store = this.deps.stores.basics(input.storeId)
    const f = this.deps.files.get(input.fileId)
    const req: ListingsImportRequest = {
      storeId: store.id,
      source: f.path,
      fileName: f.name,
      marketplaceId: store.marketplaceIds[0] ?? 'ATVPDKIKX0DER',
      commit,
      detailLimit: input.detailLimit
    }
    if (!commit) return this.importListings(req)
    return this.deps.files.consume(input.fileId, () =>
      this.deps.jobs.run(
        'catalog.importListings',
        store.id,
        () => this.importListings(req),
        (s) => `${s.inserted} listings new, ${s.updated} changed, ${s.unchanged} unchanged, ${s.rejectedCount} rejected`
      )
    )
  }

  /** Parses the whole file, then writes every good row in one transaction (a preview rolls back). */
  async importListings(req: ListingsImportRequest): Promise<ListingsImportSummary> {
    const store = this.deps.stores.basics(req.storeId)
    const report = await openListingsReport(req.source, {
      file: req.fileName,
      charset: req.charset ?? null,
      japanese: store.marketplaceIds.includes('A1VC38T7YXB528'),
      currency: currencyOf(req.marketplaceId)
    })
    const rows: ListingRecord[] = []
    const rejected: ListingsImportSummary['rejected'] = []
    let rejectedCount = 0
    let read = 0
    for await (const r of report.rows) {
      read++
      if (r.kind === 'rejected') {
        rejectedCount++
        if (rejected.length < req.detailLimit) rejected.push(r.problem)
      } else rows.push(r.row)
    }
    const now = this.deps.clock.now().toISOString()
    const currency = currencyOf(req.marketplaceId)
    const existing = this.sqlite.prepare('SELECT asin FROM products WHERE store_id = ? AND sku = ?')
    // A changed ASIN forgets what the Catalog Items API said about the old one. Title and image
    // from the API win over the listing's (the API's are Amazon's catalog; item-name is the seller's).
    const upsert = this.sqlite.prepare(
      `INSERT INTO products (store_id, sku, asin, title, image_url, marketplace_id, listing_id, price_minor, currency, quantity, status,
         fulfillment_channel, updated_at)
       VALUES (@storeId, @sku, @asin, @title, @imageUrl, @marketplaceId, @listingId, @priceMinor, @currency, @quantity, @status,
         @fulfillmentChannel, @now)
       ON CONFLICT (store_id, sku) DO UPDATE SET
         asin = excluded.asin,
         parent_asin = CASE WHEN products.asin IS excluded.asin THEN products.parent_asin ELSE NULL END,
         catalog_synced_at = CASE WHEN products.asin IS excluded.asin THEN products.catalog_synced_at ELSE NULL END,
         title = CASE WHEN products.catalog_synced_at IS NOT NULL AND products.asin IS excluded.asin THEN products.title
                      ELSE coalesce(excluded.title, products.title) END,
         image_url = CASE WHEN products.catalog_synced_at IS NOT NULL AND products.asin IS excluded.asin THEN products.image_url
                      ELSE coalesce(excluded.image_url, products.image_url) END,
         marketplace_id = excluded.marketplace_id,
         listing_id = excluded.listing_id,
         price_minor = excluded.price_minor,
         currency = excluded.currency,
         quantity = excluded.quantity,
         status = excluded.status,
         fulfillment_channel = excluded.fulfillment_channel,
         updated_at = excluded.updated_at
       WHERE products.asin IS NOT excluded.asin
          OR (products.catalog_synced_at IS NULL AND products.title IS NOT coalesce(excluded.title, products.title))
          OR (products.catalog_synced_at IS NULL AND products.image_url IS NOT coalesce(excluded.image_url, products.image_url))
          OR products.marketplace_id IS NOT excluded.marketplace_id
          OR products.listing_id IS NOT excluded.listing_id
          OR products.price_minor IS NOT excluded.price_minor
          OR products.currency IS NOT excluded.currency
          OR products.quantity IS NOT excluded.quantity
          OR products.status IS NOT excluded.status
          OR products.fulfillment_channel IS NOT excluded.fulfillment_channel`
    )
    let inserted = 0
    let updated = 0
    let unchanged = 0
    const write = () => {
      for (const r of rows) {
        const had = existing.get(req.storeId, r.sku) !== undefined
        const changes = upsert.run({
          storeId: req.storeId,
          sku: r.sku,
          asin: r.asin,
          title: r.title,
          imageUrl: r.imageUrl,
          marketplaceId: req.marketplaceId,
          listingId: r.listingId,
          priceMinor: r.priceMinor,
          currency: r.priceMinor === null ? null : currency,
          quantity: r.quantity,
          status: r.status,
          fulfillmentChannel: r.fulfillmentChannel,
          now
        }).changes
        if (!had) inserted++
        else if (changes > 0) updated++
        else unchanged++
      }
      if (!req.commit) throw new Rollback()
    }
    try {
      inTransaction(this.sqlite, write)
    } catch (e) {
      if (!(e instanceof Rollback)) throw e
    }
    if (req.commit && inserted + updated > 0) this.deps.events.emit('data.changed', { domains: ['reimbursements', 'rmas'] })
    return {
      file: req.fileName,
      encoding: report.encoding,
      rows: read,
      inserted,
      updated,
      unchanged,
      rejectedCount,
      rejected,
      committed: req.commit
    }
  }

  /**
   * Title and image of products for a page of rows (the RMAs screen), in one query whatever the
   * count: by store and SKU, else (`asin` given) by store and ASIN — a catalog row with a title or
   * an image wins. Answers in the keys' order; null where the catalog knows neither.
   */
  productsFor(keys: readonly ProductKey[]): (ProductLook | null)[] {
    if (keys.length === 0) return []
    const rows = this.sqlite
      .prepare(
        `WITH k AS (
           SELECT key AS i, json_extract(value, '$[0]') AS store_id, json_extract(value, '$[1]') AS sku,
                  json_extract(value, '$[2]') AS asin
           FROM json_each(?)
         ), hit AS (
           SELECT k.i, coalesce(
             (SELECT rowid FROM products p WHERE p.store_id = k.store_id AND p.sku = k.sku
                AND (p.title IS NOT NULL OR p.image_url IS NOT NULL)),
             (SELECT rowid FROM products p WHERE k.asin IS NOT NULL AND p.store_id = k.store_id AND p.asin = k.asin
                AND (p.title IS NOT NULL OR p.image_url IS NOT NULL)
              ORDER BY p.catalog_synced_at IS NULL, p.sku LIMIT 1)
           ) AS pid FROM k
         )
         SELECT hit.i AS i, p.title AS title, p.image_url AS imageUrl FROM hit JOIN products p ON p.rowid = hit.pid`
      )
      .all(JSON.stringify(keys.map((k) => [k.storeId, k.sku, k.asin ?? null]))) as ({ i: number } & ProductLook)[]
    const out: (ProductLook | null)[] = keys.map(() => null)
    for (const r of rows) out[r.i] = { title: r.title, imageUrl: r.imageUrl }
    return out
  }

  /**
   * The ASINs of a store the Catalog Items API should be asked about: those of its listings and of
   * its reimbursement lines (a SKU only seen in reimbursements gets a catalog row first), never
   * asked or asked more than CATALOG_REFRESH_MS ago.
   */
  asinsToSync(storeId: string, marketplaceId: string): string[] {
    const now = this.deps.clock.now()
    inTransaction(this.sqlite, () => {
      this.sqlite
        .prepare(
          `INSERT INTO products (store_id, sku, asin, title, marketplace_id, updated_at)
           SELECT store_id, sku, max(asin), max(product_name), @mp, @now FROM reimbursements
           WHERE store_id = @storeId AND asin IS NOT NULL AND asin <> '' AND sku IS NOT NULL AND sku <> ''
           GROUP BY store_id, sku
           ON CONFLICT (store_id, sku) DO NOTHING`
        )
        .run({ storeId, mp: marketplaceId, now: now.toISOString() })
    })
    const staleBefore = new Date(now.getTime() - CATALOG_REFRESH_MS).toISOString()
    return (
      this.sqlite
        .prepare(
          `SELECT DISTINCT asin FROM products WHERE store_id = ? AND asin IS NOT NULL AND (catalog_synced_at IS NULL OR catalog_synced_at < ?)
           ORDER BY asin`
        )
        .all(storeId, staleBefore) as { asin: string }[]
    ).map((r) => r.asin)
  }

  /** Records the Catalog Items API's answer for these ASINs (asked ones it did not return are marked asked too). */
  applyCatalogItems(storeId: string, marketplaceId: string, asked: string[], items: CatalogItem[]): number {
    const now = this.deps.clock.now().toISOString()
    const byAsin = new Map(items.map((i) => [i.asin.toUpperCase(), i]))
    const update = this.sqlite.prepare(
      `UPDATE products SET title = coalesce(@title, title), image_url = coalesce(@imageUrl, image_url), parent_asin = @parentAsin,
         marketplace_id = coalesce(marketplace_id, @marketplaceId), catalog_synced_at = @now, updated_at = @now
       WHERE store_id = @storeId AND asin = @asin`
    )
    const mark = this.sqlite.prepare('UPDATE products SET catalog_synced_at = @now WHERE store_id = @storeId AND asin = @asin')
    let changed = 0
    inTransaction(this.sqlite, () => {
      for (const asin of asked) {
        const item = byAsin.get(asin)
        if (!item) {
          mark.run({ now, storeId, asin })
          continue
        }
        changed += update.run({ ...catalogFields(item, marketplaceId), marketplaceId, now, storeId, asin }).changes
      }
    })
    if (changed > 0) this.deps.events.emit('data.changed', { domains: ['reimbursements', 'rmas'] })
    return changed
  }
}
