/**
 * Online/offline as the app experiences it: can we reach the SP-API endpoint we talk to?
 * Any HTTP answer means online; a connection error or time-out means offline.
 */
import type { Clock } from './clock'
import type { EventBus } from './events'

export class NetworkMonitor {
  private online = false
  private checkedAt: Date
  private timer: NodeJS.Timeout | null = null

  constructor(private deps: { probeUrl: string | null; clock: Clock; events: EventBus; timeoutMs?: number }) {
    this.checkedAt = deps.clock.now()
  }

  /** Set once the SP-API endpoints are known (wireExtensions). */
  setProbeUrl(url: string | null): void {
    this.deps.probeUrl = url
  }

  async check(): Promise<boolean> {
    let now = false
    if (this.deps.probeUrl) {
      try {
        const res = await fetch(this.deps.probeUrl, { method: 'GET', signal: AbortSignal.timeout(this.deps.timeoutMs ?? 3000) })
        await res.body?.cancel()
        now = true
      } catch {
        now = false
      }
    }
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
