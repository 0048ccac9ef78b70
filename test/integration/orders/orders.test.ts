import { afterEach, describe, expect, it } from 'vitest'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
afterEach(() => ctx?.close())

describe('orders (shared minimum)', () => {
  it('creates a minimal order once, keeps notes and history, and drops them with the store', async () => {
    ctx = makeServices()
    const { id: storeId } = await ctx.services.stores.create(validStore)
    const o = ctx.services.orders
    const a = o.ensure(storeId, '113-6277818-1234567')
    const b = o.ensure(storeId, '113-6277818-1234567')
    expect(b.id).toBe(a.id)
    expect(a).toMatchObject({ isMinimal: true, status: null })
    o.addNote(a.id, 'Return tracking 9202090339598363834190', 'rma')
    const d = o.detail(storeId, '113-6277818-1234567')
    expect(d.notes.map((n) => n.text)).toEqual(['Return tracking 9202090339598363834190'])
    expect(d.history[0]).toMatchObject({ event: 'created' })
    expect(() => o.detail(storeId, '000-0000000-0000000')).toThrow(/not known/)
    // The same Amazon order id in another store is another order.
    const other = await ctx.services.stores.create({ ...validStore, name: 'Other' })
    expect(o.ensure(other.id, '113-6277818-1234567').id).not.toBe(a.id)
    await ctx.services.stores.remove(storeId)
    expect(ctx.services.sqlite.prepare('SELECT count(*) AS n FROM order_notes').get()).toEqual({ n: 0 })
  })

  it('is all-or-nothing inside the caller transaction', async () => {
    ctx = makeServices()
    const { id: storeId } = await ctx.services.stores.create(validStore)
    expect(() =>
      ctx.services.db.transaction((tx) => {
        ctx.services.orders.ensure(storeId, '111-1111111-1111111', tx)
        throw new Error('bad row later in the file')
      })
    ).toThrow()
    expect(ctx.services.orders.find(storeId, '111-1111111-1111111')).toBeNull()
  })
})
