/**
 * Team mode's one switch on this desktop: while a team connection exists, the contract channels
 * the team server serves go to the server (or this desktop's outbox and local copy) instead of the
 * single-seat SQLite services. Composed once, in front of every handler (`handlers.ts`), so the
 * screens, the Electron IPC, the browser-mode host and the CLI all get the same answers without
 * knowing which mode they are in. Without a connection every call goes to the local handler, as
 * before: single-seat mode is unchanged.
 *
 * In team mode:
 * - a channel the user's role may not use (`TEAM_PERMISSIONS`) is refused (FORBIDDEN) before
 *   anything is read, queued or sent;
 * - a served read (`stores.list`, `queue.list`, `rmas.get`, …) is the server's answer when it is
 *   reachable, else the local copy's (`TeamClient.read`), in the contract's output shape;
 * - a command (`TEAM_COMMANDS`) goes to the outbox with an id made here and is sent at once when
 *   the server answers: applied → the server's result (the channel's output); refused → the
 *   server's reason as an error; not reachable → QUEUED (waiting in the outbox, sent when the
 *   server is reachable; the Team panel shows its outcome later). A report file import keeps
 *   the staged file with its command (in the app's data folder) and uploads it before the command
 *   is sent, so it waits in the outbox offline like any command;
 * - a channel of the server's domains that the server does not serve (yet) is refused
 *   (NOT_IMPLEMENTED) rather than answered from or written to the single-seat data, whose ids are
 *   not the server's: it would show or change other rows than the user sees;
 * - everything else (the app, jobs, backups, stores' settings, the team panel) stays local.
 */
import { readFile } from 'node:fs/promises'
import { ErrorCode } from '../../../shared/errors'
import { mayCall, TEAM_COMMANDS, TEAM_PERMISSIONS } from '../../../shared/team'
import { AppError } from '../../errors'
import type { FileStaging } from '../../files'
import type { Handlers } from '../../handler-types'
import type { TeamClient } from './service'

/** The contract prefixes whose data lives on the team server in team mode. */
const SERVER_DOMAINS = new Set(['orders', 'queue', 'rmas', 'holds', 'reimbursements'])
/** Imports whose input names a staged file (`fileId`): the bytes go to the server first. */
const FILE_COMMANDS = new Set(['orders.import', 'rmas.import', 'reimbursements.import'])

const isCommand = (channel: string) => (TEAM_COMMANDS as readonly string[]).includes(channel)
const isServed = (channel: string) => Object.hasOwn(TEAM_PERMISSIONS, channel)

export type TeamRoute = 'local' | 'read' | 'command' | 'unserved'

/** How team mode answers a channel. */
export function teamRoute(channel: string): TeamRoute {
  if (isServed(channel)) return isCommand(channel) ? 'command' : 'read'
  return SERVER_DOMAINS.has(channel.split('.')[0]!) ? 'unserved' : 'local'
}

/** A server's refusal as this app's error (its code when this app knows it; the server's error kept in details). */
function refusal(channel: string, error: { code: string; message: string; details?: unknown } | null, outboxId: string): AppError {
  const code = ErrorCode.safeParse(error?.code)
  return new AppError(code.success ? code.data : 'CONFLICT', `The team server refused ${channel}: ${error?.message ?? 'no reason given'}`, {
    outboxId,
    channel,
    server: error
  })
}

export function teamRouted(s: { team: TeamClient; files: FileStaging }, local: Handlers): Handlers {
  const routed: Record<string, (input: unknown) => unknown> = {}
  for (const [channel, handler] of Object.entries(local) as [string, (input: unknown) => unknown][]) {
    const route = teamRoute(channel)
    if (route === 'local') {
      routed[channel] = handler
      continue
    }
    routed[channel] = async (input) => {
      const role = s.team.role()
      if (role === null) return handler(input)
      if (route === 'unserved')
        throw new AppError(
          'NOT_IMPLEMENTED',
          `${channel} is not available in team mode: the team server does not serve it yet, and this desktop's own data is not the team's.`,
          { channel, teamMode: true }
        )
      if (!mayCall(role, channel))
        throw new AppError('FORBIDDEN', `Your team role (${role}) may not use ${channel}. Nothing was queued or sent.`, { channel, role })
      if (route === 'read') return (await s.team.read(channel, input)).data
      let file: { bytes: Uint8Array; name: string } | undefined
      if (FILE_COMMANDS.has(channel)) {
        // The staged file's bytes go with the command into the outbox (kept in the app's data
        // folder); they are uploaded before the command is sent, now or when the server is back.
        const staged = s.files.get((input as { fileId: string }).fileId)
        file = { bytes: await readFile(staged.path), name: staged.name }
      }
      const entry = await s.team.enqueue(channel, input, file)
      if (entry.state === 'applied') return entry.result
      if (entry.state === 'refused') throw refusal(channel, entry.error, entry.id)
      throw new AppError('QUEUED', `Waiting in the outbox: ${channel} is sent when the team server is reachable (command ${entry.id}).`, {
        outboxId: entry.id,
        channel,
        lastError: entry.lastError
      })
    }
  }
  return routed as Handlers
}
