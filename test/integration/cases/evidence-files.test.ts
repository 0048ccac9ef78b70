/**
 * A case's evidence file comes back out (#16): opened by the desktop app through cases.openEvidence
 * (a read-only copy under the name it was added with; the ids are validated, never a path), and
 * downloaded in browser mode from the host's GET /files/case-evidence/<case id>/<evidence id> —
 * the same bytes, its content type, `Content-Disposition: attachment`; an unknown id is a 404 and
 * a path-like id is refused.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { basename, dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHost, type RunningHost } from '../../../src/main/host/server'
import type { CaseDetail } from '../../../src/shared/contract/cases'
import type { ClaimFinding } from '../../../src/shared/contract/claims'
import { makeServices, validStore } from '../../helpers/services'

const CLAIMS = join(__dirname, '../../fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A store with findings, a case and two evidence files: a text invoice and a binary "photo" with a non-ASCII name. */
async function setup(openPath?: (path: string) => Promise<string>) {
  const t = makeServices({ now: NOW, ...(openPath ? { openPath } : {}) })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const stage = (path: string) => t.services.files.register(path).id
  await call('claims.importLedger', { storeId: store.id, fileId: stage(join(CLAIMS, 'ledger.tsv')) })
  const { findings } = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
  const c = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [findings[0]!.id] })
  const invoice = join(t.dir, 'invoice 2026-10.pdf')
  writeFileSync(invoice, '%PDF-1.4\nINVOICE 2026-10-01 MUG-LOST x 24\n%%EOF\n')
  const photo = join(t.dir, 'Foto Lager ü.jpg')
  writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x00, 0xff, 0xd9]))
  await call('cases.addEvidence', { id: c.id, fileId: stage(invoice) })
  const withBoth = await call<CaseDetail>('cases.addEvidence', { id: c.id, fileId: stage(photo) })
  const evidence = (name: string) => withBoth.evidence.find((e) => e.name === name)!
  return { t, call, c, invoice, photo, evidence }
}

function get(port: number, path: string, cookie?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('case evidence files', () => {
  it('browser mode: downloads the same bytes with the content type and an attachment name; unknown ids 404, path-like ids refused', async () => {
    const { t, c, invoice, photo, evidence } = await setup()
    const host: RunningHost = await startHost({
      dispatch: t.dispatch,
      events: t.services.events,
      files: t.services.files,
      rendererDir: t.dir,
      caseEvidence: (ref) => t.services.cases.evidenceFile(ref)
    })
    cleanups.push(() => host.close())
    const cookie = `sbo_token=${host.token}`
    const url = (caseId: number | string, evidenceId: number | string) => `/files/case-evidence/${caseId}/${evidenceId}`

    const pdf = await get(host.port, url(c.id, evidence('invoice 2026-10.pdf').id), cookie)
    expect(pdf.status).toBe(200)
    expect(pdf.body.equals(readFileSync(invoice))).toBe(true)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="invoice 2026-10.pdf"; filename*=UTF-8''invoice%202026-10.pdf`)
    const jpg = await get(host.port, url(c.id, evidence('Foto Lager ü.jpg').id), cookie)
    expect(jpg.status).toBe(200)
    expect(jpg.body.equals(readFileSync(photo))).toBe(true)
    expect(jpg.headers['content-type']).toBe('image/jpeg')
    expect(jpg.headers['content-disposition']).toBe(`attachment; filename="Foto Lager _.jpg"; filename*=UTF-8''Foto%20Lager%20%C3%BC.jpg`)
    expect(jpg.headers['x-content-type-options']).toBe('nosniff')

    // Without the access token: nothing.
    expect((await get(host.port, url(c.id, evidence('invoice 2026-10.pdf').id))).status).toBe(401)
    // Unknown ids, and an evidence id of another case: 404.
    expect((await get(host.port, url(c.id, 999), cookie)).status).toBe(404)
    expect((await get(host.port, url(c.id + 1, evidence('invoice 2026-10.pdf').id), cookie)).status).toBe(404)
    // Path-like or hash ids never reach the file system: refused.
    const sha = evidence('invoice 2026-10.pdf').sha256
    for (const bad of [url(c.id, sha), url(c.id, '..%2F..%2Ftest.sqlite'), url(c.id, '1%2F..%2F..'), url('..', '1'), url(c.id, 0)]) {
      const r = await get(host.port, bad, cookie)
      expect([400, 404], bad).toContain(r.status)
      expect(r.body.toString(), bad).not.toContain('INVOICE')
      expect(JSON.parse(r.body.toString()), bad).toMatchObject({ ok: false })
    }
    expect((await get(host.port, url(c.id, sha), cookie)).status).toBe(400)
    expect((await get(host.port, url(c.id, 0), cookie)).status).toBe(400)
  })

  it('desktop: opens a read-only copy named as added, with the same bytes; the payload is validated; no opener, no opening', async () => {
    const opened: string[] = []
    const { call, c, invoice, evidence } = await setup(async (path) => {
      opened.push(path)
      return ''
    })
    const e = evidence('invoice 2026-10.pdf')
    expect(await call('cases.openEvidence', { id: c.id, evidenceId: e.id })).toEqual({ opened: true })
    expect(opened).toHaveLength(1)
    cleanups.push(() => rmSync(dirname(opened[0]!), { recursive: true, force: true }))
    expect(basename(opened[0]!)).toBe('invoice 2026-10.pdf')
    expect(basename(dirname(opened[0]!))).toBe(e.sha256)
    expect(readFileSync(opened[0]!).equals(readFileSync(invoice))).toBe(true)
    expect(statSync(opened[0]!).mode & 0o222).toBe(0)

    await expect(call('cases.openEvidence', { id: c.id, evidenceId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    for (const bad of [
      { id: c.id, evidenceId: '../../test.sqlite' },
      { id: c.id, evidenceId: e.sha256 },
      { id: c.id, evidenceId: -1 },
      { id: c.id, evidenceId: e.id, path: '/etc/passwd' }
    ])
      await expect(call('cases.openEvidence', bad)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(opened).toHaveLength(1)
  })

  it('the browser-mode and CLI services have no opener: NOT_IMPLEMENTED, nothing opened', async () => {
    const { call, c, evidence } = await setup()
    await expect(call('cases.openEvidence', { id: c.id, evidenceId: evidence('invoice 2026-10.pdf').id })).rejects.toMatchObject({
      code: 'NOT_IMPLEMENTED'
    })
  })

  it('a name with a folder part opens under its last part only', async () => {
    const { safeFileName } = await import('../../../src/main/cases/service')
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('C:\\Users\\x\\photo.jpg')).toBe('photo.jpg')
    expect(safeFileName('..')).toBe('evidence')
    expect(safeFileName('a\u0000b.txt')).toBe('a_b.txt')
  })
})
