/**
 * The team server's PostgreSQL connection and its guarded start-up — the same guard as SQLite's
 * (`db/migrate.ts`): refuse a database written by a newer server, back up before pending
 * migrations (pg_dump, when the database already has data), and never let two servers migrate
 * at once (a session advisory lock around drizzle's migrator).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { AppError } from '../../errors'
import type { Logger } from '../../log'
import { readJournal } from '../../db/migrate'
import * as schema from './schema'

export type TeamDb = NodePgDatabase<typeof schema> & { $client: pg.Pool }
/** A transaction (or savepoint) on the team database. */
export type TeamTx = Parameters<Parameters<TeamDb['transaction']>[0]>[0]

/** Any fixed 64-bit key: the advisory lock that serialises migrations between servers. */
const MIGRATION_LOCK = 7_391_004_221

export function openTeamDb(url: string, opts: { max?: number } = {}): TeamDb {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 })
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return drizzle({ client: pool, schema, casing: 'snake_case' })
}

async function appliedMillis(client: pg.PoolClient): Promise<number[]> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations') AS t")
  if (!exists.rows[0]?.t) return []
  const rows = await client.query<{ created_at: string }>('SELECT created_at FROM drizzle.__drizzle_migrations')
  return rows.rows.map((r) => Number(r.created_at))
}

export type MigrateOptions = { url: string; migrationsFolder: string; backupDir?: string; log: Logger; now?: () => Date }

/** Applies pending migrations; returns their tags. Throws AppError CONFLICT on a newer database. */
export async function migrateTeamDb(db: TeamDb, opts: MigrateOptions): Promise<string[]> {
  const journal = readJournal(opts.migrationsFolder)
  const client = await db.$client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    const applied = await appliedMillis(client)
    const newestKnown = Math.max(0, ...journal.map((e) => e.when))
    const newestApplied = Math.max(0, ...applied)
    if (newestApplied > newestKnown) {
      throw new AppError(
        'CONFLICT',
        'The team database was written by a newer version of the Seller Back Office server; update the server before starting it.',
        {
          newestApplied,
          newestKnown
        }
      )
    }
    const pending = journal.filter((e) => e.when > newestApplied)
    if (pending.length === 0) return []
    if (applied.length > 0 && opts.backupDir) {
      const file = backupBeforeMigration(opts.url, opts.backupDir, (opts.now ?? (() => new Date()))())
      opts.log.info('team database backed up before migrating', { backup: file, migration: pending[0]!.tag })
    }
    try {
      await migrate(drizzle({ client }), { migrationsFolder: opts.migrationsFolder })
    } catch (e) {
      // drizzle runs all pending migrations in one transaction: a failure leaves the database as it was.
      throw new AppError('INTERNAL', `Team database migration ${pending[0]!.tag} failed; nothing was changed.`, { cause: String(e) })
    }
    return pending.map((e) => e.tag)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}

/** `pg_dump --format=custom` into the backup folder; refuses to migrate when the dump fails. */
function backupBeforeMigration(url: string, dir: string, now: Date): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `team-pre-migration-${now.toISOString().replace(/[:.]/g, '-')}.dump`)
  // The password goes through the environment, not argv (argv is visible to every user in `ps`).
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  u.password = ''
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env
  const r = spawnSync('pg_dump', ['--format=custom', '--file', file, '--dbname', u.toString()], { encoding: 'utf8', env })
  if (r.status !== 0) {
    throw new AppError('INTERNAL', 'Could not back up the team database before migrating (pg_dump failed); nothing was changed.', {
      cause: r.error ? String(r.error) : (r.stderr || '').trim().slice(0, 500)
    })
  }
  return file
}
