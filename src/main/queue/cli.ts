/** `npm run cli -- queue …`: the refund/cancel queue over the same services (JSON output). */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { withContext, type CliContext } from '../cli-context'
import type { BatchSummary } from '../../shared/contract'
import type { QueueService } from './service'
import { WAIT } from './submission'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const ids = (v: string) =>
  v
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isInteger(n))

/** Drives the batches until each is final (or `--no-wait`), then prints their summaries. */
type QueueCliContext = CliContext & { queue: QueueService }

async function finish(ctx: QueueCliContext, batches: BatchSummary[], wait: boolean): Promise<BatchSummary[]> {
  const engine = ctx.queue.submission
  if (wait && engine && batches.length)
    await engine.settle(
      batches.map((b) => b.id),
      // Without the network (three tries in a row) a batch is left as it is (committed; nothing is
      // lost) and the command ends: it says which batches wait for the network (`reportWaiting`).
      { deadlineMs: 60 * 60_000, leaveOfflineAfter: 3 }
    )
  return Promise.all(batches.map(async (b) => ((await ctx.call('queue.batch', { id: b.id })) as { batch: BatchSummary }).batch))
}

/**
 * Says which batches are not finished because the network is down, and exits 2 then (some work
 * done, the rest waits: the app or a later `queue resume` sends it). A batch still on its way
 * for another reason (Amazon processing, throttling) is listed by its state in the JSON.
 */
function reportWaiting(batches: BatchSummary[]): { waitingForNetwork?: number[] } {
  const waiting = batches.filter((b) => b.waitReason === WAIT.network)
  if (waiting.length === 0) return {}
  console.error(
    `${waiting.length} ${waiting.length === 1 ? 'batch waits' : 'batches wait'} for the network (${waiting.map((b) => `#${b.id}`).join(', ')}): nothing was lost; run \`queue resume\` when the network is back (the app also sends them).`
  )
  process.exitCode = 2
  return { waitingForNetwork: waiting.map((b) => b.id) }
}

/**
 * `--no-wait`: the batches are created and this process sends nothing (the app or `queue resume`
 * does). Stops this process's engine before the action, which would otherwise start sending in the
 * background while the command closes the database.
 */
function sendNothing(ctx: QueueCliContext, wait: boolean): void {
  if (!wait) ctx.queue.submission?.stop()
}

