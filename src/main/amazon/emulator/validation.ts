/**
 * Request validation for the SP-API emulator, built from Amazon's published models (vendored in
 * ./models from amzn/selling-partner-api-models @ 34dc93f, Apache-2.0, see models/NOTICE), so a
 * request Amazon would refuse with 400 fails here too instead of getting a harmless-looking 200.
 *
 * One table, generated when the module loads: for every operation the emulator serves (OPERATIONS)
 * its model's parameters (required, type, enum, minimum/maximum, minItems/maxItems, format
 * date-time) and body schema, plus what the models state only in prose:
 * - "Possible values: `A` … `B`" in a parameter's description -> an enum;
 * - "Value must be 1 - 100" / "The value must be between 1 and 100" -> minimum/maximum;
 * - "… in ISO 8601 format" -> an ISO 8601 date;
 * - "… order identifier, in 3-7-7 format" -> the 3-7-7 digits pattern;
 * and the cross-parameter rules of the descriptions, written out in CROSS_RULES with the model's
 * words. Which answers carry `x-amzn-RateLimit-Limit` also comes from the models' response headers.
 *
 * Hand-written rather than a JSON Schema library: Swagger 2.0 query parameters (strings split by
 * collectionFormat csv, integers and booleans in text) are not JSON Schema, and the body schemas
 * of these four models use only type/required/properties/enum/minItems/maxItems/format/$ref
 * (about 60 lines here against two new runtime dependencies in the app bundle).
 */
import { OPERATIONS, type OperationName } from '../spapi/operations'
import feeds from './models/feeds_2021-06-30.json'
import ordersV0 from './models/ordersV0.json'
import orders2026 from './models/orders_2026-01-01.json'
import reports from './models/reports_2021-06-30.json'
import tokens from './models/tokens_2021-03-01.json'
import finances from './models/finances_2024-06-19.json'
import catalogItems from './models/catalogItems_2022-04-01.json'
import inboundV0 from './models/fulfillmentInboundV0.json'

type Schema = {
  $ref?: string
  type?: string
  format?: string
  enum?: string[]
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  items?: Schema
  required?: string[]
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
}
type Param = Omit<Schema, 'required'> & {
  name: string
  in: 'query' | 'path' | 'body' | 'header' | 'formData'
  required?: boolean
  description?: string
  schema?: Schema
}
type Model = {
  paths: Record<
    string,
    Record<
      string,
      { operationId?: string; parameters?: (Param | { $ref: string })[]; responses?: Record<string, { headers?: Record<string, unknown> }> }
    >
  >
  definitions?: Record<string, Schema>
  parameters?: Record<string, Param>
}

/** The models whose operations the emulator validates. Add a model here to validate its operations. */
const MODELS = [ordersV0, orders2026, reports, feeds, tokens, finances, catalogItems, inboundV0] as unknown as Model[]

