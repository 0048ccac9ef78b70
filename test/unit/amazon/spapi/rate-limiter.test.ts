import { describe, expect, it } from 'vitest'
import { fullJitterDelay } from '../../../../src/main/amazon/spapi/backoff'
import { OPERATIONS } from '../../../../src/main/amazon/spapi/operations'
import { RateLimiter, TokenBucket } from '../../../../src/main/amazon/spapi/rate-limiter'

describe('TokenBucket', () => {
  it('allows the burst at once, then one request per 1/rate seconds', () => {
    const b = new TokenBucket(2, 15, 0)
    const waits = Array.from({ length: 17 }, () => b.reserve(0))
    expect(waits.slice(0, 15)).toEqual(Array(15).fill(0))
    expect(waits[15]).toBe(500)
    expect(waits[16]).toBe(1000)
  })

  it('refills over time up to the burst, never beyond', () => {
    const b = new TokenBucket(1, 3, 0)
    for (let i = 0; i < 3; i++) b.reserve(0)
    expect(b.available(1500)).toBeCloseTo(1.5)
    expect(b.available(100_000)).toBe(3)
  })

  it('tryTake refuses when empty (server side) and drain forgets tokens after a 429', () => {
    const b = new TokenBucket(0.5, 2, 0)
    expect(b.tryTake(0)).toBe(true)
    expect(b.tryTake(0)).toBe(true)
    expect(b.tryTake(0)).toBe(false)
    expect(b.tryTake(2000)).toBe(true)
    const c = new TokenBucket(1, 5, 0)
    c.drain(0)
    expect(c.reserve(0)).toBe(1000)
  })

  it('a client pacing with its bucket never outruns a server bucket with the same plan', () => {
    // Simulate: client reserves and sends at now + wait; the server sees it 0–3 ms later.
    const client = new TokenBucket(2 * 0.9, 15, 0)
    const server = new TokenBucket(2, 15, 0)
    let t = 0
    let rejected = 0
    for (let i = 0; i < 500; i++) {
      t += client.reserve(t)
      if (!server.tryTake(t + (i % 4))) rejected++
    }
    expect(rejected).toBe(0)
  })
})

describe('RateLimiter', () => {
  it('keys buckets by store and operation and seeds them from the published table', () => {
    let now = 0
    const l = new RateLimiter(OPERATIONS, { now: () => now, safety: 1 })
    // burst 15 minus one token of headroom
    for (let i = 0; i < 14; i++) expect(l.reserve('s1', 'createReport')).toBe(0)
    expect(l.reserve('s1', 'createReport')).toBeGreaterThan(59_000) // 0.0167/s
    expect(l.reserve('s2', 'createReport')).toBe(0) // another store has its own bucket
    expect(l.reserve('s1', 'getReport')).toBe(0)
    now = 1000
    expect(l.rate('s1', 'getReport')).toBe(2)
  })

  it('follows x-amzn-RateLimit-Limit and ignores junk', () => {
    const l = new RateLimiter(OPERATIONS, { now: () => 0, safety: 1 })
    l.observeLimitHeader('s', 'getOrders', '0.5')
    expect(l.rate('s', 'getOrders')).toBe(0.5)
    l.observeLimitHeader('s', 'getOrders', 'abc')
    l.observeLimitHeader('s', 'getOrders', null)
    expect(l.rate('s', 'getOrders')).toBe(0.5)
  })

  it('applies the safety margin and the speed-up scale', () => {
    const l = new RateLimiter(OPERATIONS, { now: () => 0, safety: 0.9, rateScale: 10 })
    expect(l.rate('s', 'getReport')).toBeCloseTo(18)
  })
})

describe('peek', () => {
  it('tells the wait without taking a token: a caller that gives up leaves the bucket as it was', () => {
    let now = 0
    const l = new RateLimiter(OPERATIONS, { now: () => now, safety: 0.9 })
    expect(l.peek('s', 'createFeed')).toBe(0)
    l.throttled('s', 'createFeed') // a 429 empties the bucket
    const wait = l.peek('s', 'createFeed')
    // 0.0083/s * 0.9: about 134 s for the next token, longer than the 120 s batch lease.
    expect(wait).toBeGreaterThan(120_000)
    expect(l.peek('s', 'createFeed')).toBe(wait)
    now += wait
    expect(l.reserve('s', 'createFeed')).toBe(0)
  })
})

describe('fullJitterDelay', () => {
  it('stays within [0, min(cap, base * 2^attempt))', () => {
    const p = { baseMs: 100, capMs: 1000 }
    expect(fullJitterDelay(0, p, () => 0.999)).toBe(99)
    expect(fullJitterDelay(3, p, () => 0.5)).toBe(400)
    expect(fullJitterDelay(10, p, () => 0.999)).toBe(999)
    expect(fullJitterDelay(50, p, () => 0)).toBe(0)
  })
})
