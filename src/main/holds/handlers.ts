/** Handlers of the holds.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { Services } from '../services'

type HoldsChannel = Extract<keyof Handlers, `holds.${string}`>

export function holdHandlers(s: Services): Pick<Handlers, HoldsChannel> {
  return {
    'holds.list': (q) => s.holds.list(q),
    'holds.accept': ({ id, note }) => s.holds.accept(id, note),
    'holds.decline': ({ id, note }) => s.holds.decline(id, note),
    'holds.resolveFollowUp': ({ id, note }) => s.holds.resolveFollowUp(id, note)
  }
}
