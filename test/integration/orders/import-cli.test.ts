/** `orders import`, `orders shippable` and `holds list` in a child process (the built CLI … --db tmp). */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const FIX = join(ROOT, 'test/fixtures/orders')
const t = tempDir('sbo-orders-cli-')
const db = join(t.dir, 'cli.sqlite')
let store = ''

const cli = (args: string[]) => runCli(['--db', db, ...args])

beforeAll(() => {
  const add = cli([
    'stores',
    'add',
    '--name',
    'CLI orders',
    '--region',
    'NA',
    '--seller-id',
    'A2C4E6G8I0K2M4',
    '--marketplaces',
    'ATVPDKIKX0DER',
    '--lwa-client-id',
    'amzn1.application-oa2-client.cli'
  ])
  expect(add.code, add.err).toBe(0)
  store = (JSON.parse(cli(['stores', 'list', '--json']).out) as { id: string }[])[0]!.id
})
afterAll(() => t.cleanup())

describe('orders/holds CLI', () => {
  it('imports an order report (JSON summary), refuses a file with bad rows (non-zero exit), lists holds and shippable orders', () => {
    const preview = cli(['orders', 'import', join(FIX, 'unshipped-with-cancel.tsv'), '--store', store, '--preview'])
    expect(preview.code, preview.err).toBe(0)
    expect(JSON.parse(preview.out)).toMatchObject({ inserted: 3, held: 2, committed: false, preview: true })
    const r = cli(['orders', 'import', join(FIX, 'unshipped-with-cancel.tsv'), '--store', store])
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      format: 'unshipped-orders',
      rows: 3,
      inserted: 3,
      held: 2,
      flagged: 0,
      cancelColumnsMissing: null,
      rejectedCount: 0,
      committed: true
    })
    const again = JSON.parse(cli(['orders', 'import', join(FIX, 'unshipped-with-cancel.tsv'), '--store', store]).out) as {
      unchanged: number
      held: number
    }
    expect([again.unchanged, again.held]).toEqual([3, 0])

    const bad = cli(['orders', 'import', join(FIX, 'unshipped-bad-rows.tsv'), '--store', store])
    // All or nothing: rows rejected -> the file is refused, nothing written: exit 1 (was 2).
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/File refused, nothing imported: 3 rows were rejected/)
    expect(JSON.parse(bad.out)).toMatchObject({
      committed: false,
      rejectedCount: 3,
      rejected: [{ line: 2, column: 'quantity-purchased' }, { line: 3 }, { line: 4 }]
    })
    expect(cli(['orders', 'import', join(FIX, 'nope.tsv'), '--store', store]).code).not.toBe(0)

    const holds = cli(['holds', 'list', '--json'])
    expect(holds.code, holds.err).toBe(0)
    const list = JSON.parse(holds.out) as { rows: { amazonOrderId: string; status: string; reason: string }[]; counts: { open: number } }
    expect(list.counts.open).toBe(2)
    expect(list.rows.map((h) => [h.amazonOrderId, h.reason])).toEqual([
      ['112-2222222-2222222', 'Order Created By Mistake'],
      ['113-3333333-3333333', 'Need to change shipping address']
    ])
    const table = cli(['holds', 'list', '--store', store])
    expect(table.out).toContain('112-2222222-2222222')
    expect(table.out).toMatch(/left/)

    // The held orders are not shippable; the third one is.
    const ship = JSON.parse(cli(['orders', 'shippable', '--store', store, '--json']).out) as { amazonOrderId: string }[]
    expect(ship.map((o) => o.amazonOrderId)).toEqual(['111-0687106-4490606'])
  })
})
