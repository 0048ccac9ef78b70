import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHost, type RunningHost } from '../../../src/main/host/server'
import { makeServices, validStore } from '../../helpers/services'

let ctx: ReturnType<typeof makeServices>
let host: RunningHost
afterEach(async () => {
  await host?.close()
  ctx?.close()
})

async function boot() {
  ctx = makeServices()
  const rendererDir = join(ctx.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  host = await startHost({ dispatch: ctx.dispatch, events: ctx.services.events, files: ctx.services.files, rendererDir })
}

/** Raw HTTP so the Host and Origin headers can be set to anything. */
function raw(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

const cookie = () => `sbo_token=${host.token}`

describe('browser-mode host', () => {
  it('listens on loopback only, with a random port', async () => {
    await boot()
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(host.port).toBeGreaterThan(0)
  })

  it('rejects a missing or wrong token with 401', async () => {
    await boot()
    expect((await raw({ path: '/rpc/stores.list', method: 'POST', body: '{}' })).status).toBe(401)
    expect((await raw({ path: '/rpc/stores.list', method: 'POST', body: '{}', headers: { cookie: 'sbo_token=wrong' } })).status).toBe(401)
    expect((await raw({ path: '/?t=wrong' })).status).toBe(401)
    expect((await raw({ path: '/events' })).status).toBe(401)
    expect((await raw({ path: '/upload', method: 'POST', body: 'x' })).status).toBe(401)
  })

  it('exchanges the token for an HttpOnly SameSite cookie and then answers calls', async () => {
    await boot()
    const ex = await raw({ path: `/?t=${host.token}` })
    expect(ex.status).toBe(302)
    expect(String(ex.headers['set-cookie'])).toMatch(/sbo_token=.+; HttpOnly; SameSite=Strict/)
    const created = await raw({
      path: '/rpc/stores.create',
      method: 'POST',
      headers: { cookie: cookie(), 'content-type': 'application/json' },
      body: JSON.stringify(validStore)
    })
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, data: { name: 'Mugs US' } })
    const bad = await raw({ path: '/rpc/stores.create', method: 'POST', headers: { cookie: cookie() }, body: JSON.stringify({ name: '' }) })
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const notJson = await raw({ path: '/rpc/stores.list', method: 'POST', headers: { cookie: cookie() }, body: '{oops' })
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('refuses foreign Host (DNS rebinding) and foreign Origin', async () => {
    await boot()
    expect((await raw({ path: '/', headers: { host: `evil.test:${host.port}` } })).status).toBe(403)
    const cross = await raw({
      path: '/rpc/stores.list',
      method: 'POST',
      body: '{}',
      headers: { cookie: cookie(), origin: 'http://evil.test' }
    })
    expect(cross.status).toBe(403)
  })

  it('serves the renderer with the CSP header', async () => {
    await boot()
    const page = await raw({ path: '/' })
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'")
  })

  it('stages uploads and streams events', async () => {
    await boot()
    const up = await raw({ path: '/upload?name=../../evil.tsv', method: 'POST', headers: { cookie: cookie() }, body: 'a\tb\n' })
    const data = (JSON.parse(up.body) as { data: { fileId: string; name: string; size: number } }).data
    expect(data).toMatchObject({ name: 'evil.tsv', size: 4 })
    expect(ctx.services.files.get(data.fileId).path.startsWith(ctx.dir)).toBe(true)

    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/events', headers: { cookie: cookie() } }, (res) => {
        let buf = ''
        res.on('data', (c: Buffer) => {
          buf += c.toString()
          if (buf.includes(': connected')) ctx.services.events.emit('data.changed', { domains: ['stores'] })
          if (buf.includes('event: data.changed')) {
            resolve(buf)
            req.destroy()
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(received).toContain('data: {"domains":["stores"]}')
  })
})
