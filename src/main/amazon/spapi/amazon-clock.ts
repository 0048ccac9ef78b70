/**
 * Amazon's clock as seen from here: every SP-API answer carries an HTTP `Date` header (RFC 9110
 * §6.6.1, one-second resolution). The offset `amazon − local` is estimated against the middle
 * of the request's round trip, so `amazonNow()` is right to about a second plus half the round
 * trip. Recovery searches (getFeeds createdSince) and the feed spacing use this time, never the
 * machine's clock, which may be minutes off.
 *
 * Pure: the wall clock is injected. One instance per store (the factory shares it between the
 * clients of a store); a fresh process learns the offset from its first answer.
 */
export class AmazonClock {
  private offset: number | null = null
  private observedAt: number | null = null

  constructor(private readonly wallNow: () => number = () => Date.now()) {}

  /** Records one answer's Date header; `sentAt`/`receivedAt` are local wall-clock ms. */
  observe(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return
    const amazon = Date.parse(dateHeader)
    if (Number.isNaN(amazon)) return
    // The header truncates to the second: the server's time was in [amazon, amazon + 1 s).
    const mid = sentAt + (receivedAt - sentAt) / 2
    this.offset = Math.round(amazon + 500 - mid)
    this.observedAt = receivedAt
  }

  /** amazon − local in ms, or null before the first answer. */
  get offsetMs(): number | null {
    return this.offset
  }

  get lastObservedAt(): number | null {
    return this.observedAt
  }

  /** Amazon's current time (the local time when no answer was seen yet). */
  amazonNow(): number {
    return this.wallNow() + (this.offset ?? 0)
  }
}
