/**
 * Upload staging is private and short-lived (issue 12 §5): reports carry buyer names and
 * addresses. Real host over HTTP, real services on a real SQLite file: staged files are 0600 in a
 * 0700 folder per user and process, deleted once their import is committed, swept at start when a
 * process died without cleaning up; an upload over the cap is refused with a clear message and
 * leaves nothing behind.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileStaging, defaultStagingRoot } from '../../../src/main/files'
import { startHost, type RunningHost } from '../../../src/main/host/server'
import { makeServices, tempDir, validStore } from '../../helpers/services'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function boot(files?: FileStaging) {
  const ctx = makeServices()
  cleanups.push(ctx.close)
  const rendererDir = join(ctx.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  const host: RunningHost = await startHost({
    dispatch: ctx.dispatch,
    events: ctx.services.events,
    files: files ?? ctx.services.files,
    rendererDir
  })
  cleanups.push(() => host.close())
  const upload = (name: string, body: string | Buffer) =>
    new Promise<{ ok: boolean; data?: { fileId: string }; error?: { code: string; message: string } }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/upload?name=${encodeURIComponent(name)}`,
          method: 'POST',
          headers: { cookie: `sbo_token=${host.token}` }
        },
        (res) => {
          let b = ''
          res.on('data', (c: Buffer) => (b += c.toString()))
          res.on('end', () => resolve(JSON.parse(b)))
        }
      )
      req.on('error', reject)
      req.end(body)
    })
  return { ctx, host, upload }
}

const mode = (p: string) => statSync(p).mode & 0o777
const RETURNS = join(__dirname, '../../fixtures/rmas/mfn-returns.tsv')

describe('upload staging', () => {
  it('stages 0600 files in a 0700 per-user, per-process folder and deletes them once the import is committed', async () => {
    const { ctx, upload } = await boot()
    const store = await ctx.services.stores.create(validStore)
    const up = await upload('returns.tsv', readFileSync(RETURNS))
    expect(up.ok).toBe(true)
    const f = ctx.services.files.get(up.data!.fileId)
    const files = ctx.services.files
    expect(f.path.startsWith(files.dir)).toBe(true)
    expect(mode(files.root)).toBe(0o700)
    expect(mode(files.dir)).toBe(0o700)
    expect(mode(f.path)).toBe(0o600)
    // Preview keeps the file (the commit comes next); the committed import deletes it.
    const preview = await ctx.dispatch('rmas.previewImport', { storeId: store.id, fileId: f.id })
    expect(preview.ok).toBe(true)
    expect(existsSync(f.path)).toBe(true)
    const done = await ctx.dispatch('rmas.import', { storeId: store.id, fileId: f.id })
    expect(done.ok).toBe(true)
    expect(existsSync(f.path)).toBe(false)
    expect(() => ctx.services.files.get(f.id)).toThrow(/no longer available/)
    // A file registered from the user's own disk (CLI) is never deleted.
    const own = ctx.services.files.register(RETURNS)
    await ctx.dispatch('rmas.import', { storeId: store.id, fileId: own.id })
    expect(existsSync(RETURNS)).toBe(true)
  })

  it('at start, sweeps folders of processes that are gone and keeps those of live ones; closing removes its own', () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const root = join(tmp.dir, 'staging')
    mkdirSync(root, { mode: 0o700 })
    const dead = join(root, 'p999999-0badf00d')
    const alive = join(root, `p${process.ppid}-0000beef`)
    for (const d of [dead, alive]) {
      mkdirSync(d)
      writeFileSync(join(d, 'x-returns.tsv'), 'buyer name, address')
    }
    const s = new FileStaging(root)
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(alive)).toBe(true)
    expect(readdirSync(root).sort()).toEqual([alive.split('/').pop(), s.dir.split('/').pop()].sort())
    s.cleanup()
    expect(existsSync(s.dir)).toBe(false)
  })

  it('refuses a root that is a symlink (another user could point it anywhere)', () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    mkdirSync(join(tmp.dir, 'elsewhere'))
    symlinkSync(join(tmp.dir, 'elsewhere'), join(tmp.dir, 'staging'))
    expect(() => new FileStaging(join(tmp.dir, 'staging'))).toThrow(/not a plain folder/)
  })

  it('an upload over the cap is refused with a clear message and leaves no file', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const small = new FileStaging(join(tmp.dir, 'staging'), 1024 ** 2)
    cleanups.push(() => small.cleanup())
    const { upload } = await boot(small)
    const r = await upload('huge-returns.tsv', Buffer.alloc(3 * 1024 ** 2, 0x61))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(r.error!.message).toBe(
      '"huge-returns.tsv" is larger than 1 MB, the most one upload may be. Download the report for a shorter date range in Seller Central and import the parts one after the other.'
    )
    expect(readdirSync(small.dir)).toEqual([])
  })

  it('the default root is per OS user', () => {
    expect(defaultStagingRoot('/tmp')).toBe(`/tmp/seller-back-office-staging-${process.getuid!()}`)
  })
})
