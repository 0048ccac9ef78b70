/**
 * Online/offline as the app experiences it, per store: can we reach the SP-API endpoint THAT
 * store talks to? A demo store talks to the in-process emulator (always reachable); a real store
 * to its region's endpoint (NA, EU or FE — or the override in SBO_SPAPI_BASE_URL). Any HTTP
 * answer means online; a connection error or time-out means offline.
 *
 * `check()` / `status()` keep the app-wide answer (the default endpoint) the queue and the
 * `network.changed` event use; `statusFor(storeId)` answers for one store (the header badge).
 */
import type { Clock } from './clock'
import type { EventBus } from './events'

/** Where a store's SP-API calls go: the in-process demo emulator, or a URL to probe. */
export type StoreEndpoint = { kind: 'local' } | { kind: 'url'; url: string }

export type NetworkStatus = { online: boolean; checkedAt: string; storeId: string | null; endpoint: 'demo' | 'amazon' | 'none' }

/** How long one probe result of a URL is reused (the badge polls every 30 s). */
const PROBE_CACHE_MS = 15_000

export class NetworkMonitor {
  private online = false
  private checkedAt: Date
  private timer: NodeJS.Timeout | null = null
  private readonly probes = new Map<string, { at: number; online: boolean; pending: Promise<boolean> | null }>()

  constructor(
    private readonly deps: {
      /** The app-wide endpoint (null: no SP-API in this build, always offline). */
      probeUrl: string | null
      /** Which endpoint a store talks to (null = unknown store). */
      endpointFor?: (storeId: string) => Promise<StoreEndpoint | null>
      /** The stores that call SP-API (file-only stores call nothing): "All stores" answers for them. */
      apiStoreIds?: () => string[]
      clock: Clock
      events: EventBus
      timeoutMs?: number
    }
  ) {
    this.checkedAt = deps.clock.now()
  }

  private async probe(url: string): Promise<boolean> {
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(this.deps.timeoutMs ?? 3000) })
      await res.body?.cancel()
      return true
    } catch {
      return false
    }
  }

  /** One probe per URL at a time, its answer reused for a few seconds. */
  private probeCached(url: string, fresh = false): Promise<boolean> {
    const now = this.deps.clock.now().getTime()
    const c = this.probes.get(url)
    if (c?.pending) return c.pending
    if (c && !fresh && now - c.at < PROBE_CACHE_MS) return Promise.resolve(c.online)
    const pending = this.probe(url).then((online) => {
      this.probes.set(url, { at: this.deps.clock.now().getTime(), online, pending: null })
      return online
    })
    this.probes.set(url, { at: c?.at ?? 0, online: c?.online ?? false, pending })
    return pending
  }

  async check(): Promise<boolean> {
    const now = this.deps.probeUrl ? await this.probeCached(this.deps.probeUrl, true) : false
    this.checkedAt = this.deps.clock.now()
    if (now !== this.online) {
      this.online = now
      this.deps.events.emit('network.changed', { online: now })
    }
    return now
  }

  status(): { online: boolean; checkedAt: string } {
    return { online: this.online, checkedAt: this.checkedAt.toISOString() }
  }

  /** Online for this store: its own endpoint answers (a demo store's in-process emulator always does). */
  async statusFor(storeId: string | null): Promise<NetworkStatus> {
    if (!storeId && this.deps.apiStoreIds && this.deps.endpointFor) {
      // "All stores" with only the demo store calling SP-API: its in-process emulator is what the
      // app talks to, always reachable — not Amazon's endpoint, which an offline demo never reaches.
      const endpoints = await Promise.all(this.deps.apiStoreIds().map((id) => this.deps.endpointFor!(id)))
      const known = endpoints.filter((e): e is StoreEndpoint => e !== null)
      if (known.length > 0 && known.every((e) => e.kind === 'local'))
        return { online: true, checkedAt: this.deps.clock.now().toISOString(), storeId: null, endpoint: 'demo' }
    }
    const endpoint = storeId && this.deps.endpointFor ? await this.deps.endpointFor(storeId) : null
    if (!storeId || !endpoint) return { ...this.status(), storeId, endpoint: this.deps.probeUrl ? 'amazon' : 'none' }
    if (endpoint.kind === 'local') return { online: true, checkedAt: this.deps.clock.now().toISOString(), storeId, endpoint: 'demo' }
    const online = await this.probeCached(endpoint.url)
    return {
      online,
      checkedAt: new Date(this.probes.get(endpoint.url)?.at ?? this.deps.clock.now().getTime()).toISOString(),
      storeId,
      endpoint: 'amazon'
    }
  }

  start(intervalMs = 30_000): void {
    void this.check()
    this.timer = setInterval(() => void this.check(), intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
