/** Handlers of the stores.* and settings.* channels (spread into createHandlers). */
import type { ConnectionResult } from '../../shared/contract/stores'
import type { z } from 'zod'
import { AppError } from '../errors'
import type { Handlers } from '../handler-types'
import type { StoresService } from './service'

type StoresChannel = Extract<keyof Handlers, `stores.${string}` | `settings.${string}`>

export function storeHandlers(s: {
  stores: StoresService
  /** The SP-API connection test (null when the app runs without SP-API). */
  testConnection: ((storeId: string) => Promise<z.output<typeof ConnectionResult>>) | null
}): Pick<Handlers, StoresChannel> {
  return {
    'stores.list': () => s.stores.list(),
    'stores.get': ({ id }) => s.stores.get(id),
    'stores.create': (input) => s.stores.create(input),
    'stores.update': (input) => s.stores.update(input),
    'stores.remove': async ({ id }) => ({ removed: await s.stores.remove(id) }),
    'stores.testConnection': async ({ id }) => {
      await s.stores.get(id)
      if (!s.testConnection) throw new AppError('NOT_IMPLEMENTED', 'The SP-API client is not available in this build.')
      return s.testConnection(id)
    },
    'settings.get': ({ storeId }) => s.stores.getSettings(storeId),
    'settings.update': ({ storeId, patch }) => s.stores.updateSettings(storeId, patch)
  }
}
