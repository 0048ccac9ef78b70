/** Handlers of the imports.* channels (the watched folder and the Imports log; spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { ImportsService } from './service'

type ImportsChannel = Extract<keyof Handlers, `imports.${string}`>

/** `stores.basics` refuses an unknown store (NOT_FOUND); structural, as stores/ is beside this unit. */
export function importsHandlers(s: { imports: ImportsService; stores: { basics(id: string): unknown } }): Pick<Handlers, ImportsChannel> {
  return {
    'imports.log': ({ storeId, limit }) => s.imports.log(storeId, limit),
    'imports.watchedFolder': ({ storeId }) => {
      s.stores.basics(storeId) // NOT_FOUND for an unknown store
      return s.imports.watchedFolder(storeId)
    },
    'imports.setWatchedFolder': (input) => {
      s.stores.basics(input.storeId)
      return s.imports.setWatchedFolder(input)
    }
  }
}
