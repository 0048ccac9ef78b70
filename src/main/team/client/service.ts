/**
 * TeamClient: this desktop's side of team mode (design: docs/ARCHITECTURE.md "Team mode").
 *
 * - connect: log in to a team server; the token goes to the keychain (vault), never to SQLite.
 * - enqueue: a command (contract channel + input) gets a UUIDv7 id made here and a row in the
 *   outbox, in SQLite, before anything is sent; then we try to send it. Nothing is lost when the
 *   network, the server or this process goes away: the row stays until the server has decided it.
 * - flush: the outbox in local order, in batches; each outcome stored as the server gave it. A
 *   resent id (the answer was lost) gets the server's stored outcome: applied once.
 * - pull: the server's change log after our cursor into the local copy; rows and cursor in one
 *   SQLite transaction, so a crash never leaves a cursor past rows we do not have.
 * - read: through the server when it answers, else from the local copy where it can.
 *
 * Nothing here decides by this machine's clock: the server orders and decides; `issuedAt` and the
 * "last contact / last sync" times are informational.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { contract, isChannel } from '../../../shared/contract'
import type { OutboxEntry, SyncResult, TeamStatus } from '../../../shared/contract/team'
import {
  ChangesOutput,
  CommandOutcome,
  CommandsOutput,
  LoginOutput,
  TEAM_COMMANDS,
  TEAM_PATHS,
  type TeamCommandChannel,
  type TeamError,
  type TeamRole
} from '../../../shared/team'
import type { DataDomain } from '../../../shared/events'
import type { Clock } from '../../clock'
import type { Db } from '../../db/client'
import { teamConnection, teamLocalRows, teamOutbox } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import { AppError } from '../../errors'
import type { EventBus } from '../../events'
import { registerSecret, type Logger } from '../../log'
import type { Vault } from '../../secrets/vault'
import { holdsListFrom, ordersListFrom, queueBatchesFrom, queueListFrom, rmaGetFrom, rmasListFrom } from './local-reads'

/** The keychain account of the team server's session token (service: the app's vault service). */
export const TEAM_TOKEN_ACCOUNT = 'team:session-token'
/** Commands per POST /v1/commands (the protocol allows 500). */
const BATCH = 100
/** Changes per GET /v1/changes. */
const PAGE = 1000
/** How often a connected desktop syncs by itself. */
export const SYNC_INTERVAL_MS = 30_000

/** The server did not answer (connection refused, DNS, time-out): the caller stays offline. */
class Unreachable extends Error {}
/** The server answered with an error. */
class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: TeamError
  ) {
    super(error.message)
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * A server URL the token may be sent to: https anywhere; plain http only to this machine, or
 * with `insecure` (the user accepts that the token and data cross the network in clear).
 */
export function checkServerUrl(raw: string, insecure: boolean): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('VALIDATION', `Not a URL: ${raw}. Expected e.g. https://team.example.com`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('VALIDATION', `The server URL must start with https:// (got ${url.protocol})`)
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) && !insecure)
    throw new AppError(
      'VALIDATION',
      `Refusing plain http:// to ${url.host}: the login token would cross the network in clear. Use https:// (TLS on the server or a reverse proxy), or pass --insecure on a network you trust.`
    )
  return url.origin + url.pathname.replace(/\/+$/, '')
}

/**
 * Which reads the local copy can answer offline, from the entities of the server's change log (the
 * names the server's domains record: `team/server/*.ts`), in the contract's shapes
 * (`local-reads.ts`). A single-row read names its row by key. Other served reads fall back to the
 * last answer the server gave to the same input (kept as entity `read:<channel>`), else OFFLINE.
 */
const LOCAL_READS: Record<
  string,
  { entities: string[]; key?: (input: Record<string, unknown>) => string; answer: (rows: Map<string, unknown[]>, input: never) => unknown }
