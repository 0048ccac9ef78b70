import { afterEach, describe, expect, it } from 'vitest'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
afterEach(() => ctx?.close())

describe('dispatch validates every payload', () => {
  it.each([
    ['stores.create', { ...validStore, sellerId: 'lower-case' }, 'sellerId'],
    ['stores.create', { ...validStore, marketplaceIds: ['NOPE'] }, 'marketplaceIds'],
    ['stores.create', { ...validStore, region: 'MARS' }, 'region'],
    ['stores.create', { ...validStore, extra: 1 }, ''],
    ['stores.get', { id: 42 }, 'id'],
    ['settings.update', { storeId: 'x', patch: { allowOverRefund: 'yes' } }, 'patch'],
    ['settings.update', { storeId: 'x', patch: { notASetting: true } }, 'patch'],
    ['jobs.recent', { limit: 100000 }, 'limit']
  ])('%s rejects %j with VALIDATION', async (channel, input, path) => {
    ctx = makeServices()
    const r = await ctx.dispatch(channel, input)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('VALIDATION')
    expect(JSON.stringify(r.error.details)).toContain(path)
  })

  it('answers NOT_FOUND for an unknown channel and for a missing store', async () => {
    ctx = makeServices()
    const unknown = await ctx.dispatch('fs.readFile', { path: '/etc/passwd' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const missing = await ctx.dispatch('stores.get', { id: 'nope' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('passes a valid payload through and validates the output', async () => {
    ctx = makeServices()
    const r = await ctx.dispatch('stores.create', validStore)
    expect(r.ok).toBe(true)
    const list = await ctx.dispatch('stores.list', {})
    expect(list).toMatchObject({ ok: true, data: [{ name: 'Mugs US', hasCredentials: false }] })
  })

  it('keeps internal errors generic on the wire', async () => {
    ctx = makeServices()
    ctx.services.sqlite.exec('DROP TABLE job_runs')
    const r = await ctx.dispatch('jobs.recent', {})
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } })
  })
})