export type OperationRules = {
  params: Param[]
  definitions: Record<string, Schema>
  /** HTTP statuses whose answers declare x-amzn-RateLimit-Limit in the model. */
  rateLimitStatuses: Set<number>
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Rules a model states in a parameter's description, as schema keywords. */
function fromDescription(p: Param): Schema {
  const d = p.description ?? ''
  const out: Schema = {}
  const pv = /\*\*Possible values:?\*\*:?([\s\S]*)$/.exec(d)
  if (pv) {
    const values = [...pv[1]!.matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!)
    if (values.length > 0) out.enum = [...new Set(values)]
  }
  const range = /Value must be (\d+) - (\d+)/.exec(d) ?? /value must be between (\d+) and (\d+)/i.exec(d)
  if (range) {
    out.minimum = Number(range[1])
    out.maximum = Number(range[2])
  }
  if (/ISO 8601/.test(d) && (p.type === 'string' || p.type === undefined)) out.format = 'date-time'
  if (/order identifier,? in 3-7-7 format/i.test(d)) out.pattern = '^\\d{3}-\\d{7}-\\d{7}$'
  return out
}

function buildTable(): Map<OperationName, OperationRules> {
  const table = new Map<OperationName, OperationRules>()
  for (const model of MODELS) {
    for (const [path, ops] of Object.entries(model.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // By method + path: two versions of an API may use the same operationId (Orders v0 and
        // v2026-01-01 both have getOrder; the app names the second getOrder2026).
        const name = (Object.keys(OPERATIONS) as OperationName[]).find(
          (k) => OPERATIONS[k].path === path && OPERATIONS[k].method === method.toUpperCase()
        )
        if (!name || !op.operationId) continue
        const params = (op.parameters ?? []).map((p): Param => {
          const base = '$ref' in p && p.$ref ? model.parameters![p.$ref.replace('#/parameters/', '')]! : (p as Param)
          const extra = fromDescription(base)
          if (base.type === 'array')
            return { ...base, items: { ...extra, ...base.items, ...(base.items?.enum ? {} : extra.enum ? { enum: extra.enum } : {}) } }
          return { ...extra, ...base } as Param
        })
        const rateLimitStatuses = new Set(
          Object.entries(op.responses ?? {})
            .filter(([, r]) => r.headers && 'x-amzn-RateLimit-Limit' in r.headers)
            .map(([code]) => Number(code))
        )
        table.set(name, { params, definitions: model.definitions ?? {}, rateLimitStatuses })
      }
    }
  }
  return table
}

export const VALIDATION_TABLE: ReadonlyMap<OperationName, OperationRules> = buildTable()

// ------------------------------------------------------------ values

/** Checks one value against a schema; returns what is wrong ("" = fine). `at` names the value. */
function check(v: unknown, s: Schema, defs: Record<string, Schema>, at: string): string {
  if (s.$ref) return check(v, defs[s.$ref.replace('#/definitions/', '')] ?? {}, defs, at)
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return `${at} must be a string`
      if (s.enum && !s.enum.includes(v)) return `${at} has an invalid value "${v}" (expected one of ${s.enum.join(', ')})`
      if (s.format === 'date-time' && (!ISO_8601.test(v) || Number.isNaN(Date.parse(v)))) return `${at} "${v}" is not an ISO 8601 date-time`
      if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) return `${at} "${v}" does not have the expected format (${s.pattern})`
      if (s.minLength !== undefined && v.length < s.minLength) return `${at} must have at least ${s.minLength} characters`
      if (s.maxLength !== undefined && v.length > s.maxLength) return `${at} must have at most ${s.maxLength} characters`
      return ''
    case 'integer':
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || (s.type === 'integer' && !Number.isInteger(v)))
        return `${at} must be ${s.type === 'integer' ? 'an integer' : 'a number'}`
      if (s.minimum !== undefined && v < s.minimum) return `${at} must be at least ${s.minimum}`
      if (s.maximum !== undefined && v > s.maximum) return `${at} must be at most ${s.maximum}`
      return ''
    case 'boolean':
      return typeof v === 'boolean' ? '' : `${at} must be true or false`
    case 'array': {
      if (!Array.isArray(v)) return `${at} must be an array`
      if (s.minItems !== undefined && v.length < s.minItems) return `${at} must have at least ${s.minItems} item(s)`
      if (s.maxItems !== undefined && v.length > s.maxItems) return `${at} must have at most ${s.maxItems} items`
      for (let i = 0; i < v.length; i++) {
        const e = s.items ? check(v[i], s.items, defs, `${at}[${i}]`) : ''
        if (e) return e
      }
      return ''
    }
    case 'object':
    case undefined: {
      if (s.type === undefined && !s.properties) return ''
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at} must be an object`
      const o = v as Record<string, unknown>
      for (const r of s.required ?? []) if (o[r] === undefined || o[r] === null) return `${at}.${r} is required`
      for (const [k, val] of Object.entries(o)) {
        const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined)
        const e = ps && val !== undefined && val !== null ? check(val, ps, defs, `${at}.${k}`) : ''
        if (e) return e
      }
      return ''
    }
    default:
      return ''
  }
}

/** A query string value as the parameter's type says (Swagger 2.0: arrays are csv). */
function fromQuery(text: string, p: Param): unknown {
  if (p.type === 'array')
    return text.split(',').map((x) => fromQuery(x, { ...p.items, name: p.name, in: p.in, type: p.items?.type ?? 'string' } as Param))
  if (p.type === 'integer' || p.type === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text
  if (p.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

// ------------------------------------------------------------ cross-parameter rules

export type RequestContext = {
  /** Current time in ms (the emulator's clock). */
  now: number
  /** The calling seller's marketplaces. */
  marketplaceIds: readonly string[]
  /** The emulator's speed-up (listTransactions' "two minutes before the request" is divided by it). */
  speedUp: number
}

type CrossRule = (q: URLSearchParams, body: unknown, ctx: RequestContext) => string | null

const TWO_MINUTES = 120_000
const has = (q: URLSearchParams, k: string) => q.get(k) !== null && q.get(k) !== ''
const time = (q: URLSearchParams, k: string) => (has(q, k) ? Date.parse(q.get(k)!) : null)

/**
 * listTransactions: the latest posted date a request may ask for, and the default postedBefore —
 * "two minutes before the time of the request" (divided by the emulator's speed-up).
 */
export const latestPostedMs = (ctx: Pick<RequestContext, 'now' | 'speedUp'>) => ctx.now - TWO_MINUTES / ctx.speedUp

function onlyNextToken(token: string): CrossRule {
  // "To get the next page of results, call the operation and include this token as the only
  // parameter. Specifying nextToken with any other parameters will cause the request to fail."
  return (q) => {
    if (!has(q, token)) return null
    const others = [...q.keys()].filter((k) => k !== token)
    return others.length > 0 ? `${token} must be the only parameter (also given: ${others.join(', ')})` : null
  }
}

function sellersMarketplaces(where: 'query' | 'body', name: string): CrossRule {
  // Amazon refuses a marketplace the selling partner does not participate in.
  return (q, body, ctx) => {
    const list =
      where === 'query'
        ? (q.get(name) ?? '').split(',').filter(Boolean)
        : (((body as Record<string, unknown> | null)?.[name] as unknown[] | undefined) ?? [])
    const bad = list.find((m) => typeof m === 'string' && !ctx.marketplaceIds.includes(m))
    return bad ? `${name}: ${String(bad)} is not a marketplace this seller participates in` : null
  }
}

/** The rules the models give in prose, quoted where they come from. */
const CROSS_RULES: Partial<Record<OperationName, CrossRule[]>> = {
  getOrders: [
    (q) => {
      if (has(q, 'NextToken')) return null
      // CreatedAfter: "Either the CreatedAfter parameter or the LastUpdatedAfter parameter is required. Both cannot be empty."
      if (!has(q, 'CreatedAfter') && !has(q, 'LastUpdatedAfter')) return 'Either CreatedAfter or LastUpdatedAfter is required'
      // "LastUpdatedAfter and LastUpdatedBefore cannot be set when CreatedAfter is set."
      if (has(q, 'CreatedAfter') && (has(q, 'LastUpdatedAfter') || has(q, 'LastUpdatedBefore')))
        return 'LastUpdatedAfter and LastUpdatedBefore cannot be set when CreatedAfter is set'
      // "CreatedAfter or CreatedBefore cannot be set when LastUpdatedAfter is set."
      if (has(q, 'LastUpdatedAfter') && has(q, 'CreatedBefore'))
        return 'CreatedAfter or CreatedBefore cannot be set when LastUpdatedAfter is set'
      return null
    },
    (q, _b, ctx) => {
      // CreatedBefore / LastUpdatedBefore: "must be equal to or after the …After date and at least
      // two minutes before current time". An …After date later than that bound can select nothing
      // and Amazon refuses it as well (a future CreatedAfter is a 400, issue #22).
      for (const [after, before] of [
        ['CreatedAfter', 'CreatedBefore'],
        ['LastUpdatedAfter', 'LastUpdatedBefore']
      ] as const) {
        const a = time(q, after)
        const b = time(q, before)
        if (a !== null && a > ctx.now - TWO_MINUTES) return `${after} must be at least two minutes before the current time`
        if (b !== null && b > ctx.now - TWO_MINUTES) return `${before} must be at least two minutes before the current time`
        if (a !== null && b !== null && b < a) return `${before} must be equal to or after ${after}`
      }
      return null
    },
    (q) => {
      // SellerOrderId: "If SellerOrderId is specified, then FulfillmentChannels, OrderStatuses,
      // PaymentMethod, LastUpdatedAfter, LastUpdatedBefore, and BuyerEmail cannot be specified."
      if (!has(q, 'SellerOrderId')) return null
      const clash = [
        'FulfillmentChannels',
        'OrderStatuses',
        'PaymentMethods',
        'LastUpdatedAfter',
        'LastUpdatedBefore',
        'BuyerEmail'
      ].filter((k) => has(q, k))
      return clash.length > 0 ? `${clash.join(', ')} cannot be specified with SellerOrderId` : null
    },
    sellersMarketplaces('query', 'MarketplaceIds')
  ],
  getReports: [
    // reportTypes: "Either reportTypes or nextToken is required."
    (q) => (has(q, 'reportTypes') || has(q, 'nextToken') ? null : 'Either reportTypes or nextToken is required'),
    onlyNextToken('nextToken'),
    sellersMarketplaces('query', 'marketplaceIds')
  ],
  getFeeds: [
    // feedTypes: "Either feedTypes or nextToken is required."
    (q) => (has(q, 'feedTypes') || has(q, 'nextToken') ? null : 'Either feedTypes or nextToken is required'),
    onlyNextToken('nextToken'),
    sellersMarketplaces('query', 'marketplaceIds')
  ],
  listTransactions: [
    (q, _b, ctx) => {
      // nextToken: "call the operation with this token and include the same arguments as the call
      // that produced the token" — the emulator pages with the arguments it checked then.
      if (has(q, 'nextToken')) return null
      // A repeated parameter: its last value, as the handler reads the query.
      const f = Object.fromEntries(q)
      const idName = f.relatedIdentifierName
      // relatedIdentifierName: "FINANCIAL_EVENT_GROUP_ID and ORDER_ID are the only relatedIdentifier with filtering capabilities at the moment."
      if (idName && idName !== 'ORDER_ID' && idName !== 'FINANCIAL_EVENT_GROUP_ID')
        return `relatedIdentifierName ${idName} cannot be used for filtering`
      if (idName && !f.relatedIdentifierValue) return 'relatedIdentifierValue is required with relatedIdentifierName'
      // postedAfter: "This field is required if you do not specify a related identifier."
      if (!idName && !f.postedAfter) return 'postedAfter is required unless a related identifier is given'
      // postedAfter: "The date-time must be more than two minutes before the time of the request."
      // postedBefore: "The date-time must be later than PostedAfter and more than two minutes
      // before the request was submitted. Default: Two minutes before the time of the request."
      const latest = latestPostedMs(ctx)
      const after = f.postedAfter ? Date.parse(f.postedAfter) : null
      const before = f.postedBefore ? Date.parse(f.postedBefore) : latest
      if (after !== null && after > latest) return 'postedAfter must be more than two minutes before the time of the request'
      if (before > latest) return 'postedBefore must be more than two minutes before the time of the request'
      if (after !== null && before <= after) return 'postedBefore must be later than postedAfter'
      return null
    }
  ],
  searchOrders: [
    (q) => {
      const ca = has(q, 'createdAfter')
      const la = has(q, 'lastUpdatedAfter')
      // createdAfter: "You must provide exactly one of `createdAfter` and `lastUpdatedAfter` in your request."
      if (ca === la) return 'Exactly one of createdAfter and lastUpdatedAfter must be provided'
      // "If `createdAfter` is provided, neither `lastUpdatedAfter` nor `lastUpdatedBefore` may be provided."
      // createdBefore: "If `createdBefore` is provided, neither `lastUpdatedAfter` nor `lastUpdatedBefore` may be provided."
      if ((ca || has(q, 'createdBefore')) && (la || has(q, 'lastUpdatedBefore')))
        return 'createdAfter/createdBefore and lastUpdatedAfter/lastUpdatedBefore cannot be combined'
      return null
    },
    (q, _b, ctx) => {
      // createdBefore / lastUpdatedBefore: "must be equal to or after the …After date and at
      // least two minutes before the time of the request".
      for (const [after, before] of [
        ['createdAfter', 'createdBefore'],
        ['lastUpdatedAfter', 'lastUpdatedBefore']
      ] as const) {
        const a = time(q, after)
        const b = time(q, before)
        if (b !== null && b > ctx.now - TWO_MINUTES) return `${before} must be at least two minutes before the time of the request`
        if (a !== null && b !== null && b < a) return `${before} must be equal to or after ${after}`
      }
      return null
    },
    sellersMarketplaces('query', 'marketplaceIds')
  ],
  createReport: [sellersMarketplaces('body', 'marketplaceIds')],
  createFeed: [sellersMarketplaces('body', 'marketplaceIds')]
}

// ------------------------------------------------------------ entry point

export type InvalidRequest = { status: 400; body: { errors: { code: 'InvalidInput'; message: string; details: string }[] } }

/**
 * Validates one request against its operation's model. Null when it is valid (or the operation
 * has no vendored model); otherwise Amazon's 400 answer: `{ errors: [{ code: 'InvalidInput',
 * message, details }] }`.
 */
export function validateRequest(
  op: OperationName,
  req: { path: Record<string, string>; query: URLSearchParams; body: unknown },
  ctx: RequestContext
): InvalidRequest | null {
  const rules = VALIDATION_TABLE.get(op)
  if (!rules) return null
  const problems: string[] = []
  for (const p of rules.params) {
    if (p.in === 'body') {
      if (req.body === null || req.body === undefined) {
        if (p.required) problems.push('The request body is required')
        continue
      }
      const e = p.schema ? check(req.body, p.schema, rules.definitions, 'body') : ''
      if (e) problems.push(e)
      continue
    }
    if (p.in !== 'query' && p.in !== 'path') continue
    const text = p.in === 'path' ? req.path[p.name] : req.query.get(p.name)
    if (text === undefined || text === null || text === '') {
      if (p.required) problems.push(`${p.name} is required`)
      continue
    }
    const e = check(fromQuery(text, p), { ...p, required: undefined }, rules.definitions, p.name)
    if (e) problems.push(e)
  }
  if (problems.length === 0) {
    for (const rule of CROSS_RULES[op] ?? []) {
      const e = rule(req.query, req.body, ctx)
      if (e) problems.push(e)
    }
  }
  if (problems.length === 0) return null
  return { status: 400, body: { errors: problems.map((message) => ({ code: 'InvalidInput', message, details: '' })) } }
}

/**
 * Whether an answer with this status carries x-amzn-RateLimit-Limit, as the operation's model
 * declares it (null when the emulator has no model for the operation: the caller decides).
 */
export function declaresRateLimit(op: OperationName, status: number): boolean | null {
  const rules = VALIDATION_TABLE.get(op)
  return rules ? rules.rateLimitStatuses.has(status) : null
}