> = {
  'orders.list': { entities: ['order'], answer: (r, i) => ordersListFrom(r.get('order') ?? [], i) },
  'queue.list': {
    entities: ['queueEntry', 'queueBatch'],
    answer: (r, i) => queueListFrom(r.get('queueEntry') ?? [], r.get('queueBatch') ?? [], i)
  },
  'queue.batches': { entities: ['queueBatch'], answer: (r, i) => queueBatchesFrom(r.get('queueBatch') ?? [], i) },
  'rmas.list': { entities: ['rma'], answer: (r, i) => rmasListFrom(r.get('rma') ?? [], i) },
  'rmas.get': { entities: ['rma'], key: (i) => String(i.id), answer: (r) => rmaGetFrom(r.get('rma') ?? []) },
  'holds.list': { entities: ['hold'], answer: (r, i) => holdsListFrom(r.get('hold') ?? [], i) }
}

/** Served reads whose last answer is kept for offline reading (not an export: a file, and large). */
const CACHED_READ_PREFIX = 'read:'
const NOT_CACHED = new Set(['reimbursements.exportCsv'])

/** Which screens' data an entity of the change log belongs to (its domain, for `data.changed`). */
const ENTITY_DOMAINS: Record<string, DataDomain[]> = {
  order: ['orders'],
  queueEntry: ['queue', 'orders'],
  queueBatch: ['queue'],
  rma: ['rmas'],
  hold: ['holds', 'orders'],
  'reimbursements.import': ['reimbursements']
}
/** Every domain the server serves: refreshed when the server comes back or goes away. */
export const TEAM_SERVED_DOMAINS: readonly DataDomain[] = ['stores', 'orders', 'queue', 'rmas', 'holds', 'reimbursements']

/** The same JSON text for the same input, whatever the order of its keys (the key of a cached read). */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

export type TeamReadAnswer =
  | { source: 'server'; channel: string; data: unknown }
  | {
      source: 'local'
      channel: string
      /** Why the server was not asked (offline, or a new login needed). */
      reason: string
      /** The change log position the copy is at, and when this desktop last synced (its clock). */
      cursor: number
      lastSyncAt: string | null
      data: unknown
    }

type Method = 'GET' | 'POST' | 'PUT'
type ConnRow = typeof teamConnection.$inferSelect
type OutboxRow = typeof teamOutbox.$inferSelect

