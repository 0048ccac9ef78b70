/** `npm run cli -- holds list [--store ID] [--view open|follow-up|decided|all] [--json]` (#7). */
import type { Command } from 'commander'
import { withContext, type CliContext } from '../cli-context'
import type { HoldRow } from '../../shared/contract/holds'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

/** "5 h 12 min left" / "overdue by 3 h" (UTC instants; the terminal shows the same as the screen). */
export function timeLeftText(dueAt: string, now: Date): string {
  const ms = Date.parse(dueAt) - now.getTime()
  const abs = Math.abs(ms)
  const h = Math.floor(abs / 3600_000)
  const m = Math.floor((abs % 3600_000) / 60_000)
  const span = h > 0 ? `${h} h ${m} min` : `${m} min`
  return ms < 0 ? `overdue by ${span}` : `${span} left`
}

export function registerHoldCommands(program: Command, ctxOf: () => CliContext): void {
  const holds = program.command('holds').description('buyer cancellation requests: orders on hold for 2 days')
  holds
    .command('list')
    .option('--store <id>', 'only this store')
    .option('--view <view>', 'open, follow-up, decided or all', 'open')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string; view: string; json?: boolean }) => {
        const r = (await ctx.call('holds.list', { ...(o.store ? { storeId: o.store } : {}), view: o.view })) as {
          rows: HoldRow[]
          counts: { open: number; followUp: number; decided: number }
        }
        if (o.json) return print(r)
        if (r.rows.length === 0)
          return console.log(
            `No ${o.view === 'all' ? '' : `${o.view} `}buyer cancellation requests (open ${r.counts.open}, follow-up ${r.counts.followUp}, decided ${r.counts.decided}).`
          )
        const now = ctx.clock.now()
        console.table(
          r.rows.map((h) => ({
            id: h.id,
            store: h.storeName,
            order: h.amazonOrderId,
            status: h.status,
            items: h.items.map((i) => `${i.sku} x${i.quantity}`).join(' '),
            reason: h.reason ?? '',
            requested: h.requestedAt,
            due: h.dueAt,
            left: h.status === 'open' ? timeLeftText(h.dueAt, now) : (h.decidedAt ?? '')
          }))
        )
      })
    )
}
