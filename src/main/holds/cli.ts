/**
 * `npm run cli -- holds list [--store ID] [--view open|follow-up|decided|all] [--json]` (#7),
 * `holds accept ORDER [--note]`, `holds decline ORDER --reason TEXT`.
 */
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

/** The open (or follow-up) hold of an Amazon order, as the holds screen lists it. */
async function holdOf(ctx: CliContext, amazonOrderId: string, storeId?: string): Promise<HoldRow> {
  const r = (await ctx.call('holds.list', { ...(storeId ? { storeId } : {}), view: 'all' })) as { rows: HoldRow[] }
  const of = r.rows.filter((h) => h.amazonOrderId === amazonOrderId)
  if (of.length === 0)
    throw new Error(`NOT_FOUND: no buyer cancellation request for order ${amazonOrderId}${storeId ? ' in this store' : ''}`)
  const stores = new Set(of.map((h) => h.storeId))
  if (stores.size > 1) throw new Error(`VALIDATION: order ${amazonOrderId} has requests in ${stores.size} stores: give --store ID`)
  // The newest request of the order (an order can be asked to cancel again after a decline).
  return of.reduce((a, b) => (b.requestedAt > a.requestedAt || (b.requestedAt === a.requestedAt && b.id > a.id) ? b : a))
}

const decided = (h: HoldRow) => ({
  id: h.id,
  amazonOrderId: h.amazonOrderId,
  status: h.status,
  decidedAt: h.decidedAt,
  decisionNote: h.decisionNote,
  queueEntryId: h.queueEntryId,
  cancellation: h.cancellation
})

export function registerHoldCommands(program: Command, ctxOf: () => CliContext): void {
  const holds = program.command('holds').description('buyer cancellation requests: orders on hold for 2 days')
  // The holds screen's Accept and Decline (same channels: an accept queues the cancellation once).
  holds
    .command('accept <order>')
    .description("accept the buyer's cancellation request: the order is cancelled (reason BuyerCanceled) through the queue")
    .option('--store <id>', 'the store, when the order id is in more than one')
    .option('--note <text>', 'a note for the order history')
    .action(
      withContext(ctxOf, async (ctx, order: string, o: { store?: string; note?: string }) => {
        const h = await holdOf(ctx, order, o.store)
        print(decided((await ctx.call('holds.accept', { id: h.id, ...(o.note ? { note: o.note } : {}) })) as HoldRow))
      })
    )
  holds
    .command('decline <order>')
    .description('decline the request: the hold is released and the order can ship')
    .requiredOption('--reason <text>', 'why (kept in the order history)')
    .option('--store <id>', 'the store, when the order id is in more than one')
    .action(
      withContext(ctxOf, async (ctx, order: string, o: { store?: string; reason: string }) => {
        const h = await holdOf(ctx, order, o.store)
        print(decided((await ctx.call('holds.decline', { id: h.id, note: o.reason })) as HoldRow))
      })
    )
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
