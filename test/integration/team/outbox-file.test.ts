/**
 * A report file import made while the team server is gone waits in the desktop's outbox with its
 * file (kept in the app's data folder under its SHA-256), against a REAL team server process on
 * PostgreSQL: when the server is back, the file is uploaded and the import command is sent with
 * the uploaded file's id — applied once; sending it again (an answer lost) changes nothing.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import type { OutboxEntry } from '../../../src/shared/contract'
import { startTeamStack, TEAM_STORE, type TeamStack } from '../../helpers/team-process'
import { makeServices } from '../../helpers/services'

const PW = 'finance-pass-1'
const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const line = (id: string, total: string) =>
  [
    '2026-03-04T08:17:52+00:00',
    id,
    '',
    '',
    'Lost_Warehouse',
    'SKU-1',
    'X000000001',
    'B000000001',
    'Mug',
    'New',
    'USD',
    total,
    total,
    '1',
    '0',
    '1',
    '',
    ''
  ].join('\t')
const REPORT = [HEADER, line('9001', '19.99'), line('9002', '5.00')].join('\n')
const SHA = createHash('sha256').update(REPORT).digest('hex')

let stack: TeamStack
const desks: ReturnType<typeof makeServices>[] = []

beforeAll(async () => {
  stack = await startTeamStack({ dbName: 'sbo_outboxfile' })
  await stack.addUser('fin', 'finance', PW)
  await stack.start()
}, 180_000)
afterAll(async () => {
  for (const d of desks) d.close()
  await stack?.close()
})

const data = <T>(r: { ok: boolean; data?: unknown; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.data as T
}

describe('a report file import in the outbox', () => {
  it('waits offline with its file, then is uploaded and applied once when the server is back', async () => {
    const fin = makeServices({ vault: createMemoryVault(), realClock: true })
    desks.push(fin)
    data(await fin.dispatch('team.connect', { serverUrl: stack.url(), user: 'fin', password: PW }))
    const port = stack.port()
    await stack.stop()

    // Offline: the import is queued (not refused), its file kept in the data folder by its hash.
    const staged = await fin.services.files.fromBytes('reimb.txt', Buffer.from(REPORT))
    const queued = await fin.dispatch('reimbursements.import', { storeId: TEAM_STORE, fileId: staged.id })
    expect(!queued.ok && queued.error).toMatchObject({ code: 'QUEUED', details: { channel: 'reimbursements.import' } })
    const keptDir = join(fin.dir, 'team-outbox-files')
    expect(readdirSync(keptDir)).toEqual([SHA])
    // The staged upload may go away (the app restarts, the staging folder is swept): the kept copy is what is sent.
    fin.services.files.release(staged.id)
    const [waiting] = data<OutboxEntry[]>(await fin.dispatch('team.outbox', {}))
    expect(waiting).toMatchObject({ channel: 'reimbursements.import', state: 'pending', input: { storeId: TEAM_STORE, fileId: SHA } })

    // Back online: upload, then the command with the uploaded file's id; applied once.
    await stack.start(port)
    const sync = data<{ applied: number; refused: number; pending: number }>(await fin.dispatch('team.sync', {}))
    expect(sync).toMatchObject({ applied: 1, refused: 0, pending: 0 })
    const [done] = data<OutboxEntry[]>(await fin.dispatch('team.outbox', {}))
    expect(done).toMatchObject({ id: waiting!.id, state: 'applied', result: expect.objectContaining({ inserted: 2 }) })
    // Decided: the kept file is no longer needed.
    expect(existsSync(join(keptDir, SHA))).toBe(false)

    // The answer "lost": the same command is sent again and the server answers its stored outcome.
    fin.services.sqlite.prepare("UPDATE team_outbox SET state = 'pending', outcome = NULL WHERE id = ?").run(waiting!.id)
    const resent = await fin.services.team.flush()
    expect(resent).toMatchObject({ sent: 1, applied: 1 })
    const [again] = data<OutboxEntry[]>(await fin.dispatch('team.outbox', {}))
    expect(again).toMatchObject({ state: 'applied', duplicate: true, result: expect.objectContaining({ inserted: 2 }) })
    const list = data<{ total: number }>(await fin.dispatch('reimbursements.list', { storeId: TEAM_STORE }))
    expect(list.total).toBe(2)
  })
})
