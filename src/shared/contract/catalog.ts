import { z } from 'zod'
import { FileImportInput } from './imports'

/** What an All Listings report import did (or would do: a preview). */
export const ListingsImportSummary = z.object({
  file: z.string(),
  encoding: z.string(),
  /** Data rows read (header and blank lines not counted). */
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  /** Each rejected row: its line, the column at fault (null: the whole line) and what was expected. */
  rejected: z.array(z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() })),
  committed: z.boolean()
})
export type ListingsImportSummary = z.infer<typeof ListingsImportSummary>

export const catalog = {
  'catalog.previewListingsImport': { input: FileImportInput, output: ListingsImportSummary },
  'catalog.importListings': { input: FileImportInput, output: ListingsImportSummary }
} as const
