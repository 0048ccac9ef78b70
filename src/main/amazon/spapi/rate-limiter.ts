/**
 * Client-side token buckets, one per (store, operation): the same model Amazon uses to throttle
 * (sp-api-notes §4), so a client that waits for its own bucket never sees a 429 under the
 * published plan. Pure: time comes in as milliseconds from an injected monotonic clock.
 *
 * A reservation may drive the bucket negative; the caller then waits until its token has been
 * refilled. That queues concurrent callers fairly without timers inside the limiter.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private rate: number,
    readonly burst: number,
    now: number
  ) {
    if (!(rate > 0) || !(burst >= 1)) throw new Error(`invalid bucket rate=${rate} burst=${burst}`)
    this.tokens = burst
    this.last = now
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
      this.last = now
    }
  }

  /** Takes one token; returns how many ms the caller must wait before sending (0 = now). */
  reserve(now: number): number {
    this.refill(now)
    this.tokens -= 1
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000)
  }

  /** How many ms until one token is available, without taking it (0 = now). */
  peek(now: number): number {
    this.refill(now)
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000)
  }

  /** Takes one token only if one is available now (the emulator's server-side check). */
  tryTake(now: number): boolean {
    this.refill(now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return true
    }
    return false
  }

  /** Amazon told us the bucket is empty (429): forget any tokens we thought we had. */
  drain(now: number): void {
    this.refill(now)
    if (this.tokens > 0) this.tokens = 0
  }

  setRate(rate: number, now: number): void {
    if (!(rate > 0) || rate === this.rate) return
    this.refill(now)
    this.rate = rate
  }

  get currentRate(): number {
    return this.rate
  }

  available(now: number): number {
    this.refill(now)
    return this.tokens
  }
}

export type LimiterOptions = {
  /** Monotonic milliseconds. */
  now: () => number
  /**
   * Fraction of the advertised rate the client allows itself (default 0.9). Requests arrive at
   * Amazon after variable network delay, so a client pacing at exactly the server's rate would
   * occasionally find the server's bucket a fraction of a token short. The burst keeps the same
   * fraction of headroom (at least one token).
   */
  safety?: number
  /** Multiplies every default rate (the emulator's speed-up for tests and demos). */
  rateScale?: number
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly safety: number
  private readonly scale: number

  constructor(
    private readonly defaults: Record<string, { rate: number; burst: number }>,
    private readonly opts: LimiterOptions
  ) {
    this.safety = opts.safety ?? 0.9
    this.scale = opts.rateScale ?? 1
  }

  private bucket(storeId: string, operation: string): TokenBucket {
    const key = `${storeId}\u0000${operation}`
    let b = this.buckets.get(key)
    if (!b) {
      const d = this.defaults[operation]
      if (!d) throw new Error(`no rate limit known for operation ${operation}`)
      // Headroom in the burst as well: a burst leaves here at once but reaches Amazon spread
      // over connection set-up, so Amazon's refill clock starts later than ours.
      const headroom = Math.max(1, Math.round(d.burst * (1 - this.safety)))
      b = new TokenBucket(d.rate * this.scale * this.safety, Math.max(1, d.burst - headroom), this.opts.now())
      this.buckets.set(key, b)
    }
    return b
  }

  /** ms to wait before sending one request of `operation` for `storeId`. */
  reserve(storeId: string, operation: string): number {
    return this.bucket(storeId, operation).reserve(this.opts.now())
  }

  /** ms until a request of `operation` could be sent, without reserving (a caller that cannot
   * wait that long gives the step up and leaves the bucket as it was). */
  peek(storeId: string, operation: string): number {
    return this.bucket(storeId, operation).peek(this.opts.now())
  }

  /** Applies the rate from an `x-amzn-RateLimit-Limit` header (requests per second). */
  observeLimitHeader(storeId: string, operation: string, header: string | null): void {
    if (!header) return
    const rate = Number.parseFloat(header)
    if (!Number.isFinite(rate) || rate <= 0) return
    this.bucket(storeId, operation).setRate(rate * this.safety, this.opts.now())
  }

  throttled(storeId: string, operation: string): void {
    this.bucket(storeId, operation).drain(this.opts.now())
  }

  rate(storeId: string, operation: string): number {
    return this.bucket(storeId, operation).currentRate
  }
}
