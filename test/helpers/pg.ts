/**
 * A fresh PostgreSQL database per test file, on the throwaway server that
 * `scripts/with-postgres.sh` starts for `npm test` (SBO_TEST_PG_URL). No server means the team
 * tests fail with what to do — they are not skipped, so CI can never pass without them.
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import pg from 'pg'
import { silentLogger } from '../../src/main/log'
import { migrateTeamDb, openTeamDb, type TeamDb } from '../../src/main/team/pg/db'

export const PG_MIGRATIONS = resolve(__dirname, '../../drizzle/pg')

export function pgServerUrl(): string {
  const url = process.env.SBO_TEST_PG_URL
  if (!url)
    throw new Error(
      "SBO_TEST_PG_URL is not set: run the team tests through `npm test`, or `sh scripts/with-postgres.sh npx vitest run test/integration/team` (needs Debian's postgresql package)."
    )
  return url
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function createTestDatabase(prefix = 'sbo_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const server = pgServerUrl()
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(server)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  }
}

/** A migrated team database with an open pool. */
export async function migratedTeamDb(): Promise<{ db: TeamDb; url: string; close(): Promise<void> }> {
  const created = await createTestDatabase()
  const db = openTeamDb(created.url)
  await migrateTeamDb(db, { url: created.url, migrationsFolder: PG_MIGRATIONS, log: silentLogger })
  return {
    db,
    url: created.url,
    async close() {
      await db.$client.end()
      await created.drop()
    }
  }
}
