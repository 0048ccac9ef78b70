/**
 * The team server's own tables on PostgreSQL: accounts, tokens, the command ledger, the change
 * log, uploaded files, stores and submission leases. The domain tables live beside this file,
 * one file per domain, as in SQLite's `src/main/db/schema/`.
 */
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const teamUsers = pgTable('team_users', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  name: text().notNull().unique(),
  role: text({ enum: ['admin', 'finance', 'warehouse'] }).notNull(),
  /** scrypt: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` (node:crypto; no secret is stored plain). */
  passwordHash: text().notNull(),
  disabledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
})

/** Bearer tokens: only their SHA-256 is stored, so a copy of the database logs nobody in. */
export const teamTokens = pgTable('team_tokens', {
  tokenHash: text().primaryKey(),
  userId: bigint({ mode: 'number' })
    .notNull()
    .references(() => teamUsers.id),
  label: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true })
})

/**
 * The command ledger: one row per client-made command id, written in the same transaction that
 * applies (or refuses) the command. The primary key is what makes a resent command a no-op.
 */
export const teamCommands = pgTable(
  'team_commands',
  {
    id: uuid().primaryKey(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamUsers.id),
    channel: text().notNull(),
    input: jsonb().notNull(),
    status: text({ enum: ['applied', 'refused'] }).notNull(),
    result: jsonb(),
    error: jsonb(),
    /** The client's clock when the user acted (informational; never used to decide). */
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('team_commands_user_idx').on(t.userId, t.decidedAt)]
)

/**
 * The change log desktops pull from. `seq` is assigned under a transaction-scoped advisory lock
 * (`server/changes.ts`), so changes become visible in `seq` order and a cursor never skips one.
 */
export const teamChanges = pgTable(
  'team_changes',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text(),
    entity: text().notNull(),
    key: text().notNull(),
    op: text({ enum: ['upsert', 'delete'] }).notNull(),
    data: jsonb(),
    commandId: uuid(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('team_changes_entity_idx').on(t.entity, t.key)]
)

/** Uploaded report files, addressed by their SHA-256 (an upload sent twice is stored once). */
export const teamFiles = pgTable('team_files', {
  sha256: text().primaryKey(),
  name: text().notNull(),
  bytes: integer().notNull(),
  content: text().notNull(),
  uploadedBy: bigint({ mode: 'number' })
    .notNull()
    .references(() => teamUsers.id),
  uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
})

/** Seller accounts served by this team server. Credentials are in the server's secret store. */
export const teamStores = pgTable('team_stores', {
  id: text().primaryKey(),
  name: text().notNull(),
  region: text({ enum: ['NA', 'EU', 'FE'] }).notNull(),
  sellerId: text(),
  marketplaceIds: jsonb().$type<string[]>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
})

/**
 * Submission leases with fencing tokens (Kleppmann 2016): one row per (store, feed type). Taking
 * the lease increments `token`; every batch state change is conditioned on the token it was
 * taken with, so a paused former holder's writes change nothing.
 */
export const teamLeases = pgTable(
  'team_leases',
  {
    storeId: text().notNull(),
    feedType: text().notNull(),
    holder: text(),
    token: bigint({ mode: 'number' }).notNull().default(0),
    expiresAt: timestamp({ withTimezone: true })
  },
  (t) => [primaryKey({ columns: [t.storeId, t.feedType] })]
)
