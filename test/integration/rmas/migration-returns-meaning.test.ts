/**
 * The migration for issue #22 on a database written by the release before it: RMA dates become
 * days (one shape), and the "refunded" amount that came from the XML's refund_amount (the refund
 * due, not a refund made) is cleared where only an XML report ever wrote it.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/client'
import { readJournal } from '../../../src/main/db/migrate'
import { MIGRATIONS, tempDir } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('migration: returns report meaning', () => {
  it('stores RMA dates as days and clears XML "refunded" amounts no other report wrote', () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const entries = readJournal(MIGRATIONS)
    const n = entries.findIndex((e) => e.tag.endsWith('_returns_report_meaning'))
    expect(n).toBeGreaterThan(0)
    const folder = join(t.dir, 'drizzle-old')
    cpSync(MIGRATIONS, folder, { recursive: true })
    const jf = join(folder, 'meta', '_journal.json')
    const j = JSON.parse(readFileSync(jf, 'utf8')) as { entries: unknown[] }
    j.entries = j.entries.slice(0, n)
    writeFileSync(jf, JSON.stringify(j))

    const file = join(t.dir, 'm.sqlite')
    const old = openDatabase(file, { migrationsFolder: folder })
    const s = old.sqlite
    s.prepare("INSERT INTO stores VALUES ('s1','n','NA','A2C4E6G8I0K2M4','[]','c',0,'t','t')").run()
    s.prepare(
      "INSERT INTO orders (id, store_id, amazon_order_id, is_minimal, created_at, updated_at) VALUES ('o1', 's1', '113-6277818-1234567', 1, 't', 't')"
    ).run()
    const rma = s.prepare(
      `INSERT INTO rmas (store_id, order_id, amazon_order_id, order_source_rma_id, status, resolution, return_request_status, return_request_date, order_date, refunded_amount_minor, source, created_at, updated_at)
       VALUES ('s1', 'o1', '113-6277818-1234567', ?, 'Open', 'Refund', 'Approved', ?, ?, ?, ?, 't', 't')`
    )
    const xmlOnly = Number(rma.run('XML-ONLY', '2025-07-14T12:44:17.000Z', '2025-07-10T17:08:47.000Z', 987, 'mfn-xml').lastInsertRowid)
    const xmlUpdated = Number(rma.run('XML-UPDATED', '2025-07-14T12:44:17.000Z', null, 987, 'mfn-xml').lastInsertRowid)
    s.prepare(
      "INSERT INTO rma_history (rma_id, event, detail, at) VALUES (?, 'report-update', 'refunded amount: 987 → 987 (from later.tsv)', 't')"
    ).run(xmlUpdated)
    const flat = Number(rma.run('FLAT', '2025-07-11', '2025-07-02', 1240, 'mfn-flat').lastInsertRowid)
    old.close()

    const now = openDatabase(file, { migrationsFolder: MIGRATIONS })
    const rows = now.sqlite
      .prepare('SELECT id, return_request_date AS r, order_date AS o, refunded_amount_minor AS m FROM rmas ORDER BY id')
      .all()
    expect(rows).toEqual([
      { id: xmlOnly, r: '2025-07-14', o: '2025-07-10', m: null },
      { id: xmlUpdated, r: '2025-07-14', o: null, m: 987 },
      { id: flat, r: '2025-07-11', o: '2025-07-02', m: 1240 }
    ])
    now.close()
  })
})
