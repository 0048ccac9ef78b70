/**
 * A file-only store: a name and its marketplaces, no seller id, no LWA fields. API access can be
 * added later on the same store; jobs that need the SP-API skip it with a status, not an error.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_SYNC_JOB, registerOrderSyncJob } from '../../../src/main/orders/sync.job'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
afterEach(() => ctx?.close())

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details?: unknown } }
const call = async (channel: string, input: unknown): Promise<Answer> => (await ctx.dispatch(channel as never, input)) as Answer
const data = async (channel: string, input: unknown) => {
  const a = await call(channel, input)
  if (!a.ok) throw new Error(`${channel}: ${a.error.message}`)
  return a.data
}
const refused = async (channel: string, input: unknown) => {
  const a = await call(channel, input)
  if (a.ok) throw new Error(`${channel} was accepted`)
  return a.error
}

describe('file-only store', () => {
  it('is created from a name and marketplaces only (region from the marketplaces) through the contract', async () => {
    ctx = makeServices()
    const s = await data('stores.create', { name: 'Mugs DE', marketplaceIds: ['A1PA6795UKMFR9'] })
    expect(s).toMatchObject({ name: 'Mugs DE', region: 'EU', sellerId: null, lwaClientId: null, fileOnly: true, hasCredentials: false })
    expect(ctx.services.stores.fileOnly(s.id as string)).toBe(true)
    expect(() => ctx.services.stores.sellerId(s.id as string)).toThrow(/no seller id/)
  })

  it('refuses half an API registration and marketplaces of two regions, naming the field', async () => {
    ctx = makeServices()
    const noSeller = await refused('stores.create', { name: 'X', marketplaceIds: ['ATVPDKIKX0DER'], lwaClientId: validStore.lwaClientId })
    expect(noSeller).toMatchObject({ code: 'VALIDATION' })
    expect(JSON.stringify(noSeller.details)).toContain('sellerId')
    const secretsOnly = await refused('stores.create', {
      name: 'X',
      marketplaceIds: ['ATVPDKIKX0DER'],
      secrets: { refreshToken: 'Atzr|x' }
    })
    expect(JSON.stringify(secretsOnly.details)).toContain('lwaClientId')
    const twoRegions = await refused('stores.create', { name: 'X', marketplaceIds: ['ATVPDKIKX0DER', 'A1PA6795UKMFR9'] })
    expect(JSON.stringify(twoRegions.details)).toContain('marketplaceIds')
  })

  it('gets API access later on the same store (and the secrets go to the keychain)', async () => {
    const vault = createMemoryVault()
    ctx = makeServices({ vault })
    const s = await ctx.services.stores.create({ name: 'Mugs US', marketplaceIds: ['ATVPDKIKX0DER'] })
    expect(await refused('stores.update', { id: s.id, patch: {}, secrets: { refreshToken: 'Atzr|r3fresh' } })).toMatchObject({
      code: 'VALIDATION'
    })
    const updated = await data('stores.update', {
      id: s.id,
      patch: { sellerId: validStore.sellerId, lwaClientId: validStore.lwaClientId },
      secrets: { lwaClientSecret: 'amzn1.oa2-cs.v1.s3cret', refreshToken: 'Atzr|r3fresh' }
    })
    expect(updated).toMatchObject({ id: s.id, fileOnly: false, hasCredentials: true, sellerId: validStore.sellerId })
    expect(vault.entries().get(`${s.id}:refreshToken`)).toBe('Atzr|r3fresh')
  })

  it('an SP-API job skips it with a clear status, not an error', async () => {
    ctx = makeServices()
    const s = await ctx.services.stores.create({ name: 'Mugs US', marketplaceIds: ['ATVPDKIKX0DER'] })
    registerOrderSyncJob(ctx.services.scheduler, {
      db: ctx.services.db,
      clock: ctx.clock,
      events: ctx.services.events,
      orders: ctx.services.orders,
      jobs: ctx.services.jobs,
      stores: ctx.services.stores,
      clientFor: () => Promise.reject(new Error('no SP-API client may be asked for a file-only store'))
    })
    await ctx.services.scheduler.runNow(ORDER_SYNC_JOB, s.id)
    const run = ctx.services.sqlite
      .prepare('SELECT status, message FROM job_runs WHERE name = ? AND store_id = ?')
      .get(ORDER_SYNC_JOB, s.id)
    expect(run).toMatchObject({ status: 'succeeded', message: expect.stringMatching(/file-only store/) })
  })
})
