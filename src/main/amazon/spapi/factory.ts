/**
 * One SpApiClient per store, sharing the rate limiter (buckets keyed by store + operation) and
 * one LWA token cache per store. Credentials come from the keychain through StoresService;
 * the demo store instead gets the in-process emulator's endpoints and demo credentials, which
 * are not secrets and never touch the keychain.
 */
import type { z } from 'zod'
import type { ConnectionResult } from '../../../shared/contract/stores'
import type { Region } from '../../../shared/ids'
import { systemClock, type Clock } from '../../clock'
import { AppError, isAppError } from '../../errors'
import type { Logger } from '../../log'
import { AmazonClock } from './amazon-clock'
import { DEFAULT_RETRY, type RetryPolicy } from './backoff'
import { SpApiClient } from './client'
import { DEFAULT_ENDPOINTS, type Endpoints } from './endpoints'
import { LwaTokenProvider, type LwaCredentials } from './lwa'
import { DEFAULT_ORDERS_API_VERSION, type OrdersApiVersion } from './orders-version'
import { OPERATIONS, type OperationName } from './operations'
import { RateLimiter } from './rate-limiter'
import { realSleep, type FetchFn, type Sleep } from './transport'

export type StoreInfo = {
  id: string
  region: Region
  /** Null for a file-only store (no SP-API registration): no client is made for it. */
  sellerId: string | null
  marketplaceIds: string[]
  isDemo: boolean
  name?: string
}

/** What the factory needs from StoresService (structural, so tests can pass the real service). */
export type StoresPort = {
  get(id: string): Promise<StoreInfo>
  credentials(id: string): Promise<LwaCredentials | null>
}

export type DemoBackend = { spApiBaseUrl: string; lwaTokenUrl: string; credentials: LwaCredentials; rateScale?: number }

export type SpApiFactoryOptions = {
  stores: StoresPort
  endpoints?: Endpoints
  log: Logger
  clock?: Clock
  fetch?: FetchFn
  sleep?: Sleep
  random?: () => number
  /** Monotonic ms for the rate limiter (default performance.now). */
  monotonicNow?: () => number
  retry?: Partial<RetryPolicy>
  /** Multiplies the published rates (only for the emulator's speed-up). */
  rateScale?: number
  safety?: number
  timeoutMs?: number
  /** The Orders API every store's client speaks (default 2026-01-01; SBO_ORDERS_API_VERSION). */
  ordersApiVersion?: OrdersApiVersion
  /** Starts (or returns) the in-process emulator behind demo stores; absent = no demo support. */
  demo?: () => Promise<DemoBackend>
  /** Told of every operation a store's client calls (see deprecations.ts); must not throw. */
  onOperation?: (storeId: string, operation: OperationName) => void
}

export type SpApiFactory = ReturnType<typeof createSpApiFactory>

