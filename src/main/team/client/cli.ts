/**
 * `npm run cli -- team …`: this desktop's side of team mode (README, "Team mode — the desktop").
 *
 * Exit codes: 0 done (the server applied the command / answered / synced); 1 refused or failed
 * (a domain refusal, bad input, a refused login); 3 queued, offline — the command is safely in
 * the outbox and will be sent when the server answers, but it has NOT been applied yet.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Command } from 'commander'
import { isAppError } from '../../errors'
import { readPassword } from '../../read-password'
import type { CliContext } from '../../cli-context'
import type { OutboxEntry, SyncResult, TeamStatus } from '../../../shared/contract/team'
import type { TeamClient } from './service'

/** A command that is in the outbox but not applied: not a success of the action. */
export const EXIT_QUEUED_OFFLINE = 3

type Ctx = CliContext & { team: TeamClient }

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** `readPassword`, refusing an empty one (the server would refuse the login anyway, less clearly). */
async function passwordForLogin(): Promise<string> {
  const password = await readPassword('Password: ')
  if (!password) throw new Error('No password: set SBO_TEAM_PASSWORD or type it on stdin')
  return password
}

/** Runs a body on the context; an error is printed as `CODE: message` and exits 1. */
const run =
  <A extends unknown[]>(ctxOf: () => Ctx, body: (ctx: Ctx, ...args: A) => Promise<void>) =>
  async (...args: A) => {
    const ctx = ctxOf()
    try {
      await body(ctx, ...args)
    } catch (e) {
      // ctx.call has printed its own error already (and throws an empty one to stop here).
      const message = isAppError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)
      if (message) console.error(message)
      process.exitCode = 1
    } finally {
      await ctx.close()
    }
  }

function statusLines(s: TeamStatus): string {
  if (!s.connected) return 'Not connected to a team server (single-seat mode).'
  return [
    `Server:     ${s.serverUrl}${s.insecure ? ' (plain http, allowed with --insecure)' : ''}`,
    `User:       ${s.user} (${s.role})`,
    `Connection: ${s.needsLogin ? 'log in again (the server refused the token)' : s.online ? 'online' : 'not contacted in this run'}`,
    `Last sync:  ${s.lastSyncAt ?? 'never'}   cursor ${s.cursor}`,
    `Outbox:     ${s.pending} waiting, ${s.applied} applied, ${s.refused} refused`,
    ...(s.lastError ? [`Last error: ${s.lastError}`] : [])
  ].join('\n')
}

function outcomeLine(e: OutboxEntry): string {
  if (e.state === 'applied') return `applied${e.duplicate ? ' (already applied before: not applied again)' : ''}: ${e.channel} ${e.id}`
  if (e.state === 'refused') return `refused: ${e.channel} ${e.id}: ${e.error?.code ?? ''}: ${e.error?.message ?? ''}`
  return `queued, offline: ${e.channel} ${e.id} waits in the outbox and is sent when the server answers${e.lastError ? ` (${e.lastError})` : ''}`
}

