import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env)

describe('CLI', () => {
  it('prints help', () => {
    const r = cli(['--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('--db <path>')
    expect(r.out).toContain('stores')
  })

  it('adds a store, lists it, changes a setting — on the database given by --db', () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const db = join(t.dir, 'x.sqlite')
    const add = cli([
      '--db',
      db,
      'stores',
      'add',
      '--name',
      'CLI store',
      '--region',
      'EU',
      '--seller-id',
      'A1B2C3D4E5F6G7',
      '--marketplaces',
      'A1PA6795UKMFR9',
      '--lwa-client-id',
      'amzn1.application-oa2-client.cli'
    ])
    expect(add.code, add.err).toBe(0)
    const id = (JSON.parse(add.out) as { id: string }).id
    const list = cli(['--db', db, 'stores', 'list', '--json'])
    expect(JSON.parse(list.out)).toMatchObject([{ id, name: 'CLI store', region: 'EU' }])
    expect(cli(['--db', db, 'stores', 'list']).out).toContain('CLI store')
    const set = cli(['--db', db, 'settings', 'set', id, 'allowOverRefund', 'on'])
    expect(JSON.parse(set.out)).toMatchObject({ allowOverRefund: true })
    // SBO_DB works like --db.
    expect(JSON.parse(cli(['settings', 'get', id], { SBO_DB: db }).out)).toMatchObject({ allowOverRefund: true })
  })

  it('--demo creates the demo store (with the RMA download on) once; without it none is created', () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const db = join(t.dir, 'demo.sqlite')
    const first = cli(['--db', db, '--demo', 'stores', 'list', '--json'])
    expect(first.code, first.err).toBe(0)
    const stores = JSON.parse(first.out) as { id: string; name: string; isDemo: boolean }[]
    expect(stores).toMatchObject([{ name: 'Demo store', isDemo: true }])
    expect(JSON.parse(cli(['--db', db, 'settings', 'get', stores[0]!.id]).out)).toMatchObject({
      downloadRmaReport: true,
      queueRefundsAndCancellations: true
    })
    // A second --demo run does not add another; a database without --demo gets none.
    expect(JSON.parse(cli(['--db', db, '--demo', 'stores', 'list', '--json']).out)).toHaveLength(1)
    expect(JSON.parse(cli(['--db', join(t.dir, 'plain.sqlite'), 'stores', 'list', '--json']).out)).toEqual([])
  })

  it('exits non-zero with the validation message on bad input', () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const r = cli([
      '--db',
      join(t.dir, 'y.sqlite'),
      'stores',
      'add',
      '--name',
      'x',
      '--region',
      'NA',
      '--seller-id',
      'bad id',
      '--marketplaces',
      'ATVPDKIKX0DER',
      '--lwa-client-id',
      'amzn1.application-oa2-client.x'
    ])
    expect(r.code).toBe(1)
    expect(r.err).toContain('VALIDATION')
    expect(r.err).toContain('sellerId')
  })
})