export function registerQueueCommands(program: Command, ctxOf: () => QueueCliContext): void {
  const queue = program.command('queue').description('refund / cancel queue: list, process (send to Amazon), reject, batches')
  queue
    .command('list')
    .requiredOption('--kind <refund|cancel>')
    .option('--store <id>', 'only this store')
    .option(
      '--view <v>',
      'queued, sending (in a batch Amazon has not received), sent (Amazon received), failed, rejected, local or all',
      'queued'
    )
    .option('--search <s>', 'order id, SKU or note')
    .option('--json', 'print JSON')
    .action(
      withContext(ctxOf, async (ctx, o: { kind: string; store?: string; view: string; search?: string; json?: boolean }) => {
        const r = (await ctx.call('queue.list', {
          kind: o.kind,
          view: o.view,
          ...(o.store ? { storeId: o.store } : {}),
          ...(o.search ? { search: o.search } : {}),
          page: 1,
          pageSize: 500
        })) as {
          rows: {
            id: number
            storeName: string
            amazonOrderId: string
            status: string
            progress: string
            reason: string
            currency: string | null
            totalMinor: number | null
            batchId: number | null
            feedDocumentId: string | null
            feedId: string | null
          }[]
          total: number
        }
        if (o.json) return print(r)
        if (r.rows.length === 0) return console.log(`No ${o.kind} entries in "${o.view}".`)
        console.table(
          r.rows.map((x) => ({
            id: x.id,
            store: x.storeName,
            order: x.amazonOrderId,
            status: x.progress,
            reason: x.reason,
            amount: x.totalMinor === null ? '' : `${x.totalMinor} ${x.currency} (minor units)`,
            batch: x.batchId === null ? '' : `#${x.batchId}`,
            'amazon batch id': x.feedId ?? '',
            document: x.feedDocumentId ?? ''
          }))
        )
      })
    )
  queue
    .command('process')
    .description('send queued entries to Amazon: one feed document per store and feed type')
    .requiredOption('--kind <refund|cancel>')
    .option('--ids <ids>', 'comma-separated entry ids')
    .option('--all', 'every queued entry of this kind (with --store: of that store)')
    .option('--store <id>', 'with --all: only this store')
    .option('--no-wait', 'return once the batches are created; the app (or `queue resume`) sends them')
    .action(
      withContext(ctxOf, async (ctx, o: { kind: string; ids?: string; all?: boolean; store?: string; wait: boolean }) => {
        if (!o.ids && !o.all) throw new Error('VALIDATION: give --ids or --all')
        const selection = o.ids
          ? { ids: ids(o.ids) }
          : { filter: { kind: o.kind, view: 'queued', ...(o.store ? { storeId: o.store } : {}) } }
        sendNothing(ctx, o.wait)
        const r = (await ctx.call('queue.process', { kind: o.kind, selection })) as { batches: BatchSummary[]; skipped: number }
        const batches = await finish(ctx, r.batches, o.wait)
        print({ batches, skipped: r.skipped, ...(o.wait ? reportWaiting(batches) : {}) })
      })
    )
  queue
    .command('reject')
    .requiredOption('--kind <refund|cancel>')
    .requiredOption('--ids <ids>', 'comma-separated entry ids')
    .requiredOption('--reason <text>')
    .action(
      withContext(ctxOf, async (ctx, o: { kind: string; ids: string; reason: string }) => {
        print(await ctx.call('queue.reject', { kind: o.kind, selection: { ids: ids(o.ids) }, reason: o.reason }))
      })
    )
  queue
    .command('batches')
    .option('--store <id>', 'only this store')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string }) => {
        print(await ctx.call('queue.batches', { ...(o.store ? { storeId: o.store } : {}), page: 1, pageSize: 200 }))
      })
    )
  queue
    .command('batch <id>')
    .description('one batch with the result of every entry')
    .action(
      withContext(ctxOf, async (ctx, id: string) => {
        print(await ctx.call('queue.batch', { id: Number.parseInt(id, 10) }))
      })
    )
  queue
    .command('retry <batchId>')
    .description('send the failed entries of a finished batch again, as a new batch')
    .option('--no-wait', 'return once the batch is created')
    .action(
      withContext(ctxOf, async (ctx, batchId: string, o: { wait: boolean }) => {
        sendNothing(ctx, o.wait)
        const b = (await ctx.call('queue.retryFailed', { batchId: Number.parseInt(batchId, 10) })) as BatchSummary
        const batches = await finish(ctx, [b], o.wait)
        print({ batches, ...(o.wait ? reportWaiting(batches) : {}) })
      })
    )
  queue
    .command('resolve')
    .description('after checking Seller Central: mark uncertain entries as applied or not applied')
    .requiredOption('--ids <ids>', 'comma-separated entry ids')
    .requiredOption('--outcome <applied|not-applied>')
    .requiredOption('--note <text>', 'what you checked')
    .action(
      withContext(ctxOf, async (ctx, o: { ids: string; outcome: string; note: string }) => {
        print(await ctx.call('queue.resolveUncertain', { ids: ids(o.ids), outcome: o.outcome, note: o.note }))
      })
    )
  queue
    .command('adjustments-file <batchId>')
    .description(
      "a file-only store's batch: write its Seller Central Adjustments file (upload it in Orders › Upload Order Related Files › Adjustments)"
    )
    .requiredOption('--out <path>', 'where to write the file')
    .action(
      withContext(ctxOf, async (ctx, batchId: string, o: { out: string }) => {
        const f = (await ctx.call('queue.adjustmentsFile', { batchId: Number.parseInt(batchId, 10) })) as {
          fileName: string
          content: string
        }
        const path = resolve(o.out)
        writeFileSync(path, f.content, 'utf8')
        print({ batchId: Number.parseInt(batchId, 10), written: path, bytes: Buffer.byteLength(f.content, 'utf8') })
      })
    )
  queue
    .command('import-report <batchId> <file>')
    .description("close a file-only store's batch with the processing report Seller Central gave for its upload")
    .action(
      withContext(ctxOf, async (ctx, batchId: string, file: string) => {
        const staged = ctx.files.register(resolve(file))
        print(await ctx.call('queue.importAdjustmentsReport', { batchId: Number.parseInt(batchId, 10), fileId: staged.id }))
      })
    )
  queue
    .command('record <batchId>')
    .description("record by hand what Seller Central did with entries of a file-only store's batch")
    .option('--done <ids>', 'comma-separated entry ids Amazon refunded')
    .option('--failed <ids>', 'comma-separated entry ids Amazon did not refund')
    .requiredOption('--note <text>', 'what you checked')
    .action(
      withContext(ctxOf, async (ctx, batchId: string, o: { done?: string; failed?: string; note: string }) => {
        const entries = [
          ...ids(o.done ?? '').map((entryId) => ({ entryId, outcome: 'done' })),
          ...ids(o.failed ?? '').map((entryId) => ({ entryId, outcome: 'failed' }))
        ]
        if (entries.length === 0) throw new Error('VALIDATION: give --done and/or --failed')
        print(await ctx.call('queue.recordByHand', { batchId: Number.parseInt(batchId, 10), entries, note: o.note }))
      })
    )
  queue
    .command('resume')
    .description(
      'drive every unfinished batch to its end (after a crash or with the app closed); without the network, says which batches wait for it and exits 2'
    )
    .option('--store <id>', 'only this store')
    .action(
      withContext(ctxOf, async (ctx, o: { store?: string }) => {
        const open = ctx.queue.openBatchIds(o.store)
        const batches = await Promise.all(
          open.map(async (id) => ((await ctx.call('queue.batch', { id })) as { batch: BatchSummary }).batch)
        )
        const done = await finish(ctx, batches, true)
        print({ batches: done, ...reportWaiting(done) })
      })
    )
}