export function createSpApiFactory(opts: SpApiFactoryOptions) {
  const clock = opts.clock ?? systemClock
  const sleep = opts.sleep ?? realSleep
  const random = opts.random ?? Math.random
  const fetchFn: FetchFn = opts.fetch ?? ((...a) => fetch(...a))
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry }
  const endpoints = opts.endpoints ?? DEFAULT_ENDPOINTS
  const limiters = new Map<number, RateLimiter>()
  const limiterFor = (scale: number) => {
    let l = limiters.get(scale)
    if (!l) {
      l = new RateLimiter(OPERATIONS, { now: opts.monotonicNow ?? (() => performance.now()), rateScale: scale, safety: opts.safety })
      limiters.set(scale, l)
    }
    return l
  }
  const tokens = new Map<string, { key: string; provider: LwaTokenProvider }>()
  let demo: DemoBackend | null = null
  // Amazon's clock per store, learnt from the Date header of every answer (kept for the process).
  const amazonClocks = new Map<string, AmazonClock>()
  const wallNow = () => clock.now().getTime()
  const amazonClockFor = (storeId: string) => {
    let c = amazonClocks.get(storeId)
    if (!c) {
      c = new AmazonClock(wallNow)
      amazonClocks.set(storeId, c)
    }
    return c
  }

  async function forStore(storeId: string): Promise<SpApiClient> {
    const store = await opts.stores.get(storeId)
    const sellerId = store.sellerId
    if (sellerId === null)
      throw new AppError(
        'UNAVAILABLE',
        `Store ${store.name ?? storeId} works from files only: it has no SP-API registration (seller id, LWA client id).`
      )
    if (store.isDemo && !demo) {
      if (!opts.demo) throw new AppError('UNAVAILABLE', 'The demo store needs the built-in emulator, which is not available here.')
      demo = await opts.demo()
    }
    const isDemo = store.isDemo
    const backend = isDemo ? demo : null
    const baseUrl = backend ? backend.spApiBaseUrl : endpoints.spApiBaseUrl[store.region]
    const tokenUrl = backend ? backend.lwaTokenUrl : endpoints.lwaTokenUrl
    const key = `${tokenUrl} ${baseUrl}`
    let entry = tokens.get(storeId)
    if (!entry || entry.key !== key) {
      const provider = new LwaTokenProvider({
        tokenUrl,
        credentials: async () => {
          if (backend) return backend.credentials
          const c = await opts.stores.credentials(storeId)
          if (!c)
            throw new AppError(
              'UNAUTHORIZED',
              'This store has no LWA client secret and refresh token in the keychain yet; edit the store and enter them.'
            )
          return c
        },
        fetch: fetchFn,
        clock,
        log: opts.log,
        sleep,
        random,
        retry,
        timeoutMs: opts.timeoutMs
      })
      entry = { key, provider }
      tokens.set(storeId, entry)
    }
    return new SpApiClient({
      storeId,
      region: store.region,
      sellerId,
      marketplaceIds: store.marketplaceIds,
      baseUrl,
      lwa: entry.provider,
      limiter: limiterFor(backend ? (backend.rateScale ?? 1) : (opts.rateScale ?? 1)),
      fetch: fetchFn,
      pollIntervalMs: 30_000 / (backend ? (backend.rateScale ?? 1) : (opts.rateScale ?? 1)),
      timeScale: backend ? (backend.rateScale ?? 1) : (opts.rateScale ?? 1),
      sleep,
      random,
      log: opts.log,
      retry,
      timeoutMs: opts.timeoutMs,
      amazonClock: amazonClockFor(storeId),
      wallNow,
      ordersApiVersion: opts.ordersApiVersion ?? DEFAULT_ORDERS_API_VERSION,
      onOperation: opts.onOperation ? (op) => opts.onOperation!(storeId, op) : undefined
    })
  }

  /** "Test connection": LWA exchange + getMarketplaceParticipations (cheap, burst 15). */
  async function testConnection(storeId: string): Promise<z.output<typeof ConnectionResult>> {
    const checkedAt = () => clock.now().toISOString()
    const store = await opts.stores.get(storeId)
    if (!store.isDemo && !(await opts.stores.credentials(storeId).catch(() => null))) {
      return {
        ok: false,
        message: 'No LWA client secret and refresh token are saved for this store; edit the store and enter them.',
        checkedAt: checkedAt()
      }
    }
    try {
      const client = await forStore(storeId)
      const parts = await client.getMarketplaceParticipations()
      const participating = parts.filter((p) => p.participation.isParticipating).map((p) => p.marketplace.countryCode)
      const missing = store.marketplaceIds.filter((m) => !parts.some((p) => p.marketplace.id === m))
      const msg =
        `Connected to Amazon${store.isDemo ? ' (demo emulator)' : ''}: seller participates in ${participating.join(', ') || 'no marketplace'}` +
        (missing.length ? `; not participating in ${missing.join(', ')}` : '')
      return { ok: missing.length === 0, message: msg, checkedAt: checkedAt() }
    } catch (e) {
      if (isAppError(e)) return { ok: false, message: `${e.code}: ${e.message}`, checkedAt: checkedAt() }
      opts.log.error('test connection failed unexpectedly', { storeId, error: e })
      return { ok: false, message: 'Unexpected error while testing the connection.', checkedAt: checkedAt() }
    }
  }

  return {
    forStore,
    ordersApiVersion: opts.ordersApiVersion ?? DEFAULT_ORDERS_API_VERSION,
    testConnection,
    /** Forget the demo backend (e.g. the emulator was stopped); the next demo call starts it again. */
    resetDemo() {
      demo = null
    },
    /** LWA exchanges made for a store (diagnostics/tests). */
    tokenRefreshes(storeId: string): number {
      return tokens.get(storeId)?.provider.refreshes ?? 0
    }
  }
}