export function registerTeamCommands(program: Command, ctxOf: () => Ctx): void {
  const team = program.command('team').description('team mode: connect this desktop to a team server, outbox, sync')

  team
    .command('connect')
    .description('log in to a team server (password from SBO_TEAM_PASSWORD or stdin; the token goes to the keychain)')
    .requiredOption('--server <url>', 'https://… (plain http only to localhost, unless --insecure)')
    .requiredOption('--user <name>')
    .option('--insecure', 'allow plain http to another machine (the token crosses the network in clear)')
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, o: { server: string; user: string; insecure?: boolean; json?: boolean }) => {
        const password = await passwordForLogin()
        const s = (await ctx.call('team.connect', {
          serverUrl: o.server,
          user: o.user,
          password,
          insecure: o.insecure ?? false
        })) as TeamStatus
        if (o.json) return print(s)
        console.log(`Connected to ${s.serverUrl} as ${s.user} (${s.role}). The token is in the keychain.`)
      })
    )

  team
    .command('status')
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, o: { json?: boolean }) => {
        const s = (await ctx.call('team.status', {})) as TeamStatus
        if (o.json) return print(s)
        console.log(statusLines(s))
      })
    )

  team
    .command('do <channel>')
    .description('put a command in the outbox and send it at once when the server answers')
    .requiredOption('--input <json>', "the channel's contract input, as JSON")
    .option(
      '--file <path>',
      'a report file for an import command: kept with the command, uploaded before it is sent (its fileId is filled in)'
    )
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, channel: string, o: { input: string; file?: string; json?: boolean }) => {
        const file = o.file ? { bytes: await readFile(o.file), name: basename(o.file) } : undefined
        const entry = await ctx.team.enqueue(channel, parseJson(o.input, '--input'), file)
        if (o.json) print(entry)
        else {
          console.log(outcomeLine(entry))
          if (entry.state === 'applied' && entry.result !== undefined) print(entry.result)
        }
        if (entry.state === 'refused') process.exitCode = 1
        else if (entry.state !== 'applied') process.exitCode = EXIT_QUEUED_OFFLINE
      })
    )

  team
    .command('upload <file>')
    .description('upload a report file to the server (needs the server); prints the fileId for an import command')
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, file: string, o: { json?: boolean }) => {
        const r = await ctx.team.upload(await readFile(file), basename(file))
        if (o.json) return print(r)
        console.log(`Uploaded ${basename(file)}: fileId ${r.fileId}`)
      })
    )

  team
    .command('outbox')
    .description("this desktop's commands and what the server decided (newest first)")
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 200)
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, o: { limit: number; json?: boolean }) => {
        const rows = (await ctx.call('team.outbox', { limit: o.limit })) as OutboxEntry[]
        if (o.json) return print(rows)
        if (rows.length === 0) return console.log('The outbox is empty.')
        console.table(
          rows.map((r) => ({
            id: r.id,
            channel: r.channel,
            issuedAt: r.issuedAt,
            state: r.state,
            attempts: r.attempts,
            result:
              r.state === 'refused'
                ? `${r.error?.code}: ${r.error?.message}`
                : r.state === 'applied'
                  ? r.duplicate
                    ? 'applied (resent)'
                    : 'applied'
                  : (r.lastError ?? 'waiting')
          }))
        )
      })
    )

  team
    .command('sync')
    .description('send the outbox, then pull the changes into the local copy')
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, o: { json?: boolean }) => {
        const r = (await ctx.call('team.sync', {})) as SyncResult
        if (o.json) print(r)
        else
          console.log(
            `${r.error ? `Not synced: ${r.error.code}: ${r.error.message}\n` : ''}Sent ${r.sent} (${r.applied} applied, ${r.refused} refused), ${r.pending} waiting; pulled ${r.pulled} change(s), cursor ${r.cursor}.`
          )
        if (r.error) process.exitCode = r.error.code === 'OFFLINE' ? EXIT_QUEUED_OFFLINE : 1
      })
    )

  team
    .command('read <channel>')
    .description('read through the server when online, from the local copy offline')
    .requiredOption('--input <json>', "the channel's contract input, as JSON")
    .option('--json', 'print JSON')
    .action(
      run(ctxOf, async (ctx, channel: string, o: { input: string; json?: boolean }) => {
        const r = await ctx.team.read(channel, parseJson(o.input, '--input'))
        if (o.json) return print(r)
        if (r.source === 'local')
          console.error(`Offline (${r.reason}): from the local copy, last synced ${r.lastSyncAt ?? 'never'} (cursor ${r.cursor}).`)
        print(r.data)
      })
    )

  team
    .command('disconnect')
    .description('forget the server: token out of the keychain, outbox and local copy deleted')
    .option('--discard-pending', 'also when commands are not sent yet (they are lost)')
    .action(
      run(ctxOf, async (ctx, o: { discardPending?: boolean }) => {
        await ctx.call('team.disconnect', { discardPending: o.discardPending ?? false })
        console.log('Disconnected: the token was removed from the keychain.')
      })
    )
}
