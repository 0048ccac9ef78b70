/**
 * The change log's role filter on a real PostgreSQL with the real queue domain: a warehouse user
 * queues a refund and processes it (the server records `order`, `queueEntry`, `queueBatch` and
 * `command` changes); a finance token's change pull never carries any of them, while the warehouse
 * token's does. An entity the filter does not know is sent to no role but admin (default deny).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/log'
import { Accounts } from '../../../src/main/team/server/accounts'
import { composeDomains, TEAM_DOMAINS } from '../../../src/main/team/server/domains'
import { closeServer, createTeamHttpServer, listen, roleSees } from '../../../src/main/team/server/http'
import { setupTeamQueue } from './queue-helpers'

let t: Awaited<ReturnType<typeof setupTeamQueue>>
let server: ReturnType<typeof createTeamHttpServer>
let url: string
let finance: string
let warehouse: string
let admin: string

beforeAll(async () => {
  t = await setupTeamQueue()
  await t.sync()
  const accounts = new Accounts(t.db)
  server = createTeamHttpServer({ db: t.db, accounts, domains: composeDomains([...TEAM_DOMAINS]), log: silentLogger })
  url = await listen(server, '127.0.0.1', 0, false)
  const token = async (name: string, role: 'admin' | 'finance' | 'warehouse') => {
    await accounts.addUser(name, role, `${name}-password-1`)
    return (await accounts.login(name, `${name}-password-1`)).token
  }
  finance = await token('fin', 'finance')
  warehouse = await token('wh', 'warehouse')
  admin = await token('adm', 'admin')
}, 120_000)
afterAll(async () => {
  await closeServer(server)
  await t.close()
})

type Change = { entity: string; data: unknown }
async function pullAll(token: string): Promise<Change[]> {
  const out: Change[] = []
  let after = 0
  for (;;) {
    const res = await fetch(`${url}/v1/changes?after=${after}&limit=100`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { changes: Change[]; cursor: number; more: boolean }
    out.push(...body.changes)
    after = body.cursor
    if (!body.more) return out
  }
}

describe('change log role filter', () => {
  it('never sends queue entries, batches, orders or queue commands to a finance token', async () => {
    const order = t.shipped[0]!
    const queued = await t.send(t.alice, 'orders.refund', t.refundInput(order))
    expect(queued.status).toBe('applied')
    const entryId = (queued.result as { entry: { id: number } }).entry.id
    const processed = await t.send(t.alice, 'queue.process', { kind: 'refund', selection: { ids: [entryId] } })
    expect(processed.status).toBe('applied')

    const all = await pullAll(admin)
    const entities = new Set(all.map((c) => c.entity))
    expect(entities).toContain('queueEntry')
    expect(entities).toContain('queueBatch')

    const fin = await pullAll(finance)
    expect(fin.filter((c) => c.entity !== 'reimbursements.import')).toEqual([])

    const wh = new Set((await pullAll(warehouse)).map((c) => c.entity))
    expect(wh).toContain('queueEntry')
    expect(wh).toContain('queueBatch')
    expect(wh).toContain('command')
  })

  it('sends an entity it does not know to no role but admin', () => {
    const change = { seq: 1, storeId: 'us1', entity: 'someNewThing', key: 'k', op: 'upsert' as const, data: {} }
    expect(roleSees('finance', change)).toBe(false)
    expect(roleSees('warehouse', change)).toBe(false)
    expect(roleSees('admin', change)).toBe(true)
    const cmd = { ...change, entity: 'command', data: { status: 'applied', channel: 'queue.process' } }
    expect(roleSees('finance', cmd)).toBe(false)
    expect(roleSees('warehouse', cmd)).toBe(true)
  })
})
