/** Handlers of the catalog.* channels (the All Listings report import; spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { CatalogService } from './catalog'

type CatalogChannel = Extract<keyof Handlers, `catalog.${string}`>

export function catalogHandlers(s: { catalog: CatalogService }): Pick<Handlers, CatalogChannel> {
  return {
    'catalog.previewListingsImport': (input) => s.catalog.importFile(input, false),
    'catalog.importListings': (input) => s.catalog.importFile(input, true)
  }
}
