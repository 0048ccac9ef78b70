import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Team mode on a desktop (owned by `team/`, see team/client/). Single-seat mode never writes
 * these tables. The session token is NOT here: it lives in the keychain (secrets/ vault).
 */

/** The one team connection of this database (id is always 1). */
export const teamConnection = sqliteTable('team_connection', {
  id: integer().primaryKey(),
  serverUrl: text().notNull(),
  userName: text().notNull(),
  role: text({ enum: ['admin', 'finance', 'warehouse'] }).notNull(),
  /** The user allowed a plain-http server that is not on this machine. */
  insecure: integer({ mode: 'boolean' }).notNull().default(false),
  /** The server refused the token (401): the user must log in again. Commands wait meanwhile. */
  needsLogin: integer({ mode: 'boolean' }).notNull().default(false),
  /** The server's change `seq` this copy has applied up to (saved with the rows, in one transaction). */
  cursor: integer().notNull().default(0),
  /** Informational (shown to the user): when the server last answered, and the last full sync. */
  lastContactAt: text(),
  lastSyncAt: text(),
  lastError: text(),
  connectedAt: text().notNull()
})

/**
 * Commands made on this desktop, kept until the server has decided them. `seq` is the local send
 * order (a UUIDv7 id carries the client's clock, which may be moved back: the order must not).
 */
export const teamOutbox = sqliteTable(
  'team_outbox',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    /** UUIDv7 made here; the server stores it once under a unique key. */
    id: text().notNull().unique(),
    channel: text().notNull(),
    input: text({ mode: 'json' }).notNull(),
    /** The client's clock when the user acted: informational only. */
    issuedAt: text().notNull(),
    state: text({ enum: ['pending', 'sent', 'applied', 'refused'] }).notNull(),
    /** The server's CommandOutcome (applied / refused, result or error, decidedAt by the server). */
    outcome: text({ mode: 'json' }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /**
     * A file import's report file, kept in the app's data folder under its SHA-256 until the
     * command is decided (the input's fileId is that SHA-256: the server's file id). Uploaded
     * before the command is sent.
     */
    file: text({ mode: 'json' }).$type<{ sha256: string; name: string }>()
  },
  (t) => [index('team_outbox_state_idx').on(t.state, t.seq)]
)

/** The local copy of what the user's role sees, from the server's change log. */
export const teamLocalRows = sqliteTable(
  'team_local_rows',
  {
    entity: text().notNull(),
    key: text().notNull(),
    storeId: text(),
    data: text({ mode: 'json' }).notNull(),
    seq: integer().notNull()
  },
  (t) => [primaryKey({ columns: [t.entity, t.key] }), index('team_local_rows_store_idx').on(t.entity, t.storeId)]
)
