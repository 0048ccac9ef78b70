/** The app-wide key/value table (app_meta), owned by db/: one-off facts about this database. */
import { eq } from 'drizzle-orm'
import type { Db } from './client'
import { appMeta } from './schema'

export function readMeta(db: Db, key: string): string | null {
  return db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).get()?.value ?? null
}

/** Writes `key` once: a second write of the same key keeps the first value. Returns whether it wrote. */
export function writeMetaOnce(db: Db, key: string, value: string, at: Date): boolean {
  return db.insert(appMeta).values({ key, value, updatedAt: at.toISOString() }).onConflictDoNothing().run().changes > 0
}

/** Writes `key`, replacing an earlier value (app-wide preferences such as "check for updates"). */
export function writeMeta(db: Db, key: string, value: string, at: Date): void {
  db.insert(appMeta)
    .values({ key, value, updatedAt: at.toISOString() })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: at.toISOString() } })
    .run()
}
