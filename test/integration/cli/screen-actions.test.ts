/**
 * What only the screens could do, from the CLI (the built bundle as a child process, a real SQLite
 * file, no network: the queue keeps what it is given): RMA receive / refund / close, hold accept /
 * decline, the reimbursements CSV export, and `orders shippable` counting items. Each command goes
 * through the screen's channel, so the never-twice rules hold: a second refund or accept is refused.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RmaDetail } from '../../../src/shared/contract/rmas'
import { runCli } from '../../helpers/cli'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures')
let t: ReturnType<typeof makeServices>
let db = ''
let storeId = ''
let rmaId = 0
let screenCsv = ''

const cli = (args: string[]) => runCli(['--db', db, ...args])
const json = <T>(r: { out: string }) => JSON.parse(r.out) as T

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data as T
}

beforeAll(async () => {
  t = makeServices()
  db = t.services.info().dbPath
  storeId = (await t.services.stores.create(validStore)).id
  t.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
  const stage = (p: string) => t.services.files.register(join(FIX, p)).id
  // Orders with two buyer-cancellation requests (held) and one to ship.
  await call('orders.import', { storeId, fileId: stage('orders/unshipped-with-cancel.tsv') })
  // An RMA whose order is shipped with its item's Amazon id and prices (what order sync fills in).
  await call('rmas.import', { storeId, fileId: stage('rmas/mfn-returns.tsv') })
  const list = await call<{ rows: { id: number }[] }>('rmas.list', { storeId, rmaNumber: 'DfqRyqfBRRMA' })
  const d = await call<RmaDetail>('rmas.get', { id: list.rows[0]!.id })
  rmaId = d.id
  t.services.sqlite
    .prepare("UPDATE orders SET status = 'Shipped', shipping_status = 'Shipped', currency = 'USD', is_minimal = 0 WHERE id = ?")
    .run(d.orderId)
  t.services.sqlite
    .prepare(
      "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, '11111111111111', 'NECK-925-16', 1, 1, 'USD', 2999, 247)"
    )
    .run(`${d.orderId}-1`, d.orderId)
  await call('reimbursements.import', { storeId, fileId: stage('reimbursements/sample.tsv') })
  screenCsv = (await call<{ csv: string }>('reimbursements.exportCsv', { storeId })).csv
  t.services.close()
})
afterAll(() => t.close())

describe('CLI: the screens’ actions', () => {
  it('rmas receive, refund (asks for --yes; never twice) and close', () => {
    const bad = cli(['rmas', 'receive', String(rmaId), '--item', 'NOPE=1'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/this RMA has no SKU NOPE \(it has NECK-925-16\)/)
    const badCondition = cli(['rmas', 'receive', String(rmaId), '--condition', 'broken'])
    expect(badCondition.code).toBe(1)
    expect(badCondition.err).toMatch(/condition must be one of sellable, open_box/)

    const received = cli(['rmas', 'receive', String(rmaId), '--condition', 'open_box'])
    expect(received.code, received.err).toBe(0)
    expect(json(received)).toMatchObject({
      id: rmaId,
      status: 'Received',
      receivedQuantity: 1,
      items: [{ sku: 'NECK-925-16', received: 1, condition: 'open_box' }]
    })
    // Everything is in: a second receive has nothing to do and says so.
    const again = cli(['rmas', 'receive', String(rmaId)])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/every item of RMA \d+ is received already/)

    // Without --yes nothing happens, and the exit code says so.
    const ask = cli(['rmas', 'refund', String(rmaId)])
    expect(ask.code).toBe(1)
    expect(ask.err).toMatch(/Nothing done: run again with --yes/)
    expect(json<{ refunds: unknown[] }>(ask).refunds).toEqual([])

    const refund = cli(['rmas', 'refund', String(rmaId), '--yes'])
    expect(refund.code, refund.err).toBe(0)
    expect(json(refund)).toMatchObject({ status: 'Refunded', refunds: [{ status: 'queued', currency: 'USD', totalMinor: 2999 + 247 }] })
    // Never twice: the second refund is refused, and there is still one entry in the queue.
    const twice = cli(['rmas', 'refund', String(rmaId), '--yes'])
    expect(twice.code).toBe(1)
    expect(twice.err).toMatch(/^CONFLICT: /)
    const queued = json<{ total: number }>(cli(['queue', 'list', '--kind', 'refund', '--json']))
    expect(queued.total).toBe(1)

    const closed = cli(['rmas', 'close', String(rmaId)])
    expect(closed.code, closed.err).toBe(0)
    expect(json(closed)).toMatchObject({ id: rmaId, status: 'Closed' })
    expect(cli(['rmas', 'close', 'x']).err).toMatch(/RMA id must be a whole number/)
  })

  it('holds accept (one cancellation, never two) and decline; orders shippable counts items', () => {
    const accept = cli(['holds', 'accept', '112-2222222-2222222', '--note', 'buyer asked twice'])
    expect(accept.code, accept.err).toBe(0)
    const a = json<{ status: string; queueEntryId: number | null; decisionNote: string }>(accept)
    expect(a).toMatchObject({ status: 'accepted', decisionNote: 'buyer asked twice' })
    expect(a.queueEntryId).not.toBeNull()
    const twice = cli(['holds', 'accept', '112-2222222-2222222'])
    expect(twice.code).toBe(1)
    const cancels = json<{ rows: { id: number; amazonOrderId: string }[] }>(cli(['queue', 'list', '--kind', 'cancel', '--json']))
    expect(cancels.rows.map((r) => [r.id, r.amazonOrderId])).toEqual([[a.queueEntryId, '112-2222222-2222222']])

    expect(cli(['holds', 'decline', '113-3333333-3333333']).code).toBe(1) // --reason is required
    const decline = cli(['holds', 'decline', '113-3333333-3333333', '--reason', 'already shipped by the warehouse'])
    expect(decline.code, decline.err).toBe(0)
    expect(json(decline)).toMatchObject({ status: 'declined', decisionNote: 'already shipped by the warehouse', queueEntryId: null })
    const none = cli(['holds', 'accept', '999-0000000-0000000'])
    expect(none.code).toBe(1)
    expect(none.err).toMatch(/no buyer cancellation request for order 999-0000000-0000000/)

    // The declined order may ship now, with its items counted (the list once reported 0 items).
    const ship = json<{ amazonOrderId: string; itemCount: number }[]>(cli(['orders', 'shippable', '--store', storeId, '--json']))
    expect(ship.map((o) => o.amazonOrderId).sort()).toEqual(['111-0687106-4490606', '113-3333333-3333333'])
    for (const o of ship) expect(o.itemCount, o.amazonOrderId).toBeGreaterThan(0)
    const table = cli(['orders', 'shippable', '--store', storeId])
    expect(table.out).toMatch(/113-3333333-3333333.*│\s*[1-9]\d*\s*│/)
  })

  it("reimbursements export writes the screen's CSV (same columns and rows) to --out or stdout", () => {
    const out = join(t.dir, 'reimbursements.csv')
    const r = cli(['reimbursements', 'export', '--store', storeId, '--out', out])
    expect(r.code, r.err).toBe(0)
    const summary = json<{ written: string; rows: number }>(r)
    expect(summary.written).toBe(out)
    expect(summary.rows).toBeGreaterThan(0)
    expect(readFileSync(out, 'utf8')).toBe(screenCsv)
    const std = cli(['reimbursements', 'export', '--store', storeId])
    expect(std.code, std.err).toBe(0)
    expect(std.out).toBe(screenCsv)
    const badReason = cli(['reimbursements', 'export', '--reason', 'Nope'])
    expect(badReason.code).toBe(1)
    expect(badReason.err).toMatch(/unknown reason 'Nope'/)
  })
})
