/** Handlers of the team.* channels: this desktop's connection to a team server (spread into createHandlers). */
import type { Handlers } from '../../handler-types'
import type { TeamClient } from './service'

type TeamChannel = Extract<keyof Handlers, `team.${string}`>

export function teamHandlers(s: { team: TeamClient }): Pick<Handlers, TeamChannel> {
  return {
    'team.status': () => s.team.status(),
    // The password goes to the server's login and nowhere else (not stored, not logged).
    'team.connect': (input) => s.team.connect(input),
    'team.disconnect': ({ discardPending }) => s.team.disconnect({ discardPending }),
    'team.outbox': ({ limit }) => s.team.outbox(limit),
    'team.sync': () => s.team.sync()
  }
}
