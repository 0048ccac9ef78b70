/** Handlers of the holds.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { HoldsService } from './service'

type HoldsChannel = Extract<keyof Handlers, `holds.${string}`>

export function holdHandlers(s: { holds: HoldsService }): Pick<Handlers, HoldsChannel> {
  return {
    'holds.list': (q) => s.holds.list(q),
    'holds.accept': ({ id, note }) => s.holds.accept(id, note),
    'holds.decline': ({ id, note }) => s.holds.decline(id, note),
    'holds.resolveFollowUp': ({ id, note }) => s.holds.resolveFollowUp(id, note)
  }
}
