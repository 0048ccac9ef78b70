/** Time is injected so rules and schedulers are testable without sleeping. */
export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }
export const fixedClock = (iso: string): Clock & { set(iso: string): void; advance(ms: number): void } => {
  let t = new Date(iso).getTime()
  return {
    now: () => new Date(t),
    set: (s: string) => {
      t = new Date(s).getTime()
    },
    advance: (ms: number) => {
      t += ms
    }
  }
}

/**
 * The machine's clock shifted by SBO_CLOCK_SKEW_MS (tests of a desktop whose clock is wrong: the
 * team-mode proof runs one client six hours fast). Unset or not a number: the system clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const skew = Number(env.SBO_CLOCK_SKEW_MS)
  if (!env.SBO_CLOCK_SKEW_MS || !Number.isFinite(skew) || skew === 0) return systemClock
  return { now: () => new Date(Date.now() + skew) }
}
