/** `rmas` CLI commands in a child process (the built `out/main/cli.js … --db tmp`), as a user runs them. */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const ROOT = resolve(__dirname, '../../..')
const FIX = join(ROOT, 'test/fixtures/rmas')
const t = tempDir('sbo-rmas-cli-')
const db = join(t.dir, 'cli.sqlite')
let store = ''

const cli = (args: string[]) => runCli(['--db', db, ...args])

beforeAll(() => {
  const add = cli([
    'stores',
    'add',
    '--name',
    'CLI returns',
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

describe('rmas CLI', () => {
  it('imports a TSV and prints {created, updated, skipped, rejected}; re-import creates nothing', () => {
    const r = cli(['rmas', 'import', join(FIX, 'mfn-returns.tsv'), '--store', store])
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toEqual({
      format: 'mfn-flat',
      encoding: 'utf-8',
      encodingEvidence: 'plain ASCII, read as UTF-8',
      created: 2,
      updated: 0,
      unchanged: 0,
      skipped: [{ line: 4, reason: 'return request status is Closed, not Approved' }],
      rejected: []
    })
    const again = JSON.parse(cli(['rmas', 'import', join(FIX, 'mfn-returns.tsv'), '--store', store]).out) as {
      created: number
      unchanged: number
    }
    expect([again.created, again.unchanged]).toEqual([0, 2])
  })

  it('imports XML with rejected rows listed by line; a rejected file exits non-zero', () => {
    const r = cli(['rmas', 'import', join(FIX, 'mfn-returns-multi.xml'), '--store', store])
    // Some rows rejected, the rest imported: exit 2.
    expect(r.code, r.err).toBe(2)
    expect(JSON.parse(r.out)).toMatchObject({
      created: 1,
      rejected: [{ line: 39, reason: '<item_details> at column 7: return_quantity: expected a whole number, got "-1"' }]
    })
    const bad = cli(['rmas', 'import', join(FIX, 'dtd.xml'), '--store', store])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/VALIDATION: dtd\.xml: XML with a DTD or entity declaration is refused/)
    const wrong = cli(['rmas', 'import', join(ROOT, 'test/fixtures/reports/fba-reimbursements.tsv'), '--store', store])
    expect(wrong.code).not.toBe(0)
    expect(wrong.err).toMatch(/looks like an FBA reimbursements report/)
    expect(cli(['rmas', 'import', join(FIX, 'nope.tsv'), '--store', store]).code).not.toBe(0)
  })

  it('lists RMAs with --store, --status and --json', () => {
    const r = cli(['rmas', 'list', '--store', store, '--status', 'Open', '--json'])
    expect(r.code, r.err).toBe(0)
    const list = JSON.parse(r.out) as { total: number; rows: { orderSourceRmaId: string; status: string }[] }
    expect(list.total).toBe(3)
    expect(list.rows.every((x) => x.status === 'Open')).toBe(true)
    expect(cli(['rmas', 'list']).out).toContain('DfqRyqfBRRMA')
    expect(JSON.parse(cli(['rmas', 'list', '--status', 'Closed', '--json']).out)).toEqual({ rows: [], total: 0 })
  })

  it('imports kits and lists them', () => {
    const r = cli(['rmas', 'kits', 'import', join(FIX, 'kits.csv'), '--store', store])
    expect(r.code).toBe(2) // two lines rejected
    expect(JSON.parse(r.out)).toMatchObject({ created: 2, rejected: [{ line: 4 }, { line: 5 }] })
    expect(JSON.parse(cli(['rmas', 'kits', 'list', '--store', store, '--json']).out)).toHaveLength(2)
  })
})
