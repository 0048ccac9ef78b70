import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
afterEach(() => ctx?.close())

describe('stores', () => {
  it('creates, lists, updates and removes a store with default settings', async () => {
    ctx = makeServices()
    const s = ctx.services.stores
    const created = await s.create(validStore)
    expect(created).toMatchObject({ ...validStore, isDemo: false, hasCredentials: false })
    expect(s.getSettings(created.id)).toMatchObject({ allowOverRefund: false, queueRefundsAndCancellations: false, queueAutoSubmit: false })

    const updated = await s.update({
      id: created.id,
      patch: { name: 'Mugs EU', region: 'EU', marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'] }
    })
    expect(updated).toMatchObject({ name: 'Mugs EU', region: 'EU', marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'] })
    expect((await s.list()).map((x) => x.name)).toEqual(['Mugs EU'])

    await s.remove(created.id)
    expect(await s.list()).toEqual([])
    // Settings go with the store (foreign key cascade).
    expect(ctx.services.sqlite.prepare('SELECT count(*) AS n FROM store_settings').get()).toEqual({ n: 0 })
    await expect(s.get(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('keeps secrets in the vault only and removes them with the store', async () => {
    const vault = createMemoryVault()
    ctx = makeServices({ vault })
    const created = await ctx.services.stores.create({
      ...validStore,
      secrets: { lwaClientSecret: 'amzn1.oa2-cs.v1.s3cret', refreshToken: 'Atzr|r3fresh' }
    })
    expect(created.hasCredentials).toBe(true)
    expect(vault.entries().get(`${created.id}:refreshToken`)).toBe('Atzr|r3fresh')
    expect(await ctx.services.stores.credentials(created.id)).toEqual({
      lwaClientId: validStore.lwaClientId,
      lwaClientSecret: 'amzn1.oa2-cs.v1.s3cret',
      refreshToken: 'Atzr|r3fresh'
    })
    await ctx.services.stores.remove(created.id)
    expect(vault.entries().size).toBe(0)
  })

  it('persists settings and refuses auto-submit without the queue', async () => {
    ctx = makeServices()
    const { id } = await ctx.services.stores.create(validStore)
    expect(() => ctx.services.stores.updateSettings(id, { queueAutoSubmit: true })).toThrow(/Queue refunds and cancellations/)
    ctx.services.stores.updateSettings(id, { queueRefundsAndCancellations: true, queueAutoSubmit: true, allowOverRefund: true })
    expect(ctx.services.stores.getSettings(id)).toMatchObject({
      queueRefundsAndCancellations: true,
      queueAutoSubmit: true,
      allowOverRefund: true
    })
    // Turning the queue off turns auto-submit off too.
    ctx.services.stores.updateSettings(id, { queueRefundsAndCancellations: false })
    expect(ctx.services.stores.getSettings(id)).toMatchObject({ queueRefundsAndCancellations: false, queueAutoSubmit: false })
  })

  it('emits data.changed so screens refresh', async () => {
    ctx = makeServices()
    const seen: string[][] = []
    ctx.services.events.onAny((name, p) => {
      if (name === 'data.changed') seen.push((p as { domains: string[] }).domains)
    })
    await ctx.services.stores.create(validStore)
    expect(seen).toContainEqual(['stores'])
  })
})
