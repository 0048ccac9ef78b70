/**
 * The header's online badge is per selected store (issue 12 §2): a demo store talks to the
 * in-process emulator and is online even when Amazon's endpoint can't be reached; a real store is
 * online when ITS region's endpoint answers. Real services, real HTTP (a loopback server and a
 * closed port).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { envSpApi } from '../amazon/helpers'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  delete process.env.SBO_SPAPI_BASE_URL
})

async function closedPortUrl(): Promise<string> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return `http://127.0.0.1:${port}`
}

async function setup(baseUrl: string) {
  process.env.SBO_SPAPI_BASE_URL = baseUrl
  const t = makeServices({ realClock: true, spApi: envSpApi() })
  cleanups.push(t.close)
  const demo = await t.services.stores.create({ ...validStore, name: 'Demo store', sellerId: 'DEMOSELLER01' }, { isDemo: true })
  const real = await t.services.stores.create(validStore)
  const status = async (storeId?: string) => {
    const r = await t.dispatch('app.networkStatus', storeId ? { storeId } : {})
    if (!r.ok) throw new Error(r.error.message)
    return r.data as { online: boolean; storeId: string | null; endpoint: string }
  }
  return { t, demo, real, status }
}

describe('online badge per store', () => {
  it('Amazon unreachable: the demo store is online, the real store offline', async () => {
    const { demo, real, status } = await setup(await closedPortUrl())
    expect(await status(demo.id)).toMatchObject({ online: true, storeId: demo.id, endpoint: 'demo' })
    expect(await status(real.id)).toMatchObject({ online: false, storeId: real.id, endpoint: 'amazon' })
  })

  it("a real store is online when its region's endpoint answers (any HTTP status)", async () => {
    const server: Server = createServer((_req, res) => res.writeHead(403).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
    const { real, status } = await setup(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    expect(await status(real.id)).toMatchObject({ online: true, endpoint: 'amazon' })
  })
})

describe('"All stores" (issue 18)', () => {
  it('only the demo store calls SP-API: online (the emulator), not OFFLINE from Amazon', async () => {
    process.env.SBO_SPAPI_BASE_URL = await closedPortUrl()
    const t = makeServices({ realClock: true, spApi: envSpApi() })
    cleanups.push(t.close)
    await t.services.stores.create({ ...validStore, name: 'Demo store', sellerId: 'DEMOSELLER01' }, { isDemo: true })
    const r = await t.dispatch('app.networkStatus', {})
    expect(r.ok && r.data).toMatchObject({ online: true, storeId: null, endpoint: 'demo' })
  })

  it("a real store too: the answer is Amazon's endpoint (unreachable here)", async () => {
    const { status } = await setup(await closedPortUrl())
    expect(await status()).toMatchObject({ online: false, storeId: null, endpoint: 'amazon' })
  })
})
