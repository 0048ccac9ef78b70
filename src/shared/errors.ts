/**
 * Errors cross every boundary (IPC, HTTP bridge, CLI) as data, never as thrown Error objects:
 * Electron's IPC drops every field but `message` (electron/electron#24427).
 */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'OFFLINE',
  'THROTTLED',
  'UNAVAILABLE',
  'AMAZON_REJECTED',
  'UNAUTHORIZED',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_IMPLEMENTED',
  /** Team mode: the user's role may not use this channel (checked before anything is queued; the server checks again). */
  'FORBIDDEN',
  /**
   * Team mode: the command is in this desktop's outbox, not yet decided by the team server (it is
   * sent when the server is reachable; details: { outboxId, channel }). Not a failure, not a success.
   */
  'QUEUED',
  /** The database file is locked by another program (or another copy of the app): SQLITE_BUSY / SQLITE_LOCKED. */
  'DATABASE_BUSY',
  /** The disk holding the database is full: SQLITE_FULL. */
  'DISK_FULL',
  /** The database file or its folder can't be written or opened: SQLITE_READONLY / SQLITE_CANTOPEN / SQLITE_PERM. */
  'DATABASE_READ_ONLY',
  /** The database file is damaged or is not a database: SQLITE_CORRUPT / SQLITE_NOTADB. */
  'DATABASE_CORRUPT',
  /** The disk failed to read or write the database: SQLITE_IOERR. */
  'DATABASE_IO',
  'INTERNAL'
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional()
})
export type ErrorPayload = z.infer<typeof ErrorPayload>

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload }

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const err = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details }
})
