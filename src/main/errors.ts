import type { ErrorCode, ErrorPayload } from '../shared/errors'

/** The only error type services throw on purpose; its code crosses the boundary intact. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

/**
 * SQLite's result codes (better-sqlite3's SqliteError.code: "SQLITE_BUSY", "SQLITE_IOERR_WRITE", …)
 * -> a named code and a message a user can act on. Nothing was saved when one of them ends an
 * import: the transaction is undone.
 */
const DATABASE_FAULTS: [prefix: string, code: ErrorCode, message: string][] = [
  [
    'SQLITE_BUSY',
    'DATABASE_BUSY',
    'The database is in use by another program (another copy of the app, a backup or sync tool holding it). Nothing was saved. Close the other program and try again.'
  ],
  [
    'SQLITE_LOCKED',
    'DATABASE_BUSY',
    'The database is in use by another program (another copy of the app, a backup or sync tool holding it). Nothing was saved. Close the other program and try again.'
  ],
  ['SQLITE_FULL', 'DISK_FULL', 'The disk holding the database is full. Nothing was saved. Free some space and try again.'],
  [
    'SQLITE_READONLY',
    'DATABASE_READ_ONLY',
    'The database file or its folder is read-only (file permissions, a read-only disk or a synced folder). Nothing was saved. Make it writable and try again.'
  ],
  [
    'SQLITE_CANTOPEN',
    'DATABASE_READ_ONLY',
    'The database file can’t be opened: its folder is missing or read-only, or the file is not accessible. Nothing was saved.'
  ],
  ['SQLITE_PERM', 'DATABASE_READ_ONLY', 'The database file may not be written (permission denied). Nothing was saved.'],
  ['SQLITE_CORRUPT', 'DATABASE_CORRUPT', 'The database file is damaged. Nothing was saved. Restore it from a backup.'],
  ['SQLITE_NOTADB', 'DATABASE_CORRUPT', 'The database file is not a database (damaged, or another kind of file). Nothing was saved.'],
  [
    'SQLITE_IOERR',
    'DATABASE_IO',
    'The disk failed to read or write the database (a disk error, or a removed or network drive). Nothing was saved. Check the disk and try again.'
  ]
]

/** The named fault of a database error, or null when it is not one (a constraint, a bug…). */
export function databaseFault(e: unknown): { code: ErrorCode; message: string; sqlite: string } | null {
  const sqlite = (e as { code?: unknown } | null)?.code
  if (typeof sqlite !== 'string' || !sqlite.startsWith('SQLITE_')) return null
  for (const [prefix, code, message] of DATABASE_FAULTS)
    if (sqlite === prefix || sqlite.startsWith(`${prefix}_`)) return { code, message, sqlite }
  return null
}

/**
 * Set on an error when undoing its transaction failed as well: the original cause stays the
 * error (the rollback's own failure rides along), so a failed ROLLBACK never hides why it ran.
 */
export const ROLLBACK_FAILED = Symbol('rollbackFailed')

export function toErrorPayload(e: unknown): ErrorPayload {
  if (isAppError(e)) {
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details }
  }
  const fault = databaseFault(e)
  if (fault) {
    const rollback = (e as { [ROLLBACK_FAILED]?: unknown })[ROLLBACK_FAILED]
    const note = rollback ? ' (Undoing the unfinished work failed too; SQLite undoes it when the database is next opened.)' : ''
    return { code: fault.code, message: fault.message + note, details: { sqlite: fault.sqlite } }
  }
  // Anything unexpected: keep the message generic on the wire; the stack goes to the log.
  return { code: 'INTERNAL', message: 'Internal error' }
}

/**
 * Runs `undo` (a ROLLBACK) after `cause` ended a transaction. If the ROLLBACK fails too, the
 * cause is what is thrown (carrying the rollback error under ROLLBACK_FAILED), never the
 * rollback's error in its place.
 */
export function rollbackAfter(cause: unknown, undo: () => void): void {
  try {
    undo()
  } catch (rollbackError) {
    if (cause !== null && typeof cause === 'object') (cause as { [ROLLBACK_FAILED]?: unknown })[ROLLBACK_FAILED] = rollbackError
  }
}
