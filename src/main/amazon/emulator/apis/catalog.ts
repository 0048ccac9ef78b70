/**
 * Catalog Items API 2022-04-01: searchCatalogItems (by ASIN identifiers) and getCatalogItem, with
 * the included data the app asks for (summaries, images, relationships), in the shapes of
 * models/catalogItems_2022-04-01.json (requests are validated against that model: validation.ts).
 * Images are small generated SVGs as data URLs, so screens show them without a network and within
 * the app's Content-Security-Policy (`img-src data:`).
 */
import type { CatalogItem } from '../../spapi/types'
import type { Product, SellerData } from '../data'
import { PARENT_ASINS } from '../data'
import { badRequest, csv, notFound, type ApiHandlers, type ApiRequest } from './common'
import type { Handled } from '../context'

const COLORS = ['#e8590c', '#1971c2', '#2f9e44', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5c940d']

/** A 64×64 SVG: a coloured square with the SKU's first letters. */
export function productImage(p: Product, i: number): string {
  const letters = p.sku.replace(/[^A-Z]/g, '').slice(0, 2) || 'P'
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="8" fill="${COLORS[i % COLORS.length]}"/><text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="bold" fill="#fff" text-anchor="middle">${letters}</text></svg>`
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

function item(data: SellerData, asin: string, marketplaceId: string, included: string[]): CatalogItem | null {
  // A parent ASIN is a catalog item too (no listing of its own): its children's first title.
  const i = data.catalog.findIndex((p) => p.asin === asin)
  const childIndex = i >= 0 ? -1 : data.catalog.findIndex((p) => PARENT_ASINS[p.asin] === asin)
  if (i < 0 && childIndex < 0) return null
  const p = data.catalog[i >= 0 ? i : childIndex]!
  const out: CatalogItem = { asin }
  if (included.includes('summaries')) out.summaries = [{ marketplaceId, itemName: p.title, brand: 'Emulated Brand' }]
  if (included.includes('images'))
    out.images = [{ marketplaceId, images: [{ variant: 'MAIN', link: productImage(p, i >= 0 ? i : childIndex), height: 64, width: 64 }] }]
  if (included.includes('relationships')) {
    const parent = i >= 0 ? PARENT_ASINS[asin] : undefined
    const children = i < 0 ? data.catalog.filter((c) => PARENT_ASINS[c.asin] === asin).map((c) => c.asin) : []
    out.relationships = [
      {
        marketplaceId,
        relationships: parent
          ? [{ type: 'VARIATION', parentAsins: [parent] }]
          : children.length > 0
            ? [{ type: 'VARIATION', childAsins: children }]
            : []
      }
    ]
  }
  return out
}

const DEFAULT_INCLUDED = ['summaries']

function searchCatalogItems({ query, seller }: ApiRequest): Handled {
  const identifiers = csv(query, 'identifiers')
  if (identifiers.length === 0) return badRequest('The emulator serves searchCatalogItems by identifiers only (keywords are not supported)')
  if (query.get('identifiersType') !== 'ASIN') return badRequest('The emulator serves identifiersType=ASIN only')
  const marketplaceId = csv(query, 'marketplaceIds')[0]!
  if (!seller.data.config.marketplaceIds.includes(marketplaceId))
    return badRequest(`Invalid marketplaceId ${marketplaceId} for this seller`)
  const included = csv(query, 'includedData')
  const items = identifiers
    .map((a) => item(seller.data, a.toUpperCase(), marketplaceId, included.length ? included : DEFAULT_INCLUDED))
    .filter((x): x is CatalogItem => x !== null)
  return { status: 200, body: { numberOfResults: items.length, pagination: {}, refinements: { brands: [], classifications: [] }, items } }
}

function getCatalogItem({ params, query, seller }: ApiRequest): Handled {
  const marketplaceId = csv(query, 'marketplaceIds')[0]!
  const included = csv(query, 'includedData')
  const found = item(seller.data, params[0]!.toUpperCase(), marketplaceId, included.length ? included : DEFAULT_INCLUDED)
  return found ? { status: 200, body: found } : notFound(`Requested item '${params[0]}' not found in marketplace ${marketplaceId}`)
}

export const catalogApi = (): ApiHandlers<'searchCatalogItems' | 'getCatalogItem'> => ({ searchCatalogItems, getCatalogItem })
