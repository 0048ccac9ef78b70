/**
 * Team accounts: users with a role, passwords hashed with scrypt (node:crypto: salted, memory-hard,
 * compared in constant time), bearer tokens of 32 random bytes of which only the SHA-256 is stored
 * (a copy of the database logs nobody in). A disabled user's tokens stop working at once; a
 * revoked token stops working at once.
 *
 * No library: node:crypto has scrypt, randomBytes and timingSafeEqual, which is all this needs
 * (a password library would wrap the same calls).
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { TeamRole } from '../../../shared/team'
import { AppError } from '../../errors'
import { registerSecret } from '../../log'
import type { TeamDb } from '../pg/db'
import { teamTokens, teamUsers } from '../pg/schema'
import type { Actor } from './ledger'

/** scrypt cost: N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), 32 MiB of memory per hash. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const SALT_BYTES = 16
const TOKEN_BYTES = 32
export const MIN_PASSWORD_LENGTH = 10

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keylen, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (e, key) =>
      e ? reject(e) : resolve(key)
    )
  )

/** `scrypt$N$r$p$<salt b64>$<hash b64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await scrypt(password, salt, KEY_LENGTH, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  const salt = Buffer.from(parts[4]!, 'base64')
  const expected = Buffer.from(parts[5]!, 'base64')
  if (!N || !r || !p || expected.length === 0) return false
  const key = await scrypt(password, salt, expected.length, { N, r, p })
  return timingSafeEqual(key, expected)
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex')

/** A hash to compare against when the user does not exist, so a login takes as long either way. */
let dummyHash: Promise<string> | null = null

export type UserInfo = { id: number; name: string; role: TeamRole; disabled: boolean; createdAt: string }

const NAME = /^[A-Za-z0-9._@-]{1,100}$/

export class Accounts {
  constructor(
    private readonly db: TeamDb,
    private readonly clock: () => Date = () => new Date()
  ) {}

  async addUser(name: string, role: TeamRole, password: string): Promise<UserInfo> {
    if (!NAME.test(name))
      throw new AppError('VALIDATION', `User name '${name}' is not valid: 1–100 letters, digits, '.', '_', '@' or '-'.`, { field: 'name' })
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new AppError('VALIDATION', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, { field: 'password' })
    const passwordHash = await hashPassword(password)
    const [row] = await this.db
      .insert(teamUsers)
      .values({ name, role, passwordHash })
      .onConflictDoNothing({ target: teamUsers.name })
      .returning()
    if (!row) throw new AppError('CONFLICT', `A user named '${name}' already exists.`, { field: 'name' })
    return info(row)
  }

  async listUsers(): Promise<UserInfo[]> {
    return (await this.db.select().from(teamUsers).orderBy(asc(teamUsers.name))).map(info)
  }

  async setPassword(name: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new AppError('VALIDATION', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, { field: 'password' })
    const r = await this.db
      .update(teamUsers)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(teamUsers.name, name))
      .returning({ id: teamUsers.id })
    if (r.length === 0) throw new AppError('NOT_FOUND', `No user named '${name}'.`)
  }

  /** Disables (or enables) a user: a disabled user cannot log in, and their tokens are refused. */
  async setDisabled(name: string, disabled: boolean): Promise<void> {
    const r = await this.db
      .update(teamUsers)
      .set({ disabledAt: disabled ? this.clock() : null })
      .where(eq(teamUsers.name, name))
      .returning({ id: teamUsers.id })
    if (r.length === 0) throw new AppError('NOT_FOUND', `No user named '${name}'.`)
  }

  /**
   * User + password → a new bearer token (shown once; only its SHA-256 is kept). Every failure
   * is the same UNAUTHORIZED answer (no hint whether the user exists), after the same scrypt work.
   */
  async login(name: string, password: string, label: string | null = null): Promise<{ token: string; actor: Actor }> {
    const [user] = await this.db.select().from(teamUsers).where(eq(teamUsers.name, name))
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
    if (!user || !ok || user.disabledAt) throw new AppError('UNAUTHORIZED', 'Wrong user name or password, or the account is disabled.')
    const token = randomBytes(TOKEN_BYTES).toString('base64url')
    registerSecret(token)
    await this.db.insert(teamTokens).values({ tokenHash: tokenHash(token), userId: user.id, label, createdAt: this.clock() })
    return { token, actor: { userId: user.id, name: user.name, role: user.role } }
  }

  /** The actor behind a bearer token, or UNAUTHORIZED (unknown, revoked, or the user disabled). */
  async authenticate(token: string): Promise<Actor> {
    const hash = tokenHash(token)
    const [row] = await this.db
      .select({
        id: teamUsers.id,
        name: teamUsers.name,
        role: teamUsers.role,
        disabledAt: teamUsers.disabledAt,
        lastUsedAt: teamTokens.lastUsedAt
      })
      .from(teamTokens)
      .innerJoin(teamUsers, eq(teamUsers.id, teamTokens.userId))
      .where(and(eq(teamTokens.tokenHash, hash), isNull(teamTokens.revokedAt)))
    if (!row || row.disabledAt)
      throw new AppError('UNAUTHORIZED', 'The token is not valid (unknown, revoked, or its user is disabled); log in again.')
    const now = this.clock()
    // Last use is kept to the minute: no write per request.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
      await this.db.update(teamTokens).set({ lastUsedAt: now }).where(eq(teamTokens.tokenHash, hash))
    return { userId: row.id, name: row.name, role: row.role }
  }

  /** Revokes one token (the bearer's own logout). */
  async revokeToken(token: string): Promise<boolean> {
    const r = await this.db
      .update(teamTokens)
      .set({ revokedAt: this.clock() })
      .where(and(eq(teamTokens.tokenHash, tokenHash(token)), isNull(teamTokens.revokedAt)))
      .returning({ h: teamTokens.tokenHash })
    return r.length > 0
  }

  /** Revokes every token of a user (admin: a lost laptop); returns how many. */
  async revokeUserTokens(name: string): Promise<number> {
    const [user] = await this.db.select({ id: teamUsers.id }).from(teamUsers).where(eq(teamUsers.name, name))
    if (!user) throw new AppError('NOT_FOUND', `No user named '${name}'.`)
    const r = await this.db
      .update(teamTokens)
      .set({ revokedAt: this.clock() })
      .where(and(eq(teamTokens.userId, user.id), isNull(teamTokens.revokedAt)))
      .returning({ h: teamTokens.tokenHash })
    return r.length
  }
}

function info(row: typeof teamUsers.$inferSelect): UserInfo {
  return { id: row.id, name: row.name, role: row.role, disabled: row.disabledAt !== null, createdAt: row.createdAt.toISOString() }
}
