/**
 * A MINIMAL stand-in team server for the desktop's tests (node:http, the protocol of
 * src/shared/team.ts): login, commands with a ledger (an id is applied once; a resent id answers
 * the stored outcome with duplicate: true), the change log, and two reads. It is NOT the team
 * server (src/main/server.ts; test/integration/team/client-server.test.ts runs against that one):
 * it lets the client's tests cut the network at exact points (after applying, before answering).
 *
 * Domain rules of the stand-in: `rmas.receive` is refused (CONFLICT) for an RMA already received;
 * `orders.refund` is refused when the order's refunds would pass 5000 minor units (an over-refund).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CommandsInput, LoginInput, TEAM_PATHS, type CommandOutcome, type TeamChange, type TeamRole, mayCall } from '../../src/shared/team'

const AT = '2026-11-20T10:00:00.000Z'

/** An RMA's detail in the contract's shape (`rmas.get`), as the real server records it in its change log. */
function rmaDetail(id: number, status: 'Open' | 'Received') {
  return {
    id,
    storeId: 'store-1',
    storeName: 'Store 1',
    amazonOrderId: `111-0000000-000000${id % 10}`,
    orderSourceRmaId: `RMA${id}`,
    status,
    returnRequestStatus: 'Approved',
    returnRequestDate: AT,
    trackingId: null,
    carrier: null,
    returnless: false,
    skus: ['SKU-1'],
    quantity: 1,
    receivedQuantity: status === 'Received' ? 1 : 0,
    currency: 'USD',
    refundedAmountMinor: null,
    refund: null,
    displayStatus: status,
    createdAt: AT,
    updatedAt: AT,
    orderId: `o-${id}`,
    merchantRmaId: null,
    resolution: 'Refund',
    amazonResolution: null,
    returnType: null,
    orderDate: null,
    labelType: null,
    labelPaidBy: null,
    labelCostMinor: null,
    orderAmountMinor: null,
    source: 'report',
    sourceFile: null,
    sourceLine: null,
    orderIsMinimal: false,
    items: [],
    notes: [],
    history: [],
    refunds: [],
    fbaReturns: []
  }
}

/** An order's summary in the contract's shape (`orders.list` rows), with what the stand-in refunded. */
function orderSummary(storeId: string, amazonOrderId: string, refundedMinor: number) {
  return {
    id: `o-${amazonOrderId}`,
    storeId,
    storeName: storeId,
    amazonOrderId,
    status: 'Shipped',
    localStatus: null,
    shippingStatus: 'Shipped',
    purchaseDate: AT,
    currency: 'USD',
    orderTotalMinor: 5000,
    cancelledAt: null,
    isMinimal: false,
    followUp: null,
    onHold: false,
    itemCount: 1,
    // Not a contract field: the stand-in's own count (the contract's parse strips it).
    refundedMinor
  }
}

