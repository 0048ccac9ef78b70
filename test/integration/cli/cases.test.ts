/**
 * `cases create`, `cases attach`, `cases filed`, `cases list` as a child process (the built CLI
 * bundle) on a database with the claims fixtures; a refused step and a bad state exit non-zero.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { makeServices, validStore } from '../../helpers/services'

const CLAIMS = join(__dirname, '../../fixtures/claims')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('CLI: cases', () => {
  it('creates a case from a finding, attaches evidence, files it and lists it', async () => {
    const t = makeServices({ realClock: true })
    cleanups.push(t.close)
    const dbFile = t.services.info().dbPath
    const store = await t.services.stores.create(validStore)
    const stage = (name: string) => t.services.files.register(join(CLAIMS, name)).id
    await t.dispatch('claims.importLedger', { storeId: store.id, fileId: stage('ledger.tsv') })
    const finding = t.services.claims.findingsAt(store.id, new Date()).find((f) => f.fnsku === 'X00LOST001')!
    t.services.close()
    const cli = (args: string[]) => runCli(['--db', dbFile, 'cases', ...args])

    const created = cli(['create', '--findings', finding.id, '--store', store.id, '--json'])
    expect(created.code, created.err).toBe(0)
    const c = JSON.parse(created.out) as { id: number; state: string; text: string }
    expect(c.state).toBe('draft')
    expect(c.text).toContain('FNSKU: X00LOST001')

    const attach = cli(['attach', String(c.id), join(__dirname, '../../fixtures/cases/invoice.txt')])
    expect(attach.code, attach.err).toBe(0)
    expect(attach.out).toContain('invoice.txt')

    const filed = cli(['filed', String(c.id), '--case-id', '17100000001'])
    expect(filed.code, filed.err).toBe(0)
    expect(filed.out).toContain('filed (Amazon Case ID 17100000001)')

    const list = cli(['list', '--status', 'filed', '--json'])
    expect(list.code, list.err).toBe(0)
    expect(JSON.parse(list.out)).toMatchObject([{ id: c.id, state: 'filed', amazonCaseId: '17100000001', evidenceCount: 1 }])

    const again = cli(['filed', String(c.id), '--case-id', '17100000001'])
    expect(again.code).not.toBe(0)
    expect(again.err).toContain('cannot become filed')
    const bad = cli(['list', '--status', 'closed'])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('"closed" is not a case state')
  })
})
