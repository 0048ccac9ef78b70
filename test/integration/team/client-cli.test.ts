/**
 * `team …` CLI commands as a user runs them: the built bundle, one process per command (so the
 * outbox must survive each process's exit), the real keychain (a private Secret Service from
 * scripts/with-keyring.sh), against the stand-in server (test/helpers/team-standin.ts).
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logDir } from '../../../src/main/log'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { TEAM_TOKEN_ACCOUNT } from '../../../src/main/team/client/service'
import { spawnCli, type CliRun } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'
import { startStandIn, type StandIn } from '../../helpers/team-standin'

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
const PASSWORD = 'correct horse battery'
const receive = (id: number) => JSON.stringify({ id, items: [{ itemId: 1, quantity: 1, condition: 'sellable' }] })

describe.skipIf(!hasBus)('team CLI (one process per command)', () => {
  let server: StandIn
  let tmp: ReturnType<typeof tempDir>
  let dbFile: string
  const service = `sbo-test-${randomUUID()}`
  const runs: CliRun[] = []
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const r = await spawnCli(dbFile, ['team', ...args], { SBO_KEYCHAIN_SERVICE: service, SBO_LOG_LEVEL: 'debug', ...env }).done
    runs.push(r)
    return r
  }

  beforeAll(async () => {
    server = await startStandIn()
    tmp = tempDir()
    dbFile = join(tmp.dir, 'desk.sqlite')
  })
  afterAll(async () => {
    await createKeytarVault(service)
      .delete(TEAM_TOKEN_ACCOUNT)
      .catch(() => false)
    await server.close()
    tmp.cleanup()
  })

  it('refuses plain http to another machine, then connects (password from the environment, token to the keychain)', async () => {
    const refused = await cli(['connect', '--server', 'http://team.example.com:8787', '--user', 'ana'], { SBO_TEAM_PASSWORD: PASSWORD })
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/in clear.*--insecure/s)
    const r = await cli(['connect', '--server', server.url, '--user', 'ana'], { SBO_TEAM_PASSWORD: PASSWORD })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Connected to http:\/\/127\.0\.0\.1:\d+ as ana \(warehouse\)/)
    expect(await createKeytarVault(service).get(TEAM_TOKEN_ACCOUNT)).toBe([...server.tokens][0])
  })

  it('queues offline (exit 3), the outbox survives the process, a later process sends it once', async () => {
    await server.down()
    const queued = await cli(['do', 'rmas.receive', '--input', receive(5)])
    expect(queued.code).toBe(3)
    expect(queued.out).toMatch(/^queued, offline: rmas\.receive [0-9a-f-]{36} waits in the outbox/)
    // A new process: the command is still there, waiting.
    const outbox = await cli(['outbox', '--json'])
    const [entry] = JSON.parse(outbox.out) as { id: string; state: string }[]
    expect(entry).toMatchObject({ state: 'pending' })
    const offSync = await cli(['sync'])
    expect(offSync.code).toBe(3)
    expect(offSync.out).toMatch(/Not synced: OFFLINE/)

    await server.up()
    const sync = await cli(['sync', '--json'])
    expect(sync.code).toBe(0)
    expect(JSON.parse(sync.out)).toMatchObject({ sent: 1, applied: 1, pending: 0, pulled: 1, error: null })
    expect(server.applied.get(entry!.id)).toBe(1)
    const status = JSON.parse((await cli(['status', '--json'])).out) as { pending: number; applied: number; cursor: number }
    expect(status).toMatchObject({ pending: 0, applied: 1, cursor: 1 })
  })

  it('a client killed mid-request (the server applied, no answer) resends on its next run: applied once', async () => {
    const applied = server.holdNextAnswer()
    const run = spawnCli(dbFile, ['team', 'do', 'rmas.receive', '--input', receive(31)], { SBO_KEYCHAIN_SERVICE: service })
    await applied
    run.child.kill('SIGKILL')
    expect((await run.done).signal).toBe('SIGKILL')
    const [entry] = JSON.parse((await cli(['outbox', '--json'])).out) as { id: string; state: string; attempts: number }[]
    expect(entry).toMatchObject({ state: 'sent', attempts: 1 })
    expect(server.applied.get(entry!.id)).toBe(1)
    const sync = await cli(['sync', '--json'])
    expect(JSON.parse(sync.out)).toMatchObject({ sent: 1, applied: 1, pending: 0, error: null })
    const [after] = JSON.parse((await cli(['outbox', '--json'])).out) as { id: string; state: string; duplicate: boolean }[]
    expect(after).toMatchObject({ id: entry!.id, state: 'applied', duplicate: true })
    expect(server.applied.get(entry!.id)).toBe(1)
  })

  it('prints a refusal with the server reason and exits 1; an applied command exits 0', async () => {
    const again = await cli(['do', 'rmas.receive', '--input', receive(5)])
    expect(again.code).toBe(1)
    expect(again.out).toMatch(/^refused: rmas\.receive .*CONFLICT: RMA 5 is already received/)
    const ok = await cli(['do', 'rmas.receive', '--input', receive(6), '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.out)).toMatchObject({ state: 'applied', duplicate: false })
    const bad = await cli(['do', 'rmas.receive', '--input', '{"id":'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/--input is not valid JSON/)
  })

  it('reads through the server online and from the local copy offline', async () => {
    await cli(['sync'])
    const online = await cli(['read', 'rmas.list', '--input', '{}', '--json'])
    expect(JSON.parse(online.out)).toMatchObject({ source: 'server', data: { total: 3 } })
    await server.down()
    const offline = await cli(['read', 'rmas.list', '--input', '{}'])
    expect(offline.code).toBe(0)
    expect(offline.err).toMatch(/^Offline .*from the local copy/)
    expect(JSON.parse(offline.out)).toMatchObject({ total: 3 })
    const none = await cli(['read', 'reimbursements.summary', '--input', '{"storeId":"store-1"}'])
    expect(none.code).toBe(1)
    expect(none.err).toMatch(/^OFFLINE: .*no local copy/)
    await server.up()
  })

  it('never prints or stores the token or the password (outputs, SQLite files, log files)', async () => {
    const token = await createKeytarVault(service).get(TEAM_TOKEN_ACCOUNT)
    expect(token).toBeTruthy()
    const texts = runs.flatMap((r) => [r.out, r.err])
    for (const f of readdirSync(tmp.dir).filter((n) => n.startsWith('desk.sqlite'))) texts.push(readFileSync(join(tmp.dir, f), 'latin1'))
    const logs = logDir(dbFile)
    expect(existsSync(logs)).toBe(true)
    for (const f of readdirSync(logs)) texts.push(readFileSync(join(logs, f), 'utf8'))
    const all = texts.join('\n')
    expect(all).toMatch(/team: connected/) // the log was written and grepped
    expect(all).not.toContain(token!)
    expect(all).not.toContain(PASSWORD)
  })

  it('disconnect refuses to drop unsent commands, then removes the token from the keychain', async () => {
    await server.down()
    expect((await cli(['do', 'rmas.receive', '--input', receive(9)])).code).toBe(3)
    const refused = await cli(['disconnect'])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/CONFLICT: 1 command\(s\) are not sent/)
    await server.up()
    expect((await cli(['sync'])).code).toBe(0)
    const r = await cli(['disconnect'])
    expect(r.code).toBe(0)
    expect(await createKeytarVault(service).get(TEAM_TOKEN_ACCOUNT)).toBeNull()
    expect((await cli(['status'])).out).toMatch(/Not connected/)
  })
})
