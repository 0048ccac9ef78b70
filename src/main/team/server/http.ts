/**
 * The team server's HTTP API (node:http, or node:https with a certificate): the routes of
 * TEAM_PATHS (src/shared/team.ts). JSON in and out; errors as `{error: {code, message, details}}`.
 *
 * - Every route but health and login needs `Authorization: Bearer <token>` (accounts.ts).
 * - Reads: the role must be allowed the channel (`mayCall`, else 403) and the input is validated
 *   with the channel's contract input schema (else 400) before the domain's handler runs.
 * - Commands go through the ledger (`applyCommand`), which checks the role too and reports a
 *   forbidden channel as a refused outcome (FORBIDDEN) — the outcome of each command, in order.
 * - Bodies are size-limited (413) and read before anything is decided.
 * - Nothing secret is logged: request lines carry method, path, status, user and duration only,
 *   and pass through the log's redaction.
 *
 * No framework: seven routes over node:http are less code than a framework's adapter, and the
 * server must run from a clean clone with the dependencies the app already has.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { z } from 'zod'
import { contract } from '../../../shared/contract'
import {
  ChangesQuery,
  CommandsInput,
  LoginInput,
  TEAM_ENTITY_DOMAINS,
  TEAM_PATHS,
  TEAM_PERMISSIONS,
  TEAM_PROTOCOL_VERSION,
  mayCall,
  type CommandOutcome,
  type TeamChange,
  type TeamEntity,
  type TeamRole
} from '../../../shared/team'
import { isAppError } from '../../errors'
import type { Logger } from '../../log'
import type { TeamDb } from '../pg/db'
import type { Accounts } from './accounts'
import { changesAfter } from './changes'
import type { ComposedDomains } from './domains'
import { hasFile, storeFile } from './files'
import { applyCommand, type Actor } from './ledger'

export type TeamHttpOptions = {
  db: TeamDb
  accounts: Accounts
  domains: ComposedDomains
  log: Logger
  /** PEM certificate and key: HTTPS. Without them plain HTTP (behind a TLS-terminating reverse proxy, or on loopback). */
  tls?: { cert: Buffer | string; key: Buffer | string }
  /** Largest JSON body (default 16 MiB) and largest uploaded file (default 256 MiB), in bytes. */
  limits?: { jsonBytes?: number; fileBytes?: number }
  clock?: () => Date
}

const DEFAULT_JSON_BYTES = 16 * 1024 * 1024
const DEFAULT_FILE_BYTES = 256 * 1024 * 1024

/** An HTTP error answer (status, code, message). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
  }
}

const STATUS_OF: Record<string, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  THROTTLED: 429,
  UNAVAILABLE: 503
}

const contractInput = (channel: string) => (contract as Record<string, { input: z.ZodType } | undefined>)[channel]?.input

function zodDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
}

const CHANNEL_DOMAINS = Object.keys(TEAM_PERMISSIONS)

/**
 * Whether a role may see a change. Each entity the server records is mapped to its domain in
 * `TEAM_ENTITY_DOMAINS`; a role sees a domain's changes when it may call one of its channels. A
 * ledger `command` row is seen by the roles that may call that command's channel. An entity not in
 * the map is sent to no role but admin (default deny: a forgotten mapping hides data, never leaks it).
 */
export function roleSees(role: TeamRole, change: TeamChange): boolean {
  if (role === 'admin') return true
  if (!Object.hasOwn(TEAM_ENTITY_DOMAINS, change.entity)) return false
  if (change.entity === 'command') {
    const channel = (change.data as { channel?: unknown } | null)?.channel
    return typeof channel === 'string' && mayCall(role, channel)
  }
  const domain = TEAM_ENTITY_DOMAINS[change.entity as TeamEntity]
  return domain !== null && CHANNEL_DOMAINS.some((c) => c.startsWith(`${domain}.`) && mayCall(role, c))
}

