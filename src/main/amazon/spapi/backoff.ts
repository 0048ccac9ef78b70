/**
 * Retry policy for 429 and 5xx: "full jitter" exponential backoff (a random wait between 0 and
 * min(cap, base * 2^attempt)), the AWS-recommended variant; bounded by a retry count, after which
 * the caller gets a typed THROTTLED or UNAVAILABLE error instead of waiting forever.
 */
export type RetryPolicy = {
  /** Retries after the first attempt (default 5). */
  maxRetries: number
  baseMs: number
  capMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseMs: 500, capMs: 30_000 }

/** Wait before retry number `attempt` (0-based); `random` returns [0, 1). */
export function fullJitterDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}
