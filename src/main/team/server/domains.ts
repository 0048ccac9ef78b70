/**
 * The registry of domains the team server serves. To add a domain: export a `TeamDomain`
 * (`./types`) from its file and add ONE line to `TEAM_DOMAINS` below. The server composes the
 * list with `composeDomains`: commands and reads are merged (a channel served twice is a
 * start-up error), jobs are started together and stopped together.
 */
import type { CommandHandlers } from './ledger'
import { reimbursementsDomain } from './reimbursements'
import type { ReadHandler, TeamDomain, TeamJobDeps, TeamJobs } from './types'

export type { ReadHandler, ReadContext, TeamDomain, TeamJobDeps, TeamJobs } from './types'

export const TEAM_DOMAINS: TeamDomain[] = [
  // one line per domain
  reimbursementsDomain
]

export type ComposedDomains = {
  commands: CommandHandlers
  reads: Record<string, ReadHandler>
  jobs(deps: TeamJobDeps): TeamJobs
}

export function composeDomains(domains: readonly TeamDomain[] = TEAM_DOMAINS): ComposedDomains {
  const commands: CommandHandlers = {}
  const reads: Record<string, ReadHandler> = {}
  const owner = new Map<string, string>()
  const claim = (channel: string, domain: string) => {
    const prev = owner.get(channel)
    if (prev) throw new Error(`Team server: ${channel} is served by both ${prev} and ${domain}.`)
    owner.set(channel, domain)
  }
  for (const d of domains) {
    for (const [channel, handler] of Object.entries(d.commands)) {
      if (!handler) continue
      claim(`command ${channel}`, d.name)
      ;(commands as Record<string, unknown>)[channel] = handler
    }
    for (const [channel, handler] of Object.entries(d.reads)) {
      claim(`read ${channel}`, d.name)
      reads[channel] = handler
    }
  }
  return {
    commands,
    reads,
    jobs(deps) {
      const running = domains.flatMap((d) => (d.jobs ? [{ name: d.name, jobs: d.jobs(deps) }] : []))
      return {
        start() {
          for (const r of running) r.jobs.start()
        },
        async stop() {
          const results = await Promise.allSettled(running.map((r) => r.jobs.stop()))
          results.forEach((res, i) => {
            if (res.status === 'rejected') deps.log.error('team job failed to stop', { domain: running[i]!.name, error: res.reason })
          })
        }
      }
    }
  }
}
