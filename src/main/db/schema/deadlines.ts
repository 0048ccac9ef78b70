import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Desktop notifications the deadlines job has shown (#17): one row per item and stage, so each
 * threshold notifies once, also across restarts. The item key names its domain and row
 * ("order:shipConfirm:<order id>", "rma:refund:<rma id>").
 */
export const deadlineNotices = sqliteTable(
  'deadline_notices',
  {
    itemKey: text().notNull(),
    /** warn | urgent | overdue */
    stage: text().notNull(),
    at: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.itemKey, t.stage] })]
)
