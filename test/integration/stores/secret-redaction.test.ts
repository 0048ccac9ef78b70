/**
 * No output shows a stored secret (issue 12 §5), even when Amazon's error text echoes the request
 * it refused. A loopback stand-in for Login with Amazon answers every token request with an error
 * whose description repeats the form it received (client secret and refresh token in clear); the
 * store's secrets are ordinary strings (no token pattern to catch), so only "equal to a stored
 * secret" can redact them. Checked through the contract (what the app's screens get), the CLI's
 * `stores test` (real keychain, child process) and the job history stored in SQLite.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { ROOT, runCli } from '../../helpers/cli'
import { makeServices, tempDir, validStore } from '../../helpers/services'
import { envSpApi } from '../amazon/helpers'

const SECRET = 'PlainClientSecretValue-0042'
const TOKEN = 'PlainRefreshTokenValue-7777'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  delete process.env.SBO_SPAPI_BASE_URL
  delete process.env.SBO_LWA_TOKEN_URL
})

/** Answers every request with an LWA-style error echoing the decoded form it received. */
async function echoingLwa(): Promise<string> {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body))
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_request', error_description: `Malformed request: ${JSON.stringify(form)}` }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('stored secrets never reach any output', () => {
  it('the connection test through the contract: Amazon echoes the secrets, the result does not', async () => {
    const url = await echoingLwa()
    process.env.SBO_SPAPI_BASE_URL = url
    process.env.SBO_LWA_TOKEN_URL = `${url}/auth/o2/token`
    const t = makeServices({ realClock: true, spApi: envSpApi() })
    cleanups.push(t.close)
    const store = await t.services.stores.create({ ...validStore, secrets: { lwaClientSecret: SECRET, refreshToken: TOKEN } })
    const r = await t.dispatch('stores.testConnection', { id: store.id })
    const text = JSON.stringify(r)
    expect(r).toMatchObject({ ok: true, data: { ok: false } })
    // Amazon's words are there (the user needs them), the secrets are not.
    expect(text).toContain('Malformed request')
    expect(text).toContain('[redacted]')
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(TOKEN)
  })

  it('`stores test` in the CLI prints Amazon’s answer with the secrets redacted', async () => {
    const url = await echoingLwa()
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const db = join(tmp.dir, 'cli.sqlite')
    const env = {
      SBO_SPAPI_BASE_URL: url,
      SBO_LWA_TOKEN_URL: `${url}/auth/o2/token`,
      SBO_KEYCHAIN_SERVICE: `sbo-test-redaction-${process.pid}`,
      CLI_SECRET: SECRET,
      CLI_TOKEN: TOKEN
    }
    const add = runCli(
      [
        '--db',
        db,
        'stores',
        'add',
        '--name',
        'Echo',
        '--region',
        'NA',
        '--seller-id',
        'A2C4E6G8I0K2M4',
        '--marketplaces',
        'ATVPDKIKX0DER',
        '--lwa-client-id',
        'amzn1.application-oa2-client.echo',
        '--lwa-client-secret-env',
        'CLI_SECRET',
        '--refresh-token-env',
        'CLI_TOKEN'
      ],
      env
    )
    expect(add.code, add.err).toBe(0)
    const id = (JSON.parse(add.out) as { id: string }).id
    cleanups.push(() => runCli(['--db', db, 'stores', 'remove', id], env))
    // Asynchronously: the stand-in LWA server lives in this process and must answer meanwhile.
    const all = await new Promise<string>((resolve) =>
      execFile(
        join(ROOT, 'node_modules/.bin/tsx'),
        [join(ROOT, 'src/main/cli.ts'), '--db', db, 'stores', 'test', id],
        { cwd: ROOT, env: { ...process.env, ...env } },
        (_e, out, err) => resolve(`${out}\n${err}`)
      )
    )
    expect(all).toContain('Malformed request')
    expect(all).not.toContain(SECRET)
    expect(all).not.toContain(TOKEN)
  }, 120_000)
})
