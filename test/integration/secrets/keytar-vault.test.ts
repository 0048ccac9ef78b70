/**
 * Real keychain: runs inside `scripts/with-keyring.sh` (a private D-Bus session with an unlocked
 * gnome-keyring), which `npm test` uses. Without a session bus it skips and says why.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { createLogger } from '../../../src/main/log'
import { makeServices, validStore } from '../../helpers/services'

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
if (!hasBus) console.warn('[keytar-vault.test] skipped: no D-Bus session (run through `npm test`, which starts a private Secret Service)')

describe.skipIf(!hasBus)('keytar vault against a real Secret Service', () => {
  it('round-trips, overwrites and deletes a secret', async () => {
    const vault = createKeytarVault(`sbo-test-${randomUUID()}`)
    expect(await vault.get('s1:refreshToken')).toBeNull()
    await vault.set('s1:refreshToken', 'Atzr|one')
    expect(await vault.get('s1:refreshToken')).toBe('Atzr|one')
    await vault.set('s1:refreshToken', 'Atzr|two')
    expect(await vault.get('s1:refreshToken')).toBe('Atzr|two')
    expect(await vault.delete('s1:refreshToken')).toBe(true)
    expect(await vault.get('s1:refreshToken')).toBeNull()
  })

  it('puts store secrets in the keychain and nowhere in the SQLite files or the log', async () => {
    const vault = createKeytarVault(`sbo-test-${randomUUID()}`)
    const lines: string[] = []
    const ctx = makeServices({ vault, log: createLogger({ level: 'debug', sink: (l) => lines.push(l) }) })
    const secret = `amzn1.oa2-cs.v1.${randomUUID().replace(/-/g, '')}`
    const token = `Atzr|${randomUUID()}`
    try {
      const store = await ctx.services.stores.create({ ...validStore, secrets: { lwaClientSecret: secret, refreshToken: token } })
      expect(await vault.get(`${store.id}:lwaClientSecret`)).toBe(secret)
      expect(await vault.get(`${store.id}:refreshToken`)).toBe(token)
      const listed = await ctx.dispatch('stores.list', {})
      expect(JSON.stringify(listed)).not.toContain(token)
      ctx.services.sqlite.pragma('wal_checkpoint(FULL)')
      for (const f of readdirSync(ctx.dir).filter((n) => n.startsWith('test.sqlite'))) {
        const bytes = readFileSync(join(ctx.dir, f)).toString('latin1')
        expect(bytes).not.toContain(secret)
        expect(bytes).not.toContain(token.slice(5))
      }
      expect(lines.join('\n')).not.toContain(token.slice(5))
      await ctx.services.stores.remove(store.id)
      expect(await vault.get(`${store.id}:refreshToken`)).toBeNull()
    } finally {
      ctx.close()
    }
  })
})
