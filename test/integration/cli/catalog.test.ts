/**
 * `catalog import` through the CLI (the built bundle): every listing in (exit 0), a re-import adds
 * nothing, a file with bad rows lists them with line and column and imports the rest (exit 2).
 */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const FIX = join(resolve(__dirname, '../../..'), 'test/fixtures/catalog')

describe('catalog import (CLI)', () => {
  const t = tempDir()
  const db = join(t.dir, 'catalog.sqlite')
  const cli = (args: string[]) => runCli(['--db', db, ...args])
  let store = ''
  beforeAll(() => {
    const add = cli([
      'stores',
      'add',
      '--name',
      'Listings',
      '--region',
      'NA',
      '--seller-id',
      'A1B2C3D4E5F6G7',
      '--marketplaces',
      'ATVPDKIKX0DER',
      '--lwa-client-id',
      'amzn1.application-oa2-client.catalog'
    ])
    store = (JSON.parse(add.out) as { id: string }).id
  })
  afterAll(() => t.cleanup())

  it('imports once, then changes nothing; bad rows exit 2 with line and column', () => {
    const first = cli(['catalog', 'import', join(FIX, 'all-listings.tsv'), '--store', store])
    expect(first.code, first.err).toBe(0)
    expect(JSON.parse(first.out)).toMatchObject({ inserted: 3, rejectedCount: 0, committed: true })
    const again = cli(['catalog', 'import', join(FIX, 'all-listings.tsv'), '--store', store])
    expect(JSON.parse(again.out)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 })
    const bad = cli(['catalog', 'import', join(FIX, 'all-listings-bad.tsv'), '--store', store])
    expect(bad.code).toBe(2)
    expect(JSON.parse(bad.out).rejected[1]).toMatchObject({ line: 4, column: 'price' })
  })
})
