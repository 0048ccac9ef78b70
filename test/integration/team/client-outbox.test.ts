/**
 * The desktop's team client (src/main/team/client) on a real SQLite file and the real keychain,
 * against a minimal stand-in server (test/helpers/team-standin.ts) that can cut the network at
 * exact points. The same client against the real team server: client-server.test.ts.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/main/log'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { TEAM_TOKEN_ACCOUNT } from '../../../src/main/team/client/service'
import { makeServices } from '../../helpers/services'
import { startStandIn } from '../../helpers/team-standin'

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
const PASSWORD = 'correct horse battery'
const receive = (id: number) => ({ id, items: [{ itemId: 1, quantity: 1, condition: 'sellable' }] })
const refund = (order: string, amountMinor: number) => ({
  storeId: 'store-1',
  amazonOrderId: order,
  reason: 'CustomerReturn',
  lines: [{ orderItemId: 'item-1', quantity: 1, components: [{ type: 'Principal', amountMinor }] }]
})

let cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.reverse()) await c()
  cleanups = []
})

async function setup(opts: { now?: string; logLines?: string[] } = {}) {
  const server = await startStandIn()
  const vault = hasBus ? createKeytarVault(`sbo-test-${randomUUID()}`) : createMemoryVault()
  const ctx = makeServices({
    vault,
    now: opts.now,
    realClock: !opts.now,
    ...(opts.logLines ? { log: createLogger({ level: 'debug', sink: (l) => opts.logLines!.push(l) }) } : {})
  })
  cleanups.push(
    () => server.close(),
    async () => {
      await vault.delete(TEAM_TOKEN_ACCOUNT).catch(() => false)
      ctx.close()
    }
  )
  return { server, vault, ctx, team: ctx.services.team }
}

async function connect(t: Awaited<ReturnType<typeof setup>>) {
  const r = await t.ctx.dispatch('team.connect', { serverUrl: t.server.url, user: 'ana', password: PASSWORD })
  expect(r.ok).toBe(true)
  return r
}

describe('team client: connect', () => {
  it('refuses plain http to another machine unless --insecure, and keeps localhost allowed', async () => {
    const t = await setup()
    const r = await t.ctx.dispatch('team.connect', { serverUrl: 'http://team.example.com', user: 'ana', password: PASSWORD })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.message).toMatch(/in clear/)
    }
    // Localhost is allowed (nothing listens on port 1: the refusal is OFFLINE, not VALIDATION).
    const local = await t.ctx.dispatch('team.connect', { serverUrl: 'http://127.0.0.1:1', user: 'ana', password: PASSWORD })
    expect(!local.ok && local.error.code).toBe('OFFLINE')
    // A wrong password is refused, nothing stored.
    const wrong = await t.ctx.dispatch('team.connect', { serverUrl: t.server.url, user: 'ana', password: 'nope-nope' })
    expect(!wrong.ok && wrong.error.code).toBe('UNAUTHORIZED')
    expect(t.team.isConnected()).toBe(false)
    await connect(t)
    const s = t.team.status()
    expect(s).toMatchObject({ connected: true, user: 'ana', role: 'warehouse', online: true, pending: 0 })
  })
})

describe('team client: the outbox', () => {
  it('a network failure mid-flush loses nothing and applies nothing twice (the server answers duplicate)', async () => {
    const t = await setup()
    await connect(t)
    await t.server.down()
    const a = await t.team.enqueue('rmas.receive', receive(1))
    const b = await t.team.enqueue('rmas.receive', receive(2))
    expect([a.state, b.state]).toEqual(['pending', 'pending'])
    expect(t.team.status().pending).toBe(2)

    await t.server.up()
    t.server.dropNextAnswer() // the server applies both, the answer never arrives
    const lost = await t.team.flush()
    expect(lost.error).not.toBeNull()
    expect(t.team.outbox().map((e) => e.state)).toEqual(['pending', 'pending'])
    expect(t.server.applied.get(a.id)).toBe(1)

    const again = await t.team.flush()
    expect(again).toMatchObject({ sent: 2, applied: 2, refused: 0, error: null })
    const entries = t.team.outbox()
    expect(entries.map((e) => [e.state, e.duplicate])).toEqual([
      ['applied', true],
      ['applied', true]
    ])
    // Each command reached the server twice and was applied once.
    expect(t.server.received.filter((id) => id === a.id)).toHaveLength(2)
    expect([t.server.applied.get(a.id), t.server.applied.get(b.id)]).toEqual([1, 1])
    expect(t.team.status()).toMatchObject({ pending: 0, applied: 2 })
  })

  it("stores the server's refusal with its reason (an over-refund is refused, not merged)", async () => {
    const t = await setup()
    await connect(t)
    const ok = await t.team.enqueue('orders.refund', refund('111-0000000-0000001', 4000))
    const over = await t.team.enqueue('orders.refund', refund('111-0000000-0000001', 2000))
    expect(ok.state).toBe('applied')
    expect(over.state).toBe('refused')
    expect(over.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Over-refund/) as unknown })
    const listed = await t.ctx.dispatch('team.outbox', {})
    expect(listed.ok && (listed.data as { state: string }[]).map((e) => e.state)).toEqual(['refused', 'applied'])
  })

  it('refuses a command whose input the contract rejects (nothing queued)', async () => {
    const t = await setup()
    await connect(t)
    await expect(t.team.enqueue('rmas.receive', { id: 'seven' })).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(t.team.enqueue('backups.now', {})).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(t.team.outbox()).toHaveLength(0)
  })

  it('a refused token marks the connection for a new login; commands wait, then go after it', async () => {
    const t = await setup()
    await connect(t)
    t.server.revokeTokens()
    const e = await t.team.enqueue('rmas.receive', receive(3))
    expect(e.state).toBe('pending')
    expect(t.team.status()).toMatchObject({ needsLogin: true, online: false, pending: 1 })
    const sync = await t.ctx.dispatch('team.sync', {})
    expect(sync.ok && (sync.data as { error: { code: string } }).error.code).toBe('UNAUTHORIZED')
    await connect(t) // the same server: outbox and local copy kept
    expect(t.team.status()).toMatchObject({ needsLogin: false, pending: 1 })
    const done = await t.team.sync()
    expect(done).toMatchObject({ applied: 1, pending: 0, error: null })
    expect(t.server.applied.get(e.id)).toBe(1)
  })
})

describe('team client: background sync', () => {
  it('sends waiting commands at once when the network probe says online (and runs nothing while not connected)', async () => {
    const t = await setup()
    t.team.start()
    expect(t.server.received).toHaveLength(0)
    await connect(t) // connecting while started schedules the periodic sync
    await t.server.down()
    const e = await t.team.enqueue('rmas.receive', receive(21))
    expect(e.state).toBe('pending')
    await t.server.up()
    t.ctx.services.events.emit('network.changed', { online: true })
    await expect.poll(() => t.team.entry(e.id).state).toBe('applied')
    expect(t.server.applied.get(e.id)).toBe(1)
    t.team.stop()
  })
})

describe('team client: the local copy', () => {
  it('pulls changes with the cursor and serves reads offline from the local copy', async () => {
    const t = await setup()
    await connect(t)
    await t.team.enqueue('rmas.receive', receive(7))
    await t.team.enqueue('rmas.receive', receive(8))
    await t.team.enqueue('orders.refund', refund('111-0000000-0000009', 1200))
    const s = await t.team.sync()
    expect(s).toMatchObject({ pulled: 3, cursor: 3, error: null })
    const online = await t.team.read('rmas.list', {})
    expect(online.source).toBe('server')

    await t.server.down()
    const list = await t.team.read('rmas.list', {})
    expect(list.source).toBe('local')
    // In the contract's shapes (rmas.list rows, rmas.get detail), newest first as the server lists them.
    expect(list.data).toMatchObject({
      rows: [
        { id: 8, status: 'Received' },
        { id: 7, status: 'Received' }
      ],
      total: 2
    })
    const one = await t.team.read('rmas.get', { id: 7 })
    expect(one).toMatchObject({ source: 'local', cursor: 3, data: { id: 7, status: 'Received', items: [] } })
    // Orders are listed (filtered by store and search) from the change log's order rows.
    const orders = await t.team.read('orders.list', { storeId: 'store-1', search: '0000009' })
    expect(orders).toMatchObject({ source: 'local', data: { total: 1, rows: [{ amazonOrderId: '111-0000000-0000009' }] } })
    expect((await t.team.read('orders.list', { storeId: 'store-2' })).data).toMatchObject({ total: 0 })
    // An order's detail was never answered by the server: nothing local to show.
    await expect(t.team.read('orders.get', { storeId: 'store-1', amazonOrderId: '111-0000000-0000009' })).rejects.toMatchObject({
      code: 'OFFLINE'
    })
    // Nothing local for this channel: a clear OFFLINE error.
    await expect(t.team.read('reimbursements.summary', { storeId: 'store-1' })).rejects.toMatchObject({ code: 'OFFLINE' })
    // A sync while the server is away says so, loses nothing.
    const off = await t.team.sync()
    expect(off).toMatchObject({ online: false, error: { code: 'OFFLINE' }, cursor: 3 })

    // The cursor is saved with the rows: a new change after it arrives once.
    await t.server.up()
    await t.team.enqueue('rmas.receive', receive(9))
    expect(await t.team.sync()).toMatchObject({ pulled: 1, cursor: 4 })
    // 4 changed rows, and the server's one answer to rmas.list kept for offline reading.
    expect(t.ctx.services.sqlite.prepare("SELECT count(*) AS n FROM team_local_rows WHERE entity NOT LIKE 'read:%'").get()).toEqual({
      n: 4
    })
    expect(t.ctx.services.sqlite.prepare("SELECT count(*) AS n FROM team_local_rows WHERE entity LIKE 'read:%'").get()).toEqual({ n: 1 })
  })
})

describe('team client: clock skew', () => {
  it("nothing on the client decides by its own clock: send order is the outbox's, decisions carry the server's time", async () => {
    const realNow = Date.now()
    const ahead = new Date(realNow + 5 * 3600_000).toISOString()
    const t = await setup({ now: ahead })
    await connect(t)
    await t.server.down()
    const first = await t.team.enqueue('rmas.receive', receive(1))
    // The clock is put right (7 hours back, 2 behind true time): the next id's timestamp sorts earlier.
    ;(t.ctx.clock as { set(iso: string): void }).set(new Date(realNow - 2 * 3600_000).toISOString())
    const second = await t.team.enqueue('rmas.receive', receive(1)) // the same RMA: the second must be refused
    expect(second.id < first.id).toBe(true)
    await t.server.up()
    await t.team.flush()
    // Sent in the order the user acted, not in id (clock) order: the first is applied, the second refused.
    expect(t.server.received).toEqual([first.id, second.id])
    expect(t.team.entry(first.id).state).toBe('applied')
    expect(t.team.entry(second.id)).toMatchObject({ state: 'refused', error: { code: 'CONFLICT' } })
    // issuedAt is the client's (informational); decidedAt is the server's clock, hours apart from both.
    expect(t.team.entry(first.id).issuedAt).toBe(ahead)
    const decided = Date.parse(t.team.entry(first.id).decidedAt!)
    expect(Math.abs(decided - realNow)).toBeLessThan(3600_000)
    // A periodic sync and status use no client-side deadline: still online, nothing expired.
    expect(t.team.status()).toMatchObject({ online: true, pending: 0 })
  })
})

describe.skipIf(!hasBus)('team client: the token lives in the keychain only', () => {
  it('is in the keychain, not in the SQLite files, the log or any channel output', async () => {
    const lines: string[] = []
    const t = await setup({ logLines: lines })
    const connected = await connect(t)
    await t.team.enqueue('rmas.receive', receive(4))
    await t.team.sync()
    const [token] = [...t.server.tokens]
    expect(token).toBeTruthy()
    expect(await t.vault.get(TEAM_TOKEN_ACCOUNT)).toBe(token)
    t.ctx.services.sqlite.pragma('wal_checkpoint(FULL)')
    for (const f of readdirSync(t.ctx.dir).filter((n) => n.startsWith('test.sqlite'))) {
      const bytes = readFileSync(join(t.ctx.dir, f)).toString('latin1')
      expect(bytes).not.toContain(token)
      expect(bytes).not.toContain(PASSWORD)
    }
    const outputs = [connected, await t.ctx.dispatch('team.status', {}), await t.ctx.dispatch('team.outbox', {})]
    for (const text of [JSON.stringify(outputs), lines.join('\n')]) {
      expect(text).not.toContain(token)
      expect(text).not.toContain(PASSWORD)
    }
    expect(lines.join('\n')).toMatch(/team: connected/)
    // Disconnect takes it out of the keychain.
    await t.team.disconnect()
    expect(await t.vault.get(TEAM_TOKEN_ACCOUNT)).toBeNull()
  })
})
