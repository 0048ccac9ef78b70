import { z } from 'zod'
import { StoreId } from '../ids'

/** Input of every file import/preview channel: a staged file (see main's FileStaging) for a store. */
export const FileImportInput = z
  .object({
    storeId: StoreId,
    fileId: z.string().min(1),
    /** How many skipped/rejected rows to list (counts are always complete). */
    detailLimit: z.number().int().min(0).max(10_000_000).default(1000)
  })
  .strict()
