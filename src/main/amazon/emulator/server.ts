/**
 * Loopback SP-API emulator: a real node:http server on 127.0.0.1 that implements the LWA token
 * endpoint, Reports 2021-06-30, Feeds 2021-06-30, Orders v0 (getOrders, getOrder,
 * getOrderItems; refused from Amazon's removal date on, by the emulator's clock), Orders
 * v2026-01-01 (searchOrders, getOrder — `getOrder2026` here — over the same orders), Finances 2024-06-19 (listTransactions), Tokens 2021-03-01 (restricted data
 * tokens) and Sellers v1 (getMarketplaceParticipations) with the request/response shapes of
 * Amazon's published models, plus presigned-style document URLs it serves itself.
 *
 * Faithful where it matters to a client: token buckets with the published rate/burst per
 * (seller, operation) (scaled by `speedUp`), 429 with Amazon's QuotaExceeded body,
 * `x-amzn-RateLimit-Limit` on 2xx/400/404, expired tokens, GZIP report documents with a charset
 * in the download's Content-Type, reports that are CANCELLED when there is no data, feeds
 * validated and applied per message with an XML processing report. Failure injection covers 429
 * storms, 5xx, dropped connections, expired tokens, FATAL feeds and stuck reports.
 * Processing times (queue/processing) are divided by `speedUp` as well.
 *
 * This file is the HTTP side: the server, routing a path to its operation, and what every
 * operation shares (injected failures, authorisation, throttling, the body, validation against
 * the models, the Date header and request id). Each API's handlers live in apis/*.ts, the shared
 * state in context.ts, the test controls in control.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { OPERATIONS, type OperationName, type OperationSpec } from '../spapi/operations'
import { TokenBucket } from '../spapi/rate-limiter'
import { catalogApi } from './apis/catalog'
import { apiError, badRequest, type OperationHandler } from './apis/common'
import { DOCUMENT_PATH, handleDocument } from './apis/document-urls'
import { advanceFeeds, feedsApi } from './apis/feeds'
import { financesApi } from './apis/finances'
import { inboundApi } from './apis/inbound'
import { ordersApi, v0Removed } from './apis/orders'
import { orders2026Api } from './apis/orders-2026'
import { advanceReports, isRestrictedDocument, reportsApi } from './apis/reports'
import { sellersApi } from './apis/sellers'
import { handleLwa, tokensApi, verifyToken } from './apis/tokens'
import { createContext, type EmulatorContext, type EmulatorOptions, type Handled, type Seller } from './context'
import { emulatorControls } from './control'
import { declaresRateLimit, validateRequest } from './validation'

export type { EmulatorFailure, EmulatorOptions } from './context'

const QUOTA = apiError('QuotaExceeded', 'You exceeded your quota for the requested resource.')
const DENIED = apiError('Unauthorized', 'Access to requested resource is denied.')
const EXPIRED = apiError('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.')
const RDT_REQUIRED = apiError(
  'Unauthorized',
  'Access to requested resource is denied.',
  'A restricted data token is required for this report document.'
)

type Route = { op: OperationName; method: string; re: RegExp; spec: OperationSpec; names: string[] }

/** Every operation of the shared table (../spapi/operations.ts) as a path pattern. */
const ROUTES: Route[] = (Object.entries(OPERATIONS) as [OperationName, OperationSpec][]).map(([op, spec]) => ({
  op,
  method: spec.method,
  re: new RegExp(`^${spec.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
  spec,
  names: [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
}))

type Send = (res: ServerResponse, h: Handled, extra?: Record<string, string>) => void
type Env = { ctx: EmulatorContext; handlers: Record<OperationName, OperationHandler>; advance: () => void; send: Send }
type PauseMode = 'process' | 'drop' | 'lose-answer'

function makeSend(ctx: EmulatorContext): Send {
  let requestSeq = 0
  return (res, h, extra = {}) => {
    const isBuf = Buffer.isBuffer(h.body)
    const payload = isBuf
      ? (h.body as Buffer)
      : typeof h.body === 'string'
        ? Buffer.from(h.body)
        : h.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(JSON.stringify(h.body))
    const headers: Record<string, string> = {
      'content-type': typeof h.body === 'object' && !isBuf ? 'application/json' : 'text/plain',
      'x-amzn-RequestId': `emu-${(++requestSeq).toString(16).padStart(8, '0')}`,
      // Amazon's clock, as every SP-API answer carries it (clients measure their offset from it).
      date: new Date(ctx.now()).toUTCString(),
      ...extra,
      ...h.headers,
      'content-length': String(payload.length)
    }
    res.writeHead(h.status, headers)
    res.end(payload)
  }
}

async function handle(env: Env, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const raw = Buffer.concat(chunks)
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const method = req.method ?? 'GET'
  env.advance()

  if (method === 'GET' && url.pathname === '/')
    return env.send(res, { status: 200, body: { emulator: 'sp-api', sellers: [...env.ctx.sellers.keys()] } })
  if (method === 'POST' && url.pathname === '/auth/o2/token') return handleLwaRequest(env, req, res, raw)
  const docMatch = DOCUMENT_PATH.exec(url.pathname)
  if (docMatch && (method === 'GET' || method === 'PUT')) return handleDocumentRequest(env, req, res, url, docMatch[1]!, raw)
  const route = ROUTES.find((r) => r.method === method && r.re.test(url.pathname))
  if (!route) return env.send(res, { status: 404, body: apiError('NotFound', `No operation at ${method} ${url.pathname}`) })
  return handleOperation(env, req, res, route, url, raw)
}

function handleLwaRequest({ ctx, send }: Env, req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
  if (ctx.takeFailure('dropConnection', 'lwa')) return void req.socket.destroy()
  const se = ctx.takeFailure('serverError', 'lwa')
  if (se) return send(res, { status: se.status ?? 500, body: { error: 'server_error', error_description: 'Internal error' } })
  return send(res, handleLwa(ctx, raw, req.headers['content-type']))
}

async function handleDocumentRequest(
  { ctx, send }: Env,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawId: string,
  raw: Buffer
): Promise<void> {
  const method = req.method ?? 'GET'
  if (ctx.takeFailure('dropConnection', 'document')) return void req.socket.destroy()
  const pd = ctx.takeFailure('pause', 'document')
  const pdMode = pd ? await new Promise<PauseMode>((r) => pd.onPaused(r)) : 'process'
  if (pdMode === 'drop') return void req.socket.destroy()
  if (pdMode === 'lose-answer') {
    handleDocument(ctx, method, decodeURIComponent(rawId), url.searchParams, req, raw)
    return void req.socket.destroy()
  }
  return send(res, handleDocument(ctx, method, decodeURIComponent(rawId), url.searchParams, req, raw))
}

/** Injected 5xx, 429 and dropped connections, before anything else (true: answered). */
async function injectedFailure(
  { ctx, send }: Env,
  req: IncomingMessage,
  res: ServerResponse,
  op: OperationName,
  limit: (status: number) => Record<string, string>
): Promise<boolean> {
  if (ctx.takeFailure('dropConnection', op)) {
    req.socket.destroy()
    return true
  }
  const se = ctx.takeFailure('serverError', op)
  if (se) {
    send(
      res,
      { status: se.status ?? 500, body: apiError('InternalFailure', 'We encountered an internal error. Please try again.') },
      limit(se.status ?? 500)
    )
    return true
  }
  const th = ctx.takeFailure('throttle', op)
  if (th) {
    ctx.stats.throttled[op] = (ctx.stats.throttled[op] ?? 0) + 1
    if (th.hold) await new Promise<void>((r) => th.hold!(r))
    send(res, { status: 429, body: QUOTA }, limit(429))
    return true
  }
  return false
}

/** Auth: an LWA access token, or a restricted data token naming this exact path. The seller, or the refusal. */
function authorise(ctx: EmulatorContext, req: IncomingMessage, path: string, op: OperationName, params: string[]): Seller | Handled {
  const token = req.headers['x-amz-access-token']
  const v = verifyToken(ctx, Array.isArray(token) ? token[0] : token)
  if (!v) return { status: 403, body: DENIED }
  const seller = ctx.sellers.get(v.claims.s)
  if (!seller) return { status: 403, body: DENIED }
  if (v.claims.e <= ctx.now() || (!v.rdt && v.claims.i < ctx.tokensValidAfter)) {
    return { status: ctx.opts.expiredTokenStatus ?? 403, body: EXPIRED }
  }
  if (v.rdt && !(v.claims.p ?? []).includes(`${req.method ?? 'GET'} ${path}`)) return { status: 403, body: DENIED }
  if (op === 'getReportDocument' && isRestrictedDocument(ctx, params[0]!) && !v.rdt) return { status: 403, body: RDT_REQUIRED }
  return seller
}

/** Throttling: Amazon's token bucket per seller + operation (true: a token was taken). */
function takeToken(ctx: EmulatorContext, seller: Seller, route: Route): boolean {
  let bucket = seller.buckets.get(route.op)
  if (!bucket) {
    bucket = new TokenBucket(route.spec.rate * ctx.speedUp, route.spec.burst, ctx.now())
    seller.buckets.set(route.op, bucket)
  }
  return bucket.tryTake(ctx.now())
}

/** The JSON body (null when empty); undefined when it is not JSON. */
function parseBody(raw: Buffer): unknown {
  if (!raw.length) return null
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

async function handleOperation(env: Env, req: IncomingMessage, res: ServerResponse, route: Route, url: URL, raw: Buffer): Promise<void> {
  const { ctx, send } = env
  const op = route.op
  // x-amzn-RateLimit-Limit on the answers whose model declares it (2xx/400/404 without a model).
  const limit = (status: number): Record<string, string> =>
    (declaresRateLimit(op, status) ?? (status < 300 || status === 400 || status === 404))
      ? { 'x-amzn-RateLimit-Limit': String(route.spec.rate * ctx.speedUp) }
      : {}
  ctx.stats.requests[op] = (ctx.stats.requests[op] ?? 0) + 1
  if (await injectedFailure(env, req, res, op, limit)) return
  const params = (route.re.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent)
  const seller = authorise(ctx, req, url.pathname, op, params)
  if (!('data' in seller)) return send(res, seller)
  const removed = v0Removed(op, ctx.now())
  if (removed) return send(res, removed)
  if (!takeToken(ctx, seller, route)) {
    ctx.stats.throttled[op] = (ctx.stats.throttled[op] ?? 0) + 1
    return send(res, { status: 429, body: QUOTA }, limit(429))
  }
  const body = parseBody(raw)
  if (body === undefined) return send(res, badRequest('The request body is not valid JSON'), limit(400))
  // What Amazon refuses with 400, from its published models (validation.ts).
  const path = Object.fromEntries(route.names.map((k, i) => [k, params[i]!]))
  const invalid = validateRequest(
    op,
    { path, query: url.searchParams, body },
    { now: ctx.now(), marketplaceIds: seller.data.config.marketplaceIds, speedUp: ctx.speedUp }
  )
  if (invalid) return send(res, invalid, limit(400))
  const pause = ctx.takeFailure('pause', op)
  const mode = pause ? await new Promise<PauseMode>((r) => pause.onPaused(r)) : 'process'
  if (mode === 'drop') return void req.socket.destroy()
  env.advance()
  const out = env.handlers[op]({ params, query: url.searchParams, body, seller, now: ctx.now() })
  // Handled, but the answer never reaches the client (a connection lost at the worst moment).
  if (mode === 'lose-answer') return void req.socket.destroy()
  send(res, out, limit(out.status))
}

/** The node:http server: listen (again on the same port after stop), stop (connections dropped). */
function httpServer(env: Env) {
  const ctx = env.ctx
  const sockets = new Set<Socket>()
  let server: Server | null = null
  const listen = async () => {
    const srv = createServer((req, res) => {
      handle(env, req, res).catch((e: unknown) => {
        if (!res.headersSent) env.send(res, { status: 500, body: apiError('InternalFailure', e instanceof Error ? e.message : String(e)) })
        else res.destroy()
      })
    })
    srv.keepAliveTimeout = 5000
    srv.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(ctx.port, '127.0.0.1', () => resolve())
    })
    ctx.port = (srv.address() as AddressInfo).port
    server = srv
  }
  const stop = async () => {
    const srv = server
    server = null
    if (!srv) return
    for (const s of sockets) s.destroy()
    sockets.clear()
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  }
  return { listen, stop, listening: () => server !== null }
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export async function startEmulator(opts: EmulatorOptions) {
  const ctx = createContext(opts)
  const handlers: Record<OperationName, OperationHandler> = {
    ...reportsApi(ctx),
    ...feedsApi(ctx),
    ...ordersApi(ctx),
    ...orders2026Api(),
    ...financesApi(ctx),
    ...inboundApi(),
    ...tokensApi(ctx),
    ...sellersApi(ctx),
    ...catalogApi()
  }
  const advance = () => {
    const n = ctx.now()
    advanceReports(ctx, n)
    advanceFeeds(ctx, n)
  }
  // Buckets start full at start-up (as if the app had been idle), not at the first request.
  for (const s of ctx.sellers.values()) {
    for (const r of ROUTES) s.buckets.set(r.op, new TokenBucket(r.spec.rate * ctx.speedUp, r.spec.burst, ctx.now()))
  }
  const http = httpServer({ ctx, handlers, advance, send: makeSend(ctx) })
  await http.listen()

  return {
    get baseUrl() {
      return ctx.baseUrl()
    },
    get lwaTokenUrl() {
      return `${ctx.baseUrl()}/auth/o2/token`
    },
    get port() {
      return ctx.port
    },
    speedUp: ctx.speedUp,
    /** Stops listening (connections are dropped); state is kept. */
    stop: http.stop,
    /** Listens again on the same port after stop(). */
    start: async () => {
      if (!http.listening()) await http.listen()
    },
    close: http.stop,
    ...emulatorControls(ctx, advance)
  }
}