export function createTeamHttpServer(opts: TeamHttpOptions): Server {
  const { db, accounts, domains, log } = opts
  const jsonLimit = opts.limits?.jsonBytes ?? DEFAULT_JSON_BYTES
  const fileLimit = opts.limits?.fileBytes ?? DEFAULT_FILE_BYTES
  const clock = opts.clock ?? (() => new Date())

  async function body(req: IncomingMessage, limit: number): Promise<Buffer> {
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the server accepts (${limit} bytes).`, { limit })
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) {
        req.resume()
        throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the server accepts (${limit} bytes).`, { limit })
      }
      chunks.push(chunk)
    }
    return Buffer.concat(chunks, size)
  }

  async function json(req: IncomingMessage): Promise<unknown> {
    const type = String(req.headers['content-type'] ?? '')
    if (type && !/^application\/json\b/i.test(type))
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.')
    const raw = await body(req, jsonLimit)
    if (raw.length === 0) return {}
    try {
      return JSON.parse(raw.toString('utf8')) as unknown
    } catch (e) {
      throw new HttpError(400, 'VALIDATION', `The body is not valid JSON: ${(e as Error).message}`)
    }
  }

  async function actorOf(req: IncomingMessage): Promise<{ actor: Actor; token: string }> {
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(String(req.headers.authorization ?? ''))
    if (!m) throw new HttpError(401, 'UNAUTHORIZED', 'Log in first: send Authorization: Bearer <token> (POST /v1/login gives one).')
    return { actor: await accounts.authenticate(m[1]!), token: m[1]! }
  }

  async function route(req: IncomingMessage, res: ServerResponse, ctx: { user?: string }): Promise<[number, unknown]> {
    const url = new URL(req.url ?? '/', 'http://server')
    const path = url.pathname
    const method = req.method ?? 'GET'
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) {
        res.setHeader('Allow', methods.join(', '))
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}.`)
      }
    }

    if (path === TEAM_PATHS.health) {
      allow('GET')
      await db.$client.query('SELECT 1')
      return [200, { ok: true, protocol: TEAM_PROTOCOL_VERSION, time: clock().toISOString() }]
    }
    if (path === TEAM_PATHS.login) {
      allow('POST')
      const parsed = LoginInput.safeParse(await json(req))
      if (!parsed.success) throw new HttpError(400, 'VALIDATION', 'Send {user, password}.', zodDetails(parsed.error))
      const label = String(req.headers['user-agent'] ?? '').slice(0, 200) || null
      const { token, actor } = await accounts.login(parsed.data.user, parsed.data.password, label)
      ctx.user = actor.name
      return [200, { token, user: { name: actor.name, role: actor.role }, serverVersion: TEAM_PROTOCOL_VERSION }]
    }

    // Everything below needs a token.
    const { actor, token } = await actorOf(req)
    ctx.user = actor.name

    if (path === TEAM_PATHS.me) {
      allow('GET', 'DELETE')
      if (method === 'DELETE') return [200, { revoked: await accounts.revokeToken(token) }]
      const channels = Object.keys(TEAM_PERMISSIONS).filter((c) => mayCall(actor.role, c))
      return [200, { user: { name: actor.name, role: actor.role }, channels, serverVersion: TEAM_PROTOCOL_VERSION }]
    }

    if (path === TEAM_PATHS.commands) {
      allow('POST')
      const parsed = CommandsInput.safeParse(await json(req))
      if (!parsed.success)
        throw new HttpError(
          400,
          'VALIDATION',
          'Send {commands: [{id (UUIDv7), channel, input, issuedAt}, …]} (1–500 commands).',
          zodDetails(parsed.error)
        )
      const outcomes: CommandOutcome[] = []
      // One after another, in the order sent: a later command may depend on an earlier one.
      for (const env of parsed.data.commands) outcomes.push(await applyCommand(db, actor, env, domains.commands, clock))
      return [200, { outcomes }]
    }

    if (path === TEAM_PATHS.changes) {
      allow('GET')
      const parsed = ChangesQuery.safeParse(Object.fromEntries(url.searchParams))
      if (!parsed.success) throw new HttpError(400, 'VALIDATION', 'Query: after=<seq ≥ 0>&limit=<1–5000>.', zodDetails(parsed.error))
      const page = await changesAfter(db, parsed.data.after, parsed.data.limit)
      // The cursor moves past the changes this role does not see, so the client never asks for them again.
      return [200, { ...page, changes: page.changes.filter((c) => roleSees(actor.role, c)) }]
    }

    if (path.startsWith(TEAM_PATHS.read)) {
      allow('POST')
      const channel = decodeURIComponent(path.slice(TEAM_PATHS.read.length))
      const input = await json(req)
      if (!mayCall(actor.role, channel)) throw new HttpError(403, 'FORBIDDEN', `The ${actor.role} role may not call ${channel}.`)
      const handler = domains.reads[channel]
      if (!handler) throw new HttpError(404, 'UNSUPPORTED', `This server does not serve ${channel}.`)
      const schema = contractInput(channel)
      let value = input
      if (schema) {
        const parsed = schema.safeParse(input)
        if (!parsed.success) throw new HttpError(400, 'VALIDATION', `The input of ${channel} is not valid.`, zodDetails(parsed.error))
        value = parsed.data
      }
      return [200, await handler(value, { db, actor })]
    }

    if (path.startsWith(TEAM_PATHS.files)) {
      allow('PUT', 'HEAD')
      const sha = path.slice(TEAM_PATHS.files.length)
      if (method === 'HEAD') return [(await hasFile(db, sha)) ? 200 : 404, null]
      const bytes = await body(req, fileLimit)
      const stored = await storeFile(db, actor.userId, sha, url.searchParams.get('name') ?? '', bytes)
      return [stored.stored ? 201 : 200, stored]
    }

    throw new HttpError(404, 'NOT_FOUND', `No route ${method} ${path}.`)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now()
    const ctx: { user?: string } = {}
    const send = (status: number, payload: unknown) => {
      if (res.headersSent) return
      res.statusCode = status
      res.setHeader('Cache-Control', 'no-store')
      res.setHeader('X-Content-Type-Options', 'nosniff')
      if (payload === null || req.method === 'HEAD') return void res.end()
      const text = JSON.stringify(payload)
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Content-Length', Buffer.byteLength(text))
      res.end(text)
    }
    route(req, res, ctx)
      .then(([status, payload]) => send(status, payload))
      .catch((e: unknown) => {
        let status: number
        let error: { code: string; message: string; details?: unknown }
        if (e instanceof HttpError) {
          status = e.status
          error = { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) }
        } else if (isAppError(e) && STATUS_OF[e.code]) {
          status = STATUS_OF[e.code]!
          error = { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) }
        } else {
          status = 500
          error = { code: 'INTERNAL', message: 'The team server failed to answer this request; it was logged. Try again.' }
          log.error('team server request failed', { method: req.method, path: (req.url ?? '').split('?')[0], error: e })
        }
        if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer')
        send(status, { error })
      })
      .finally(() => {
        log.info('team request', {
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status: res.statusCode,
          user: ctx.user ?? null,
          ms: Math.round(performance.now() - started)
        })
      })
  }

  const server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handle) : createHttpServer(handle)
  // Large report uploads over a slow link: a request may take minutes, but headers must come quickly.
  server.requestTimeout = 15 * 60_000
  server.headersTimeout = 30_000
  return server
}

/** Listens; resolves with the URL the server answers on (port 0 = a free port). */
export function listen(server: Server, host: string, port: number, tls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const a = server.address() as AddressInfo
      const h = a.family === 'IPv6' ? `[${a.address}]` : a.address
      resolve(`${tls ? 'https' : 'http'}://${h}:${a.port}`)
    })
  })
}

/** Stops taking connections, lets requests in flight finish (up to graceMs), then closes the rest. */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}
