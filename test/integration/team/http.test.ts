/**
 * The team server's HTTP API on a real PostgreSQL: authentication on every route but health and
 * login, the role checked on every read (403) and every command (a FORBIDDEN outcome), contract
 * validation, body limits, and uploaded files checked against their SHA-256.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { teamCommands } from '../../../src/main/team/pg/schema'
import { recordChanges } from '../../../src/main/team/server/changes'
import { startTestTeamServer, type TestTeamServer } from '../../helpers/team-server'

let s: TestTeamServer
let finance: string
let warehouse: string
let admin: string

beforeAll(async () => {
  s = await startTestTeamServer({ limits: { jsonBytes: 64 * 1024, fileBytes: 256 * 1024 } })
  finance = await s.tokenFor('fin', 'finance')
  warehouse = await s.tokenFor('wh', 'warehouse')
  admin = await s.tokenFor('adm', 'admin')
})
afterAll(async () => s.close())

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
const command = (channel: string, input: unknown) => ({ id: uuidv7(), channel, input, issuedAt: new Date().toISOString() })

describe('team server HTTP', () => {
  it('answers health without a token and refuses everything else without one', async () => {
    expect(await s.call('GET', '/v1/health', null)).toMatchObject({ status: 200, body: { ok: true, protocol: 1 } })
    for (const [m, p] of [
      ['GET', '/v1/me'],
      ['POST', '/v1/read/stores.list'],
      ['POST', '/v1/commands'],
      ['GET', '/v1/changes'],
      ['PUT', `/v1/files/${sha('x')}`]
    ] as const) {
      const r = await s.call(m, p, null, m === 'GET' ? undefined : {})
      expect(r.status, `${m} ${p}`).toBe(401)
      expect(r.body.error.code).toBe('UNAUTHORIZED')
    }
    expect((await s.call('GET', '/v1/me', 'A'.repeat(43))).status).toBe(401)
  })

  it('logs in with the right password and says who the token is', async () => {
    expect((await s.call('POST', '/v1/login', null, { user: 'fin', password: 'wrong-password' })).status).toBe(401)
    const ok = await s.call('POST', '/v1/login', null, { user: 'fin', password: 'fin-password-1' })
    expect(ok).toMatchObject({ status: 200, body: { user: { name: 'fin', role: 'finance' }, serverVersion: 1 } })
    const me = await s.call('GET', '/v1/me', ok.body.token)
    expect(me.body.user).toEqual({ name: 'fin', role: 'finance' })
    expect(me.body.channels).toContain('reimbursements.import')
    expect(me.body.channels).not.toContain('queue.process')
    // DELETE /v1/me revokes the token (logout).
    expect((await s.call('DELETE', '/v1/me', ok.body.token)).body).toEqual({ revoked: true })
    expect((await s.call('GET', '/v1/me', ok.body.token)).status).toBe(401)
  })

  it('gives a finance token 403 on queue.list and a FORBIDDEN outcome on queue.process, storing nothing', async () => {
    const read = await s.call('POST', '/v1/read/queue.list', finance, {})
    expect(read.status).toBe(403)
    expect(read.body.error).toMatchObject({ code: 'FORBIDDEN' })
    const cmd = command('queue.process', { storeId: 'us1' })
    const r = await s.call('POST', '/v1/commands', finance, { commands: [cmd] })
    expect(r.status).toBe(200)
    expect(r.body.outcomes).toEqual([
      expect.objectContaining({ id: cmd.id, status: 'refused', error: expect.objectContaining({ code: 'FORBIDDEN' }) })
    ])
    expect(await s.db.select().from(teamCommands)).toEqual([])
  })

  it('refuses reimbursements to a warehouse token (read 403, import FORBIDDEN)', async () => {
    expect((await s.call('POST', '/v1/read/reimbursements.list', warehouse, {})).status).toBe(403)
    const cmd = command('reimbursements.import', { storeId: 'us1', fileId: sha('x') })
    const r = await s.call('POST', '/v1/commands', warehouse, { commands: [cmd] })
    expect(r.body.outcomes[0]).toMatchObject({ status: 'refused', error: { code: 'FORBIDDEN' } })
    // finance and admin may read them.
    expect((await s.call('POST', '/v1/read/reimbursements.list', finance, {})).status).toBe(200)
    expect((await s.call('POST', '/v1/read/reimbursements.summary', admin, {})).status).toBe(200)
  })

  it('validates read inputs with the contract and bodies as JSON', async () => {
    const bad = await s.call('POST', '/v1/read/reimbursements.list', finance, { pageSize: 100000 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION')
    expect(bad.body.error.details[0].path).toBe('pageSize')
    const notJson = await s.call('POST', '/v1/read/reimbursements.list', finance, '{nope', { 'content-type': 'application/json' })
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } })
    const badCommands = await s.call('POST', '/v1/commands', admin, { commands: [{ id: 'not-a-uuid', channel: 'queue.process' }] })
    expect(badCommands.status).toBe(400)
    expect((await s.call('POST', '/v1/read/no.such', finance, {})).status).toBe(403)
    expect((await s.call('POST', '/v1/read/no.such', admin, {})).status).toBe(404)
    expect((await s.call('GET', '/v1/nowhere', admin)).status).toBe(404)
    expect((await s.call('GET', '/v1/changes?after=-1', admin)).status).toBe(400)
  })

  it('refuses a body over the limit with 413', async () => {
    const big = { commands: [command('reimbursements.import', { storeId: 'us1', fileId: 'x'.repeat(70 * 1024) })] }
    const r = await s.call('POST', '/v1/commands', admin, big)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('stores an uploaded file once under its SHA-256 and refuses bytes that do not match it', async () => {
    const bytes = Buffer.from('approval-date\treimbursement-id\n')
    const wrong = await s.call('PUT', `/v1/files/${sha('something else')}?name=r.txt`, finance, bytes)
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.message).toMatch(/do not match their SHA-256/)
    expect((await s.call('HEAD', `/v1/files/${sha(bytes)}`, finance)).status).toBe(404)
    const first = await s.call('PUT', `/v1/files/${sha(bytes)}?name=../../r.txt`, finance, bytes)
    expect(first).toMatchObject({ status: 201, body: { fileId: sha(bytes), name: 'r.txt', stored: true } })
    const again = await s.call('PUT', `/v1/files/${sha(bytes)}?name=r.txt`, warehouse, bytes)
    expect(again).toMatchObject({ status: 200, body: { fileId: sha(bytes), stored: false } })
    expect((await s.call('HEAD', `/v1/files/${sha(bytes)}`, finance)).status).toBe(200)
    const tooBig = Buffer.alloc(300 * 1024, 65)
    expect((await s.call('PUT', `/v1/files/${sha(tooBig)}`, finance, tooBig)).status).toBe(413)
  })

  it('gives each role the changes of the domains it may read, and moves its cursor past the others', async () => {
    await s.db.transaction((tx) =>
      recordChanges(tx, [
        { storeId: 'us1', entity: 'queueEntry', key: 'q1', op: 'upsert', data: { amountMinor: 100 } },
        { storeId: 'us1', entity: 'reimbursements.import', key: 'i1', op: 'upsert', data: { rows: 1 } }
      ])
    )
    const fin = await s.call('GET', '/v1/changes?after=0', finance)
    const wh = await s.call('GET', '/v1/changes?after=0', warehouse)
    const all = await s.call('GET', '/v1/changes?after=0', admin)
    expect(fin.body.changes.map((c: { entity: string }) => c.entity)).toEqual(['reimbursements.import'])
    expect(wh.body.changes.map((c: { entity: string }) => c.entity)).toEqual(['queueEntry'])
    expect(all.body.changes.map((c: { entity: string }) => c.entity)).toEqual(['queueEntry', 'reimbursements.import'])
    expect(fin.body.cursor).toBe(all.body.cursor)
  })

  it('serves stores.list to every role', async () => {
    const r = await s.call('POST', '/v1/read/stores.list', warehouse, {})
    expect(r.body).toEqual([expect.objectContaining({ id: 'us1', name: 'US One', region: 'NA', hasCredentials: false })])
  })
})
