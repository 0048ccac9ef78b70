/**
 * Team accounts on a real PostgreSQL: scrypt-hashed passwords (never stored plain), bearer tokens
 * of which only the SHA-256 is kept; a wrong password, a revoked token and a disabled user are
 * refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { Accounts, hashPassword, tokenHash, verifyPassword } from '../../../src/main/team/server/accounts'
import type { TeamDb } from '../../../src/main/team/pg/db'
import { teamTokens, teamUsers } from '../../../src/main/team/pg/schema'
import { migratedTeamDb } from '../../helpers/pg'

let db: TeamDb
let close: () => Promise<void>
let accounts: Accounts

beforeAll(async () => {
  ;({ db, close } = await migratedTeamDb())
  accounts = new Accounts(db)
})
afterAll(async () => close())

describe('team accounts', () => {
  it('hashes passwords with a salt and verifies them', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterz', a)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
  })

  it('logs a user in with the right password only; stores only the token hash', async () => {
    await accounts.addUser('fin1', 'finance', 'finance-password-1')
    await expect(accounts.login('fin1', 'finance-password-2')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(accounts.login('nobody', 'finance-password-1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const { token, actor } = await accounts.login('fin1', 'finance-password-1')
    expect(actor).toMatchObject({ name: 'fin1', role: 'finance' })
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    const stored = await db.select().from(teamTokens)
    expect(stored.map((t) => t.tokenHash)).toContain(tokenHash(token))
    expect(JSON.stringify(stored)).not.toContain(token)
    const [user] = await db.select().from(teamUsers).where(eq(teamUsers.name, 'fin1'))
    expect(user!.passwordHash).not.toContain('finance-password-1')
    expect(await accounts.authenticate(token)).toMatchObject({ name: 'fin1', role: 'finance' })
  })

  it('refuses a revoked token, and every token of a user revoked by an admin', async () => {
    await accounts.addUser('wh1', 'warehouse', 'warehouse-password-1')
    const one = await accounts.login('wh1', 'warehouse-password-1')
    const two = await accounts.login('wh1', 'warehouse-password-1')
    expect(await accounts.revokeToken(one.token)).toBe(true)
    await expect(accounts.authenticate(one.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    expect(await accounts.authenticate(two.token)).toMatchObject({ name: 'wh1' })
    expect(await accounts.revokeUserTokens('wh1')).toBe(1)
    await expect(accounts.authenticate(two.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(accounts.authenticate('not-a-token-at-all-xxxxxxxxxxxx')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('refuses a disabled user: no login, and their existing tokens stop working', async () => {
    await accounts.addUser('adm1', 'admin', 'admin-password-1')
    const { token } = await accounts.login('adm1', 'admin-password-1')
    await accounts.setDisabled('adm1', true)
    await expect(accounts.authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(accounts.login('adm1', 'admin-password-1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await accounts.setDisabled('adm1', false)
    expect(await accounts.authenticate(token)).toMatchObject({ name: 'adm1', role: 'admin' })
  })

  it('refuses a duplicate user name, a bad name and a short password', async () => {
    await expect(accounts.addUser('fin1', 'admin', 'another-password-1')).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(accounts.addUser('bad name', 'admin', 'another-password-1')).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(accounts.addUser('short', 'admin', 'short')).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})
