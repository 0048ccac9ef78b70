/**
 * Bulk loading into PostgreSQL with COPY (pg-copy-streams), inside a command's transaction.
 * COPY … FROM STDIN in text format is PostgreSQL's fastest way in: one statement streams every row,
 * with no per-row parse, plan or round trip. Domains COPY into a staging table and then settle the
 * rows with one INSERT … SELECT … ON CONFLICT (idempotent re-imports).
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { TeamTx } from '../pg/db'

/**
 * The connection a drizzle transaction runs on. drizzle does not expose it, but COPY must run on
 * that very connection (inside the transaction, on the session that owns the staging table):
 * drizzle's node-postgres transaction keeps it as `session.client` (a pool client).
 */
export function clientOf(tx: TeamTx): pg.PoolClient {
  const client = (tx as unknown as { session?: { client?: pg.PoolClient } }).session?.client
  if (!client || typeof client.query !== 'function') throw new Error('COPY: the transaction has no connection of its own')
  return client
}

export type CopyCell = string | number | boolean | null

const SPECIAL = /[\\\t\n\r]/
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** One value in COPY's text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
export function copyValue(v: CopyCell): string {
  if (v === null) return '\\N'
  if (typeof v === 'string') return SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v
  if (typeof v === 'boolean') return v ? 't' : 'f'
  return String(v)
}

/** One row in COPY's text format (tab-separated, newline-terminated). */
export const copyLine = (cells: readonly CopyCell[]): string => cells.map(copyValue).join('\t') + '\n'

/**
 * Streams text blocks (whole lines from `copyLine`) into `COPY <target> FROM STDIN` on the
 * transaction's connection; resolves with the number of rows PostgreSQL took.
 */
export async function copyInto(tx: TeamTx, target: string, blocks: AsyncIterable<string>): Promise<number> {
  const stream = clientOf(tx).query(copyFrom(`COPY ${target} FROM STDIN`))
  await pipeline(Readable.from(blocks), stream)
  return stream.rowCount
}
