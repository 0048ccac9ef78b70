/** Handlers of the rmas.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { FileStaging } from '../files'
import type { StoresService } from '../stores/service'
import type { KitsService } from './kits'
import type { RmasService } from './service'

type RmaChannel = Extract<keyof Handlers, `rmas.${string}`>

export function rmaHandlers(s: {
  rmas: RmasService
  kits: KitsService
  stores: StoresService
  files: FileStaging
}): Pick<Handlers, RmaChannel> {
  return {
    'rmas.list': (q) => s.rmas.list(q),
    'rmas.get': ({ id }) => s.rmas.get(id),
    'rmas.previewImport': (input) => s.rmas.importFile(input, false),
    'rmas.import': (input) => s.rmas.importFile(input, true),
    'rmas.receive': ({ id, items, scannedCode }) => s.rmas.receive(id, items, scannedCode ? { via: 'scan', scannedCode } : { via: 'form' }),
    'rmas.scanLookup': ({ storeId, code }) => {
      if (storeId) s.stores.getSettings(storeId)
      return s.rmas.scanLookup(code, storeId)
    },
    'rmas.receipts': (q) => s.rmas.receipts(q),
    'rmas.recordUnexpected': (input) => s.rmas.recordUnexpected(input),
    'rmas.unexpectedList': (q) => s.rmas.unexpectedList(q),
    'rmas.resolveUnexpected': ({ id, note }) => s.rmas.resolveUnexpected(id, note),
    'rmas.issueRefund': ({ id }) => s.rmas.issueRefund(id),
    'rmas.setStatus': ({ id, status }) => s.rmas.setStatus(id, status),
    'rmas.addNote': ({ id, body }) => s.rmas.addNote(id, body),
    'rmas.kitsList': ({ storeId }) => {
      s.stores.getSettings(storeId)
      return s.kits.list(storeId)
    },
    'rmas.kitsSave': ({ storeId, parentSku, componentSku, quantity }) => {
      s.stores.getSettings(storeId)
      return s.kits.save(storeId, parentSku, componentSku, quantity)
    },
    'rmas.kitsRemove': ({ id }) => ({ removed: s.kits.remove(id) }),
    'rmas.kitsImport': ({ storeId, fileId }) => {
      s.stores.getSettings(storeId)
      const f = s.files.get(fileId)
      return s.files.consume(fileId, () => s.kits.import(storeId, f.path, f.name))
    }
  }
}