export type StandIn = {
  url: string
  port: number
  /** Applications per command id (a command applied twice would show 2). */
  applied: Map<string, number>
  /** Every command id received, in arrival order (resends included). */
  received: string[]
  changes: TeamChange[]
  /** Tokens handed out (to grep for them where they must not be). */
  tokens: Set<string>
  /** The next POST /v1/commands applies its commands, then drops the connection without answering. */
  dropNextAnswer(): void
  /**
   * The next POST /v1/commands applies its commands and never answers (the connection stays open):
   * the promise resolves once they are applied, so a test can kill the client mid-request.
   */
  holdNextAnswer(): Promise<void>
  /** Forget every token (the next request with one gets 401). */
  revokeTokens(): void
  /** Stop listening (the desktop sees a network failure); `up()` listens again on the same port. */
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

const REFUNDABLE_MINOR = 5000

export async function startStandIn(
  opts: { users?: Record<string, { password: string; role: TeamRole }>; port?: number } = {}
): Promise<StandIn> {
  const users = opts.users ?? { ana: { password: 'correct horse battery', role: 'warehouse' } }
  const tokens = new Map<string, { name: string; role: TeamRole }>()
  const ledger = new Map<string, Omit<CommandOutcome, 'duplicate'>>()
  const applied = new Map<string, number>()
  const received: string[] = []
  const changes: TeamChange[] = []
  const rmaReceived = new Set<number>()
  const refunded = new Map<string, number>()
  let dropNext = false
  let hold: (() => void) | null = null

  const record = (c: Omit<TeamChange, 'seq'>) => changes.push({ ...c, seq: changes.length + 1 })
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } })
  const body = async (req: IncomingMessage): Promise<unknown> => {
    let s = ''
    for await (const c of req) s += (c as Buffer).toString()
    return s ? JSON.parse(s) : {}
  }

  function apply(id: string, channel: string, input: Record<string, unknown>): Omit<CommandOutcome, 'duplicate'> {
    const decidedAt = new Date().toISOString()
    if (channel === 'rmas.receive') {
      const rma = Number(input.id)
      if (rmaReceived.has(rma))
        return { id, status: 'refused', error: { code: 'CONFLICT', message: `RMA ${rma} is already received` }, decidedAt }
      rmaReceived.add(rma)
      record({ storeId: 'store-1', entity: 'rma', key: String(rma), op: 'upsert', data: rmaDetail(rma, 'Received') })
    } else if (channel === 'orders.refund') {
      const order = String(input.amazonOrderId)
      const lines = input.lines as { components: { amountMinor: number }[] }[]
      const amount = lines.flatMap((l) => l.components).reduce((a, c) => a + c.amountMinor, 0)
      const before = refunded.get(order) ?? 0
      if (before + amount > REFUNDABLE_MINOR)
        return {
          id,
          status: 'refused',
          error: { code: 'CONFLICT', message: `Over-refund: ${before} of ${REFUNDABLE_MINOR} already refunded on ${order}` },
          decidedAt
        }
      refunded.set(order, before + amount)
      record({
        storeId: String(input.storeId),
        entity: 'order',
        key: order,
        op: 'upsert',
        data: orderSummary(String(input.storeId), order, before + amount)
      })
    }
    applied.set(id, (applied.get(id) ?? 0) + 1)
    return { id, status: 'applied', result: { ok: true }, decidedAt }
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'POST' && url.pathname === TEAM_PATHS.login) {
      const login = LoginInput.safeParse(await body(req))
      const u = login.success ? users[login.data.user] : undefined
      if (!login.success || !u || u.password !== login.data.password) return fail(res, 401, 'UNAUTHORIZED', 'Wrong user name or password')
      const token = randomBytes(24).toString('hex')
      tokens.set(token, { name: login.data.user, role: u.role })
      return send(res, 200, { token, user: { name: login.data.user, role: u.role }, serverVersion: 1 })
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    const actor = auth ? tokens.get(auth[1]!) : undefined
    if (!actor) return fail(res, 401, 'UNAUTHORIZED', 'Log in again')
    if (req.method === 'POST' && url.pathname === TEAM_PATHS.commands) {
      const parsed = CommandsInput.safeParse(await body(req))
      if (!parsed.success) return fail(res, 400, 'VALIDATION', parsed.error.message)
      const outcomes: CommandOutcome[] = []
      for (const c of parsed.data.commands) {
        received.push(c.id)
        const stored = ledger.get(c.id)
        if (stored) {
          outcomes.push({ ...stored, duplicate: true })
          continue
        }
        const o = mayCall(actor.role, c.channel)
          ? apply(c.id, c.channel, c.input as Record<string, unknown>)
          : {
              id: c.id,
              status: 'refused' as const,
              error: { code: 'FORBIDDEN', message: `${actor.role} may not call ${c.channel}` },
              decidedAt: new Date().toISOString()
            }
        ledger.set(c.id, o)
        outcomes.push({ ...o, duplicate: false })
      }
      if (hold) {
        const applied = hold
        hold = null
        applied() // applied; the answer never comes (the socket closes when the client dies)
        return
      }
      if (dropNext) {
        dropNext = false
        req.socket.destroy() // applied, but the answer is lost on the way
        return
      }
      return send(res, 200, { outcomes })
    }
    if (req.method === 'GET' && url.pathname === TEAM_PATHS.changes) {
      const after = Number(url.searchParams.get('after') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 1000)
      const page = changes.filter((c) => c.seq > after).slice(0, limit)
      const cursor = page.length ? page[page.length - 1]!.seq : after
      return send(res, 200, { changes: page, cursor, more: changes.some((c) => c.seq > cursor) })
    }
    if (req.method === 'POST' && url.pathname.startsWith(TEAM_PATHS.read)) {
      const channel = url.pathname.slice(TEAM_PATHS.read.length)
      await body(req)
      if (!mayCall(actor.role, channel)) return fail(res, 403, 'FORBIDDEN', `${actor.role} may not read ${channel}`)
      if (channel === 'rmas.list') {
        const rows = changes.filter((c) => c.entity === 'rma').map((c) => c.data)
        return send(res, 200, { rows, total: rows.length })
      }
      return fail(res, 404, 'NOT_FOUND', `The stand-in does not serve ${channel}`)
    }
    return fail(res, 404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}`)
  }

  let server: Server
  let port = opts.port ?? 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => void handler(req, res).catch((e: unknown) => fail(res, 500, 'INTERNAL', String(e))))
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  await listen()
  return {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    applied,
    received,
    changes,
    get tokens() {
      return new Set(tokens.keys())
    },
    dropNextAnswer: () => (dropNext = true),
    holdNextAnswer: () => new Promise<void>((resolve) => (hold = resolve)),
    revokeTokens: () => tokens.clear(),
    down: stop,
    up: listen,
    close: stop
  }
}
