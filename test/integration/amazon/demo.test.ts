import { describe, expect, it } from 'vitest'
import { DEMO_META_KEY } from '../../../src/main/amazon/demo'
import { envSpApi } from './helpers'
import { appMeta } from '../../../src/main/db/schema'
import { makeServices, validStore } from '../../helpers/services'

describe('demo store', () => {
  it('appears on a fresh database, passes "Test connection" through dispatch, and stays removed once removed', async () => {
    const t = makeServices({ spApi: envSpApi({ demoStore: true }) })
    const ext = t.services
    try {
      await ext.start()
      const list = await t.dispatch('stores.list', {})
      if (!list.ok) throw new Error(list.error.message)
      const stores = list.data as { id: string; name: string; isDemo: boolean; hasCredentials: boolean }[]
      expect(stores).toHaveLength(1)
      expect(stores[0]).toMatchObject({ name: 'Demo store', isDemo: true, hasCredentials: true })
      const id = stores[0]!.id

      const r = await t.dispatch('stores.testConnection', { id })
      expect(r).toMatchObject({ ok: true, data: { ok: true } })
      expect((r as { data: { message: string } }).data.message).toMatch(/demo emulator.*US/)
      // No demo credentials were written to the keychain.
      expect(await t.services.stores.credentials(id)).toBeNull()

      // A real store without keychain secrets gets a clear answer.
      const real = await t.dispatch('stores.create', validStore)
      if (!real.ok) throw new Error(real.error.message)
      const rr = await t.dispatch('stores.testConnection', { id: (real.data as { id: string }).id })
      expect(rr).toMatchObject({ ok: true, data: { ok: false } })
      expect((rr as { data: { message: string } }).data.message).toMatch(/No LWA client secret and refresh token/)

      await t.dispatch('stores.remove', { id })
      await ext.stop()
      await ext.start() // next start of the app
      const again = await t.services.stores.list()
      expect(again.some((s) => s.isDemo)).toBe(false)
      expect(
        t.services.db
          .select()
          .from(appMeta)
          .all()
          .some((m) => m.key === DEMO_META_KEY)
      ).toBe(true)
    } finally {
      await ext.stop()
      t.close()
    }
  })

  it('the CLI does not create it unless asked', async () => {
    const t = makeServices({ spApi: envSpApi({ demoStore: false }) })
    const ext = t.services
    try {
      await ext.start()
      expect(await t.services.stores.list()).toEqual([])
      expect(t.services.info().spApiConfigured).toBe(true)
    } finally {
      await ext.stop()
      t.close()
    }
  })
})
