import { z } from 'zod'
import { StoreId } from '../ids'

/** What the watched folder recognises a file as (by its content), i.e. where it is imported. */
export const WATCH_KINDS = [
  'reimbursements',
  'returns',
  'ledger',
  'settlement',
  'orders',
  'listings',
  'adjustmentsReport',
  'removalOrders',
  'removalShipments',
  'replacements'
] as const
export const WatchKind = z.enum(WATCH_KINDS)
export type WatchKind = z.infer<typeof WatchKind>

/** imported; failed (the importer refused it: `error` says why); unrecognised (left alone); leftAlone (recognised, but a person must import it: `error` says where). */
export const ImportLogResult = z.enum(['imported', 'failed', 'unrecognised', 'leftAlone'])
export type ImportLogResult = z.infer<typeof ImportLogResult>

export const ImportLogEntry = z.object({
  id: z.number().int(),
  storeId: z.string(),
  /** The file's full path when it was seen. */
  file: z.string(),
  kind: WatchKind.nullable(),
  result: ImportLogResult,
  /** The import's counts by name (inserted, updated, unchanged, rejected …), null when nothing ran. */
  counts: z.record(z.string(), z.number()).nullable(),
  error: z.string().nullable(),
  at: z.string()
})
export type ImportLogEntry = z.infer<typeof ImportLogEntry>

export const WatchedFolder = z.object({
  storeId: z.string(),
  /** Absolute path; null when the store has none. */
  path: z.string().nullable(),
  enabled: z.boolean(),
  /** Whether the folder is being watched right now (it exists and the app runs its watcher). */
  watching: z.boolean(),
  /** Why it is not watched (the folder is missing, not a folder …), null when it is. */
  problem: z.string().nullable()
})
export type WatchedFolder = z.infer<typeof WatchedFolder>

export const importLog = {
  'imports.log': {
    input: z.object({ storeId: StoreId.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.array(ImportLogEntry)
  },
  'imports.watchedFolder': { input: z.object({ storeId: StoreId }).strict(), output: WatchedFolder },
  'imports.setWatchedFolder': {
    input: z
      .object({
        storeId: StoreId,
        /** Absolute path of an existing folder; null removes the store's watched folder. */
        path: z.string().trim().min(1).max(4096).nullable(),
        enabled: z.boolean().default(true)
      })
      .strict(),
    output: WatchedFolder
  }
} as const
