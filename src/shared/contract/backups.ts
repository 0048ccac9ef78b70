import { z } from 'zod'
import type { ContractSlice } from './types'

export const BackupEntry = z.object({
  name: z.string(),
  file: z.string(),
  createdAt: z.string(),
  reason: z.enum(['daily', 'manual', 'pre-migration', 'pre-import', 'pre-restore', 'unknown']),
  sizeBytes: z.number().int(),
  verified: z.boolean(),
  evidence: z.boolean()
})
export type BackupEntry = z.infer<typeof BackupEntry>

export const BackupStatus = z.object({
  folder: z.string(),
  defaultFolder: z.string(),
  /** The newest verified backup in the folder. */
  lastGoodAt: z.string().nullable(),
  /** No verified backup for more than two days (or none at all on a database with data). */
  stale: z.boolean(),
  count: z.number().int(),
  /** The newest background backup (daily, before an import) that failed; null once one succeeds. */
  lastFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** What the start-up check run after the first screen found wrong with the database (PRAGMA quick_check), or null. */
  damaged: z.string().nullable()
})
export type BackupStatus = z.infer<typeof BackupStatus>

export const BackupContents = z.object({
  name: z.string(),
  createdAt: z.string().nullable(),
  integrity: z.object({ ok: z.boolean(), detail: z.string() }),
  schema: z.enum(['same', 'older', 'newer', 'none']),
  tables: z.array(z.object({ table: z.string(), rows: z.number().int(), newest: z.string().nullable() })),
  inFlight: z.object({ batches: z.number().int(), entries: z.number().int() })
})
export type BackupContents = z.infer<typeof BackupContents>

/** A backup is named by its file name in the backup folder, never by a path from the screen. */
const Name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._-]+\.sqlite$/)

export const backups = {
  'backups.status': { input: z.object({}).strict(), output: BackupStatus },
  'backups.list': { input: z.object({}).strict(), output: z.array(BackupEntry) },
  'backups.now': { input: z.object({}).strict(), output: BackupEntry },
  'backups.inspect': { input: z.object({ name: Name }).strict(), output: BackupContents },
  'backups.restore': { input: z.object({ name: Name }).strict(), output: z.object({ restarting: z.literal(true) }) },
  'backups.setFolder': {
    input: z.object({ folder: z.string().min(1).max(4096).nullable() }).strict(),
    output: BackupStatus
  }
} as const satisfies ContractSlice
