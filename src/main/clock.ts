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
