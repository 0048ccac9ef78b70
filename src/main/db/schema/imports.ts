import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/** A store's watched folder (optional): report files that appear there are imported (src/main/imports/). */
export const watchedFolders = sqliteTable('watched_folders', {
  storeId: text()
    .primaryKey()
    .references(() => stores.id, { onDelete: 'cascade' }),
  path: text().notNull(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  updatedAt: text().notNull()
})

/**
 * The Imports log: one row per file content the watched folder saw (a file is imported once per
 * store, by the SHA-256 of its bytes, however often it is seen again). `kind` is null when the
 * file was not recognised (it is left alone); `result` says what happened.
 */
export const importLog = sqliteTable(
  'import_log',
  {
    id: integer().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    file: text().notNull(),
    contentHash: text().notNull(),
    size: integer().notNull(),
    /** What the content was recognised as (`reimbursements`, `returns`, `ledger`, …), null when not. */
    kind: text(),
    /** `imported`, `failed` or `unrecognised`. */
    result: text().notNull(),
    /** The import's counts as JSON ({"inserted":3,"rejected":1,…}), null when nothing ran. */
    counts: text(),
    error: text(),
    at: text().notNull()
  },
  (t) => [uniqueIndex('import_log_store_hash_uq').on(t.storeId, t.contentHash), index('import_log_store_at_idx').on(t.storeId, t.at)]
)