export class TeamClient {
  private online = false
  private flushing: Promise<FlushCounts> | null = null
  private timer: NodeJS.Timeout | null = null
  private offEvents: (() => void) | null = null

  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      vault: Vault
      log: Logger
      events: EventBus
      /** Per-request time-out (ms). */
      timeoutMs?: number
      /**
       * Where a queued file import keeps its report file until the server has decided the command
       * (in the app's data folder, next to the database; one file per SHA-256). Without it a file
       * import cannot be queued.
       */
      filesDir?: string
    }
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Connection

  private conn(): ConnRow | null {
    return this.deps.db.select().from(teamConnection).where(eq(teamConnection.id, 1)).get() ?? null
  }

  private requireConn(): ConnRow {
    const c = this.conn()
    if (!c) throw new AppError('NOT_FOUND', 'Not connected to a team server. Connect first: team connect --server URL --user NAME')
    return c
  }

  /** Single-seat databases have no row: the composition root starts nothing for them. */
  isConnected(): boolean {
    return this.conn() !== null
  }

  private now(): string {
    return this.deps.clock.now().toISOString()
  }

  private touchConn(patch: Partial<ConnRow>): void {
    this.deps.db.update(teamConnection).set(patch).where(eq(teamConnection.id, 1)).run()
  }

  private emit(domains: readonly DataDomain[] = []): void {
    this.deps.events.emit('data.changed', { domains: [...new Set<DataDomain>(['team', ...domains])] })
  }

  /** Whether the server answered the last request; a change refreshes every screen it serves. */
  private setOnline(online: boolean): void {
    if (this.online === online) return
    this.online = online
    if (this.isConnected()) this.emit(TEAM_SERVED_DOMAINS)
  }

  /** The role the server gave this user at login (null: not connected). */
  role(): TeamRole | null {
    return this.conn()?.role ?? null
  }

  status(): TeamStatus {
    const c = this.conn()
    const counts = Object.fromEntries(
      this.deps.db
        .select({ state: teamOutbox.state, n: count() })
        .from(teamOutbox)
        .groupBy(teamOutbox.state)
        .all()
        .map((r) => [r.state, r.n])
    ) as Partial<Record<OutboxRow['state'], number>>
    return {
      connected: c !== null,
      serverUrl: c?.serverUrl ?? null,
      user: c?.userName ?? null,
      role: c?.role ?? null,
      online: c !== null && this.online && !c.needsLogin,
      needsLogin: c?.needsLogin ?? false,
      insecure: c?.insecure ?? false,
      cursor: c?.cursor ?? 0,
      lastContactAt: c?.lastContactAt ?? null,
      lastSyncAt: c?.lastSyncAt ?? null,
      lastError: c?.lastError ?? null,
      pending: (counts.pending ?? 0) + (counts.sent ?? 0),
      refused: counts.refused ?? 0,
      applied: counts.applied ?? 0
    }
  }

  /**
   * Logs in and keeps the token in the keychain. Logging in again to the same server (after the
   * token was refused) keeps the outbox and the local copy; another server starts a fresh copy,
   * and is refused while commands for the current one are undecided.
   */
  async connect(input: { serverUrl: string; user: string; password: string; insecure?: boolean }): Promise<TeamStatus> {
    const serverUrl = checkServerUrl(input.serverUrl, input.insecure ?? false)
    const current = this.conn()
    if (current && current.serverUrl !== serverUrl && this.status().pending > 0)
      throw new AppError(
        'CONFLICT',
        `${this.status().pending} command(s) for ${current.serverUrl} are not sent yet. Sync them (or disconnect with --discard-pending) before connecting to another server.`
      )
    let login
    try {
      login = LoginOutput.parse(await this.http(serverUrl, null, 'POST', TEAM_PATHS.login, { user: input.user, password: input.password }))
    } catch (e) {
      throw this.asAppError(e, serverUrl)
    }
    registerSecret(login.token)
    await this.deps.vault.set(TEAM_TOKEN_ACCOUNT, login.token)
    const now = this.now()
    const row = {
      serverUrl,
      userName: login.user.name,
      role: login.user.role,
      insecure: input.insecure ?? false,
      needsLogin: false,
      lastContactAt: now,
      lastError: null,
      connectedAt: now
    }
    const sqlite = this.deps.db.$client
    inTransaction(sqlite, () => {
      if (current && current.serverUrl === serverUrl) {
        this.touchConn(row)
      } else {
        this.deps.db.delete(teamLocalRows).run()
        this.deps.db.delete(teamOutbox).run()
        this.deps.db.delete(teamConnection).run()
        this.deps.db
          .insert(teamConnection)
          .values({ id: 1, cursor: 0, ...row })
          .run()
      }
    })
    this.online = true
    this.deps.log.info('team: connected', { serverUrl, user: login.user.name, role: login.user.role })
    this.emit()
    this.schedule()
    return this.status()
  }

  /** Forgets the server: the token leaves the keychain; the outbox and local copy are deleted. */
  async disconnect(opts: { discardPending?: boolean } = {}): Promise<TeamStatus> {
    const pending = this.status().pending
    if (pending > 0 && !opts.discardPending)
      throw new AppError(
        'CONFLICT',
        `${pending} command(s) are not sent to the server yet; disconnecting would lose them. Sync first, or disconnect with --discard-pending.`
      )
    await this.deps.vault.delete(TEAM_TOKEN_ACCOUNT)
    inTransaction(this.deps.db.$client, () => {
      this.deps.db.delete(teamLocalRows).run()
      this.deps.db.delete(teamOutbox).run()
      this.deps.db.delete(teamConnection).run()
    })
    this.dropKeptFiles()
    this.online = false
    this.stopTimer()
    this.deps.log.info('team: disconnected', { discardedCommands: pending })
    this.emit()
    return this.status()
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private async http(base: string, token: string | null, method: Method, path: string, body?: unknown): Promise<unknown> {
    let res: Response
    const raw = body instanceof Uint8Array
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': raw ? 'application/octet-stream' : 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {})
        },
        body: raw ? new Blob([body as Uint8Array<ArrayBuffer>]) : body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 15_000)
      })
    } catch (e) {
      this.setOnline(false)
      throw new Unreachable(
        `The team server ${base} did not answer: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`
      )
    }
    const text = await res.text().catch(() => '')
    let json: unknown = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      // not JSON: handled below
    }
    this.setOnline(true)
    if (!res.ok) {
      const err = (json as { error?: TeamError } | null)?.error
      throw new HttpFailure(res.status, {
        code: err?.code ?? `HTTP_${res.status}`,
        message: err?.message ?? `The team server answered ${res.status} ${res.statusText}`,
        ...(err?.details !== undefined ? { details: err.details } : {})
      })
    }
    if (json === null) throw new HttpFailure(502, { code: 'BAD_ANSWER', message: `The team server's answer to ${path} is not JSON` })
    return json
  }

  private asAppError(e: unknown, serverUrl: string): AppError {
    if (e instanceof AppError) return e
    if (e instanceof Unreachable) return new AppError('OFFLINE', e.message)
    if (e instanceof HttpFailure) {
      const code =
        e.status === 401 || e.status === 403
          ? 'UNAUTHORIZED'
          : e.status === 400
            ? 'VALIDATION'
            : e.status === 404
              ? 'NOT_FOUND'
              : e.status === 409
                ? 'CONFLICT'
                : 'UNAVAILABLE'
      return new AppError(code, `${serverUrl}: ${e.error.message}`, { server: e.error })
    }
    if (e instanceof Error && e.name === 'ZodError')
      return new AppError('UNAVAILABLE', `${serverUrl} does not answer as a team server (unexpected reply)`)
    return new AppError('INTERNAL', e instanceof Error ? e.message : String(e))
  }

  /** The token for a request; null (and the connection marked) when a new login is needed. */
  private async token(c: ConnRow): Promise<string | null> {
    if (c.needsLogin) return null
    const token = await this.deps.vault.get(TEAM_TOKEN_ACCOUNT)
    if (!token) {
      this.touchConn({ needsLogin: true, lastError: 'No token in the keychain: log in again' })
      return null
    }
    registerSecret(token)
    return token
  }

  private async authed(c: ConnRow, method: Method, path: string, body?: unknown): Promise<unknown> {
    const token = await this.token(c)
    if (!token) throw new HttpFailure(401, { code: 'UNAUTHORIZED', message: 'Log in to the team server again' })
    try {
      const out = await this.http(c.serverUrl, token, method, path, body)
      this.touchConn({ lastContactAt: this.now() })
      return out
    } catch (e) {
      if (e instanceof HttpFailure && e.status === 401) {
        this.touchConn({ needsLogin: true, lastContactAt: this.now(), lastError: `The server refused the login token: ${e.error.message}` })
        this.emit()
      }
      throw e
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Outbox

  /**
   * Puts a command in the outbox (validated with the channel's contract first: a command that can
   * never be applied is refused here, not queued), then tries to send it at once.
   */
  async enqueue(channel: string, rawInput: unknown, file?: { bytes: Uint8Array; name: string }): Promise<OutboxEntry> {
    this.requireConn()
    let kept: { sha256: string; name: string } | null = null
    if (file) {
      // The file is kept under its SHA-256 (the server's file id, so the command's input is final
      // now) before the command is queued; flush uploads it before it sends the command.
      kept = { sha256: this.keepFile(file.bytes), name: file.name }
      rawInput = { ...(rawInput as Record<string, unknown>), fileId: kept.sha256 }
    }
    if (!(TEAM_COMMANDS as readonly string[]).includes(channel))
      throw new AppError('VALIDATION', `${channel} is not a team command. Commands: ${TEAM_COMMANDS.join(', ')}`)
    if (!isChannel(channel)) throw new AppError('VALIDATION', `Unknown channel ${channel}`)
    const parsed = contract[channel].input.safeParse(rawInput ?? {})
    if (!parsed.success)
      throw new AppError(
        'VALIDATION',
        `Invalid input for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`
      )
    // The id's time part is this desktop's clock (it may be off, even moved back): the id is
    // only an identity; the outbox's `seq` keeps the send order.
    const id = uuidv7({ msecs: this.deps.clock.now().getTime() })
    this.deps.db
      .insert(teamOutbox)
      // The input as the user gave it: the server validates (and defaults) it with the same contract.
      .values({ id, channel: channel as TeamCommandChannel, input: rawInput ?? {}, issuedAt: this.now(), state: 'pending', file: kept })
      .run()
    this.emit()
    await this.flush().catch((e: unknown) => this.deps.log.warn('team: send failed', { error: e }))
    return this.entry(id)
  }

  entry(id: string): OutboxEntry {
    const row = this.deps.db.select().from(teamOutbox).where(eq(teamOutbox.id, id)).get()
    if (!row) throw new AppError('NOT_FOUND', `No outbox command ${id}`)
    return toEntry(row)
  }

  /** Newest first. */
  outbox(limit = 200): OutboxEntry[] {
    return this.deps.db.select().from(teamOutbox).orderBy(desc(teamOutbox.seq)).limit(limit).all().map(toEntry)
  }

  /** Sends every undecided command, one flush at a time per process (the server deduplicates across processes). */
  flush(): Promise<FlushCounts> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null))
    return this.flushing
  }

  private async flushOnce(): Promise<FlushCounts> {
    const counts: FlushCounts = { sent: 0, applied: 0, refused: 0, error: null }
    let size = BATCH
    for (;;) {
      const c = this.requireConn()
      const rows = this.deps.db
        .select()
        .from(teamOutbox)
        .where(inArray(teamOutbox.state, ['pending', 'sent']))
        .orderBy(asc(teamOutbox.seq))
        .limit(size)
        .all()
      if (rows.length === 0) break
      // A file import's report file goes up first (PUT by SHA-256: idempotent, stored once). Not
      // reachable: stop, everything stays pending. A refusal of the file (too large, gone from
      // this computer) is final for its command.
      const uploadFailure = await this.uploadKeptFiles(c, rows)
      if (uploadFailure) {
        if (uploadFailure.final) {
          this.decide(uploadFailure.id, { status: 'refused', error: uploadFailure.error, duplicate: false, decidedAt: null })
          this.dropKeptFiles()
          counts.sent += 1
          counts.refused += 1
          continue
        }
        this.touchConn({ lastError: uploadFailure.error.message })
        counts.error = uploadFailure.error
        break
      }
      const ids = rows.map((r) => r.id)
      // 'sent': on its way; if this process dies before the answer, the next flush sends it again
      // and the server answers the stored outcome (applied once).
      this.deps.db
        .update(teamOutbox)
        .set({ state: 'sent', attempts: sql`${teamOutbox.attempts} + 1` })
        .where(inArray(teamOutbox.id, ids))
        .run()
      let outcomes: CommandOutcome[]
      try {
        const res = CommandsOutput.parse(
          await this.authed(c, 'POST', TEAM_PATHS.commands, {
            commands: rows.map((r) => ({ id: r.id, channel: r.channel, input: r.input, issuedAt: r.issuedAt }))
          })
        )
        outcomes = res.outcomes
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        if (e instanceof HttpFailure && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429) {
          // The server refused the request itself (not one command's domain rule). Find which
          // command it is by sending them one at a time; a single refused command is final.
          if (rows.length > 1) {
            this.setState(ids, 'pending', null)
            size = 1
            continue
          }
          this.decide(rows[0]!.id, { status: 'refused', error: e.error, duplicate: false, decidedAt: null })
          counts.sent += 1
          counts.refused += 1
          continue
        }
        // Unreachable, 401, 5xx, a garbled answer: nothing was decided that we know of; send again later.
        this.setState(ids, 'pending', message)
        this.touchConn({ lastError: message })
        counts.error = e instanceof HttpFailure ? e.error : { code: e instanceof Unreachable ? 'OFFLINE' : 'BAD_ANSWER', message }
        break
      }
      const byId = new Map(outcomes.map((o) => [o.id, o]))
      inTransaction(this.deps.db.$client, () => {
        for (const r of rows) {
          const o = byId.get(r.id)
          if (!o) {
            this.setState([r.id], 'pending', 'The server did not answer for this command')
            continue
          }
          this.decide(r.id, o)
          counts.sent += 1
          if (o.status === 'applied') counts.applied += 1
          else counts.refused += 1
        }
      })
      if (rows.some((r) => r.file)) this.dropKeptFiles()
      if (rows.some((r) => !byId.has(r.id))) break
      this.touchConn({ lastError: null })
    }
    // A decided command changed its domain's data on the server: the screens showing it refresh.
    if (counts.sent > 0 || counts.error) this.emit(counts.sent > 0 ? TEAM_SERVED_DOMAINS : [])
    return counts
  }

  private setState(ids: string[], state: 'pending', lastError: string | null): void {
    this.deps.db.update(teamOutbox).set({ state, lastError }).where(inArray(teamOutbox.id, ids)).run()
  }

  private decide(id: string, o: StoredOutcome): void {
    this.deps.db
      .update(teamOutbox)
      .set({ state: o.status, outcome: o, lastError: null })
      .where(and(eq(teamOutbox.id, id), inArray(teamOutbox.state, ['pending', 'sent'])))
      .run()
  }

  /** Writes a report file into `filesDir` under its SHA-256 (written whole, then renamed into place). */
  private keepFile(bytes: Uint8Array): string {
    const dir = this.deps.filesDir
    if (!dir) throw new AppError('INTERNAL', 'This desktop has no folder for queued report files')
    const sha = createHash('sha256').update(bytes).digest('hex')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const target = join(dir, sha)
    if (!existsSync(target)) {
      const tmp = join(dir, `.${sha}.${randomUUID()}.part`)
      writeFileSync(tmp, bytes, { mode: 0o600, flush: true })
      renameSync(tmp, target)
    }
    return sha
  }

  /** Uploads the kept files of these outbox rows; the first failure, if any. */
  private async uploadKeptFiles(c: ConnRow, rows: OutboxRow[]): Promise<{ id: string; final: boolean; error: TeamError } | null> {
    for (const r of rows) {
      if (!r.file) continue
      const path = join(this.deps.filesDir ?? '', r.file.sha256)
      // Gone here (the command was decided before and is sent again): the command goes without
      // an upload, and the server decides (its stored outcome, or "file not uploaded").
      if (!existsSync(path)) continue
      const bytes = readFileSync(path)
      try {
        await this.authed(c, 'PUT', `${TEAM_PATHS.files}${r.file.sha256}?name=${encodeURIComponent(r.file.name)}`, bytes)
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        if (e instanceof HttpFailure && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429)
          return {
            id: r.id,
            final: true,
            error: { ...e.error, message: `The server refused the report file ${r.file.name}: ${e.error.message}` }
          }
        return {
          id: r.id,
          final: false,
          error: e instanceof HttpFailure ? e.error : { code: e instanceof Unreachable ? 'OFFLINE' : 'BAD_ANSWER', message }
        }
      }
    }
    return null
  }

  /** Deletes kept report files no undecided command needs any more. */
  private dropKeptFiles(): void {
    const dir = this.deps.filesDir
    if (!dir || !existsSync(dir)) return
    const needed = new Set(
      this.deps.db
        .select({ file: teamOutbox.file })
        .from(teamOutbox)
        .where(inArray(teamOutbox.state, ['pending', 'sent']))
        .all()
        .flatMap((r) => (r.file ? [r.file.sha256] : []))
    )
    for (const name of readdirSync(dir)) if (/^[0-9a-f]{64}$/.test(name) && !needed.has(name)) rmSync(join(dir, name), { force: true })
  }

  /**
   * Uploads a report file to the server (content-addressed: PUT /v1/files/<sha256>, idempotent) and
   * answers its `fileId` for an import command. Needs the server: a file is not queued offline.
   */
  async upload(bytes: Uint8Array, name: string): Promise<{ fileId: string }> {
    const c = this.requireConn()
    const sha = createHash('sha256').update(bytes).digest('hex')
    try {
      const out = (await this.authed(c, 'PUT', `${TEAM_PATHS.files}${sha}?name=${encodeURIComponent(name)}`, bytes)) as { fileId?: unknown }
      if (typeof out.fileId !== 'string') throw new HttpFailure(502, { code: 'BAD_ANSWER', message: 'The server did not answer a fileId' })
      return { fileId: out.fileId }
    } catch (e) {
      throw this.asAppError(e, c.serverUrl)
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Changes and reads

  /** Pulls the change log after our cursor; each page's rows and the cursor in one transaction. */
  async pull(): Promise<number> {
    let pulled = 0
    const domains = new Set<DataDomain>()
    for (;;) {
      const c = this.requireConn()
      const res = ChangesOutput.parse(await this.authed(c, 'GET', `${TEAM_PATHS.changes}?after=${c.cursor}&limit=${PAGE}`))
      inTransaction(this.deps.db.$client, () => {
        for (const ch of res.changes) {
          if (ch.op === 'delete')
            this.deps.db
              .delete(teamLocalRows)
              .where(and(eq(teamLocalRows.entity, ch.entity), eq(teamLocalRows.key, ch.key)))
              .run()
          else
            this.deps.db
              .insert(teamLocalRows)
              .values({ entity: ch.entity, key: ch.key, storeId: ch.storeId, data: ch.data ?? null, seq: ch.seq })
              .onConflictDoUpdate({
                target: [teamLocalRows.entity, teamLocalRows.key],
                set: { storeId: ch.storeId, data: ch.data ?? null, seq: ch.seq }
              })
              .run()
        }
        this.touchConn({ cursor: Math.max(c.cursor, res.cursor) })
      })
      pulled += res.changes.length
      for (const ch of res.changes) for (const d of ENTITY_DOMAINS[ch.entity] ?? []) domains.add(d)
      if (!res.more || res.changes.length === 0) break
    }
    if (pulled > 0) this.emit([...domains])
    return pulled
  }

  /** Send the outbox, then pull what changed. Never throws for a network failure: it says so. */
  async sync(): Promise<SyncResult> {
    this.requireConn()
    const flushed = await this.flush()
    let pulled = 0
    let error = flushed.error
    if (!error) {
      try {
        pulled = await this.pull()
        this.touchConn({ lastSyncAt: this.now(), lastError: null })
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        error = e instanceof HttpFailure ? e.error : { code: e instanceof Unreachable ? 'OFFLINE' : 'BAD_ANSWER', message }
        this.touchConn({ lastError: message })
      }
    }
    this.emit()
    const s = this.status()
    return {
      online: s.online,
      sent: flushed.sent,
      applied: flushed.applied,
      refused: flushed.refused,
      pending: s.pending,
      pulled,
      cursor: s.cursor,
      error
    }
  }

  /**
   * A read through the server when it answers (its answer is kept for offline reading); otherwise
   * from the local copy: the change log's rows in the contract's shape (lists filtered and paged,
   * `local-reads.ts`), else the last answer the server gave to the same input, else OFFLINE.
   */
  async read(channel: string, input: unknown): Promise<TeamReadAnswer> {
    const c = this.requireConn()
    if (!isChannel(channel)) throw new AppError('VALIDATION', `Unknown channel ${channel}`)
    const parsed = contract[channel].input.safeParse(input ?? {})
    if (!parsed.success)
      throw new AppError(
        'VALIDATION',
        `Invalid input for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`
      )
    const args = (parsed.data ?? {}) as Record<string, unknown>
    const cacheKey = stableJson(args)
    let reason: string
    try {
      const data = await this.authed(c, 'POST', TEAM_PATHS.read + channel, args)
      if (!NOT_CACHED.has(channel)) this.keepAnswer(channel, cacheKey, args, data)
      return { source: 'server', channel, data }
    } catch (e) {
      if (e instanceof Unreachable) reason = e.message
      else if (e instanceof HttpFailure && e.status === 401) reason = 'The server refused the login token: log in again'
      else throw this.asAppError(e, c.serverUrl)
    }
    const fresh = this.requireConn()
    const base = { source: 'local' as const, channel, reason, cursor: fresh.cursor, lastSyncAt: fresh.lastSyncAt }
    const local = LOCAL_READS[channel]
    if (local) {
      const storeId = typeof args.storeId === 'string' ? args.storeId : null
      const rows = this.deps.db
        .select({ entity: teamLocalRows.entity, data: teamLocalRows.data })
        .from(teamLocalRows)
        .where(
          and(
            inArray(teamLocalRows.entity, local.entities),
            storeId ? eq(teamLocalRows.storeId, storeId) : undefined,
            local.key ? eq(teamLocalRows.key, local.key(args)) : undefined
          )
        )
        .all()
      const byEntity = new Map<string, unknown[]>()
      for (const r of rows) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.data])
      const data = local.answer(byEntity, args as never)
      if (data !== null) return { ...base, data }
    }
    const kept = this.deps.db
      .select({ data: teamLocalRows.data })
      .from(teamLocalRows)
      .where(and(eq(teamLocalRows.entity, CACHED_READ_PREFIX + channel), eq(teamLocalRows.key, cacheKey)))
      .get()
    if (kept) return { ...base, data: kept.data }
    throw new AppError(
      'OFFLINE',
      local
        ? `${reason}. This ${channel.split('.')[0]} is not in this desktop's local copy.`
        : `${reason}. ${channel} with this input has no local copy on this desktop (it is kept once the server has answered it); it needs the server.`
    )
  }

  /** Keeps a served read's answer for offline reading; replaced by the next answer to the same input. */
  private keepAnswer(channel: string, key: string, args: Record<string, unknown>, data: unknown): void {
    const entity = CACHED_READ_PREFIX + channel
    const storeId = typeof args.storeId === 'string' ? args.storeId : null
    const seq = this.conn()?.cursor ?? 0
    this.deps.db
      .insert(teamLocalRows)
      .values({ entity, key, storeId, data, seq })
      .onConflictDoUpdate({ target: [teamLocalRows.entity, teamLocalRows.key], set: { storeId, data, seq } })
      .run()
  }

  // ---------------------------------------------------------------------------------------------
  // Background sync

  /** Syncs every 30 s while connected, and at once when the network comes back. */
  start(): void {
    this.offEvents ??= this.deps.events.onAny((name, payload) => {
      if (name === 'network.changed' && (payload as { online: boolean }).online && this.isConnected()) this.syncQuietly()
    })
    this.schedule()
  }

  private schedule(): void {
    if (!this.offEvents || this.timer || !this.isConnected()) return
    this.syncQuietly()
    this.timer = setInterval(() => (this.isConnected() ? this.syncQuietly() : this.stopTimer()), SYNC_INTERVAL_MS)
    this.timer.unref()
  }

  private syncQuietly(): void {
    void this.sync().catch((e: unknown) => this.deps.log.warn('team: sync failed', { error: e }))
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  stop(): void {
    this.stopTimer()
    this.offEvents?.()
    this.offEvents = null
  }
}

type StoredOutcome = Omit<CommandOutcome, 'decidedAt' | 'id'> & { decidedAt: string | null }
export type FlushCounts = { sent: number; applied: number; refused: number; error: TeamError | null }

function toEntry(r: OutboxRow): OutboxEntry {
  const o = r.outcome as StoredOutcome | null
  return {
    id: r.id,
    channel: r.channel,
    input: r.input,
    issuedAt: r.issuedAt,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    ...(o?.result !== undefined ? { result: o.result } : {}),
    error: o?.error ?? null,
    decidedAt: o?.decidedAt ?? null,
    duplicate: o?.duplicate ?? false
  }
}
