/**
 * Browser mode: the built renderer plus the contract over HTTP, from one origin on 127.0.0.1.
 * - a per-run token, accepted once on `GET /?t=…` and exchanged for an HttpOnly SameSite=Strict
 *   cookie; /rpc, /events and /upload answer 401 without it;
 * - Host must be this loopback address:port (DNS rebinding), a POST's Origin must be our own;
 * - every call goes through the same dispatch() as Electron's IPC;
 * - GET /files/case-evidence/<case id>/<evidence id> downloads a case's evidence file (the
 *   desktop app opens it instead: cases.openEvidence).
 * node:http is enough here: four routes, and sirv serves the static files.
 */
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { lookup as mimeType } from 'mrmime'
import sirv from 'sirv'
import { EvidenceRef } from '../../shared/contract/cases'
import type { Dispatch } from '../dispatch'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import { isAppError } from '../errors'
import { CSP } from '../security'

export type HostOptions = {
  dispatch: Dispatch
  events: EventBus
  files: FileStaging
  rendererDir: string
  port?: number
  token?: string
  maxJsonBytes?: number
  /** A case's evidence file by case id and evidence id (CasesService.evidenceFile); without it, the download route is 404. */
  caseEvidence?: (ref: EvidenceRef) => { path: string; name: string; size: number }
}

export type RunningHost = { url: string; origin: string; port: number; token: string; close(): Promise<void> }

const COOKIE = 'sbo_token'

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieToken(req: IncomingMessage): string | null {
  const raw = req.headers.cookie ?? ''
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) return v.join('=')
  }
  return null
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length
    if (size > limit) throw new Error('body too large')
    chunks.push(c)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text.length === 0 ? {} : (JSON.parse(text) as unknown)
}

/**
 * `attachment` with the file's name: a plain ASCII `filename` for old clients and the exact name as
 * RFC 5987 `filename*`. Written here: two lines of RFC 6266, not worth a dependency.
 */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A port that cannot be had, in words a user can act on (not Node's `listen EADDRINUSE` stack). */
export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'PortUnavailableError'
  }
}

function listenError(e: NodeJS.ErrnoException, port: number): Error {
  if (e.code === 'EADDRINUSE') {
    return new PortUnavailableError(
      port,
      e.code,
      `Port ${port} on 127.0.0.1 is already in use by another program (perhaps Seller Back Office is already running). Stop that program, or choose another port: npm start -- --port N (leave --port out to get a free one).`
    )
  }
  if (e.code === 'EACCES') {
    return new PortUnavailableError(
      port,
      e.code,
      `Port ${port} on 127.0.0.1 needs administrator rights. Choose a port above 1023: npm start -- --port N (leave --port out to get a free one).`
    )
  }
  return e
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const serveStatic = sirv(opts.rendererDir, {
    dev: false,
    etag: true,
    single: true,
    setHeaders: (res) => {
      res.setHeader('content-security-policy', CSP)
      res.setHeader('x-content-type-options', 'nosniff')
      res.setHeader('referrer-policy', 'no-referrer')
    }
  })
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (!allowedHosts().includes(req.headers.host ?? '')) return send(res, 403, { error: 'bad host' })
      const origin = req.headers.origin
      if (req.method !== 'GET' && origin !== undefined && !allowedOrigins().includes(origin)) {
        return send(res, 403, { error: 'bad origin' })
      }

      // Token exchange: GET /?t=TOKEN sets the cookie and drops the token from the address bar.
      const t = url.searchParams.get('t')
      if (req.method === 'GET' && t !== null) {
        if (!safeEqual(t, token)) return send(res, 401, { error: 'wrong token' })
        res.writeHead(302, {
          'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          location: url.pathname
        })
        return res.end()
      }

      const isApi =
        url.pathname.startsWith('/rpc/') || url.pathname === '/events' || url.pathname === '/upload' || url.pathname.startsWith('/files/')
      if (isApi) {
        const presented = cookieToken(req) ?? (req.headers.authorization ?? '').replace(/^Bearer /, '')
        if (!presented || !safeEqual(presented, token)) {
          return send(res, 401, {
            ok: false,
            error: { code: 'UNAUTHORIZED', message: 'Open the address printed by `npm start`; it carries the access token.' }
          })
        }
      }

      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'POST only' })
        let body: unknown
        try {
          body = await readJson(req, opts.maxJsonBytes ?? 16 * 1024 * 1024)
        } catch (e) {
          return send(res, 200, { ok: false, error: { code: 'VALIDATION', message: `Request body is not valid JSON: ${String(e)}` } })
        }
        const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length))
        return send(res, 200, await opts.dispatch(channel, body))
      }

      if (url.pathname === '/upload') {
        if (req.method !== 'POST') return send(res, 405, { error: 'POST only' })
        const name = url.searchParams.get('name') ?? 'upload'
        try {
          // Refused before a byte is written when the announced size is already over the cap.
          const announced = Number(req.headers['content-length'])
          if (Number.isFinite(announced)) opts.files.checkSize(name, announced)
          const f = await opts.files.fromStream(name, req)
          return send(res, 200, { ok: true, data: { fileId: f.id, name: f.name, size: f.size } })
        } catch (e) {
          // Stop reading the rest of a refused body; the answer still reaches the browser.
          req.unpipe()
          req.resume()
          const message = isAppError(e) ? e.message : `Upload failed: ${e instanceof Error ? e.message : String(e)}`
          return send(res, 200, { ok: false, error: { code: 'VALIDATION', message } })
        }
      }

      if (url.pathname.startsWith('/files/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' })
        // Two whole numbers and nothing else: a name, a hash or a path is refused before any lookup.
        if (!opts.caseEvidence || !url.pathname.startsWith('/files/case-evidence/'))
          return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such file.' } })
        const m = /^\/files\/case-evidence\/(\d{1,15})\/(\d{1,15})$/.exec(url.pathname)
        if (!m)
          return send(res, 400, {
            ok: false,
            error: { code: 'VALIDATION', message: 'An evidence file is asked for by case id and evidence id (whole numbers).' }
          })
        const ref = EvidenceRef.safeParse({ id: Number(m[1]), evidenceId: Number(m[2]) })
        if (!ref.success)
          return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The case id and evidence id must be positive.' } })
        let file: { path: string; name: string; size: number }
        try {
          file = opts.caseEvidence(ref.data)
        } catch (e) {
          if (isAppError(e) && e.code === 'NOT_FOUND') return send(res, 404, { ok: false, error: { code: e.code, message: e.message } })
          throw e
        }
        res.writeHead(200, {
          'content-type': mimeType(file.name) ?? 'application/octet-stream',
          'content-length': String(file.size),
          'content-disposition': attachmentHeader(file.name),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store'
        })
        if (req.method === 'HEAD') return res.end()
        const stream = createReadStream(file.path)
        stream.on('error', () => res.destroy())
        return void stream.pipe(res)
      }

      if (url.pathname === '/events') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive'
        })
        res.write(': connected\n\n')
        const off = opts.events.onAny((name, payload) => {
          res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
        })
        const ping = setInterval(() => res.write(': ping\n\n'), 25_000)
        req.on('close', () => {
          clearInterval(ping)
          off()
        })
        return
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' })
      serveStatic(req, res, () => send(res, 404, { error: 'not found' }))
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(e) } })
    })
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => reject(listenError(e, opts.port ?? 0))
    server.once('error', onError)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?t=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
