/**
 * A team server in the test process on a fresh PostgreSQL database: the real HTTP server, the
 * real accounts and domains (no mocks), on a free port.
 */
import { silentLogger } from '../../src/main/log'
import { Accounts } from '../../src/main/team/server/accounts'
import { composeDomains, TEAM_DOMAINS } from '../../src/main/team/server/domains'
import { closeServer, createTeamHttpServer, listen } from '../../src/main/team/server/http'
import { fileSecretStore } from '../../src/main/team/server/secrets'
import { addStore, storesDomain } from '../../src/main/team/server/stores'
import type { TeamDb } from '../../src/main/team/pg/db'
import { migratedTeamDb } from './pg'

export type TestTeamServer = {
  url: string
  db: TeamDb
  accounts: Accounts
  /** Adds a user and logs in: the bearer token. */
  tokenFor(name: string, role: 'admin' | 'finance' | 'warehouse'): Promise<string>
  call(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export async function startTestTeamServer(opts: { limits?: { jsonBytes?: number; fileBytes?: number } } = {}): Promise<TestTeamServer> {
  const { db, close } = await migratedTeamDb()
  const accounts = new Accounts(db)
  await addStore(db, { id: 'us1', name: 'US One', region: 'NA', sellerId: 'A2C4E6G8I0K2M4', marketplaceIds: ['ATVPDKIKX0DER'] })
  const server = createTeamHttpServer({
    db,
    accounts,
    domains: composeDomains([...TEAM_DOMAINS, storesDomain(fileSecretStore(null))]),
    log: silentLogger,
    limits: opts.limits
  })
  const url = await listen(server, '127.0.0.1', 0, false)
  return {
    url,
    db,
    accounts,
    async tokenFor(name, role) {
      await accounts.addUser(name, role, `${name}-password-1`)
      return (await accounts.login(name, `${name}-password-1`)).token
    },
    async call(method, path, token, body, headers = {}) {
      const raw = Buffer.isBuffer(body) || typeof body === 'string'
      const res = await fetch(url + path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
          ...headers
        },
        body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body)
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
    async close() {
      await closeServer(server, 1000)
      await close()
    }
  }
}
