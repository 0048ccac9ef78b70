/**
 * Transport-agnostic dispatch: validate input (zod) -> handler -> Result. Both transports
 * (ipc.ts in Electron, host/server.ts in browser mode) and nothing else call handlers, so no
 * path skips validation. Output is validated too, outside production, to catch drift.
 */
import { contract, isChannel, type Channel } from '../shared/contract'
import { err, ok, type Result } from '../shared/errors'
import { isAppError, toErrorPayload } from './errors'
import type { Handlers } from './handlers'
import { redactOutput, type Logger } from './log'

export type Dispatch = (channel: string, raw: unknown) => Promise<Result<unknown>>

export function createDispatch(handlers: Handlers, log: Logger, opts: { checkOutput?: boolean } = {}): Dispatch {
  const checkOutput = opts.checkOutput ?? process.env.NODE_ENV !== 'production'
  return async (channel, raw) => {
    if (!isChannel(channel)) return err('NOT_FOUND', `Unknown channel ${channel}`)
    const def = contract[channel]
    const parsed = def.input.safeParse(raw ?? {})
    if (!parsed.success) {
      return err(
        'VALIDATION',
        `Invalid input for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }))
      )
    }
    try {
      const handler = handlers[channel as Channel] as (input: unknown) => unknown
      const data = await handler(parsed.data)
      if (checkOutput) {
        const out = def.output.safeParse(data)
        if (!out.success) {
          log.error('handler output does not match the contract', { channel, issues: out.error.issues.slice(0, 5) })
          return err('INTERNAL', `Output of ${channel} does not match the contract`)
        }
        return ok(redactOutput(out.data))
      }
      // Nothing leaves the process with a stored secret in it, even an Amazon error text that
      // echoes one (e.g. the connection test's message).
      return ok(redactOutput(data))
    } catch (e) {
      if (!isAppError(e)) log.error('handler failed', { channel, error: e })
      else log.debug('handler returned an error', { channel, code: e.code, message: e.message })
      return { ok: false, error: redactOutput(toErrorPayload(e)) }
    }
  }
}
