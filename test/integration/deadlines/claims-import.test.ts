/**
 * A-to-z / SAFE-T claims from a CSV through the contract, on a real SQLite file: a preview writes
 * nothing, bad rows are rejected with line, column and what was expected, the good ones are
 * recorded (source csv) with their clocks, and a re-import of the same file changes nothing.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimRow, ClaimsImportSummary, DeadlineItem } from '../../../src/shared/contract/deadlines'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const CSV = [
  'order-id,kind,state,type,filed,amount,currency,info-requested,granted,amazon-refund,note',
  '112-1111111-1111111,atoz,info-requested,Item not received,2026-12-01T10:00:00Z,24.99,USD,2026-12-03T06:00:00Z,,,',
  '112-2222222-2222222,safet,open,Damaged return,,12.50,usd,,,2026-11-01T00:00:00Z,from the spreadsheet',
  '112-333,atoz,open,,,,,,,,',
  '112-4444444-4444444,atoz,granted,,,,,,,,',
  '112-5555555-5555555,atoz,open,,,12.345,USD,,,,',
  '112-6666666-6666666,refund,open,,,,,,,,'
].join('\n')

describe('claims CSV import', () => {
  it('previews, rejects bad rows with line and column, records the rest, and a re-import adds nothing', async () => {
    const t = makeServices({ now: '2026-12-03T08:00:00.000Z' })
    cleanups.push(t.close)
    const store = await t.services.stores.create(validStore)
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await t.dispatch(channel, input)
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
      return r.data as T
    }
    const f = join(t.dir, 'claims.csv')
    writeFileSync(f, CSV + '\n')
    const run = (channel: string) => call<ClaimsImportSummary>(channel, { storeId: store.id, fileId: t.services.files.register(f).id })

    const preview = await run('deadlines.previewClaimsImport')
    expect(preview).toMatchObject({ rows: 6, inserted: 2, updated: 0, unchanged: 0, rejectedCount: 4, committed: false })
    expect(await call<ClaimRow[]>('deadlines.claims', { storeId: store.id })).toEqual([])
    expect(preview.rejected).toEqual([
      { line: 4, column: 'order-id', reason: "'112-333': an Amazon order id like 112-1234567-1234567" },
      { line: 5, column: 'granted', reason: 'state granted needs the instant Amazon granted it' },
      { line: 6, column: 'amount', reason: "'12.345' is not an amount in USD (a plain number with a dot, e.g. 24.99)" },
      { line: 7, column: 'kind', reason: expect.stringContaining("'refund'") }
    ])

    const first = await run('deadlines.importClaims')
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejectedCount: 4, committed: true })
    const claims = await call<ClaimRow[]>('deadlines.claims', { storeId: store.id })
    expect(claims).toEqual([
      expect.objectContaining({
        amazonOrderId: '112-1111111-1111111',
        kind: 'atoz',
        state: 'info-requested',
        claimType: 'Item not received',
        amountMinor: 2499,
        currency: 'USD',
        infoRequestedAt: '2026-12-03T06:00:00.000Z',
        source: 'csv'
      }),
      expect.objectContaining({
        amazonOrderId: '112-2222222-2222222',
        kind: 'safet',
        amountMinor: 1250,
        currency: 'USD',
        note: 'from the spreadsheet'
      })
    ])
    const { items } = await call<{ items: DeadlineItem[] }>('deadlines.list', { storeId: store.id })
    expect(items.find((i) => i.ruleId === 'atoz.infoRequest')).toMatchObject({ dueAt: '2026-12-05T06:00:00.000Z' })

    const history = () =>
      t.services.sqlite.prepare("SELECT count(*) AS n FROM order_history WHERE event LIKE 'claim-%'").get() as { n: number }
    const before = history().n
    const again = await run('deadlines.importClaims')
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejectedCount: 4 })
    expect(await call<ClaimRow[]>('deadlines.claims', { storeId: store.id })).toEqual(claims)
    expect(history().n).toBe(before)
  })

  it('refuses a file without the claim columns, naming them', async () => {
    const t = makeServices({ now: '2026-12-03T08:00:00.000Z' })
    cleanups.push(t.close)
    const store = await t.services.stores.create(validStore)
    const f = join(t.dir, 'other.csv')
    writeFileSync(f, 'sku,cost\nA,1\n')
    const r = await t.dispatch('deadlines.importClaims', { storeId: store.id, fileId: t.services.files.register(f).id })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toContain('the header lacks "order-id", "kind", "state"')
  })
})
