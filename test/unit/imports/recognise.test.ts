/** The watched folder's recogniser: each report the app imports, recognised by content (the fixtures of each importer). */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recogniseFile, recogniseHead } from '../../../src/main/imports/recognise'

const FIX = join(__dirname, '../../fixtures')

describe('recognise a report by its content', () => {
  it.each([
    ['reimbursements/sample.tsv', 'reimbursements'],
    ['reimbursements/windows-1252.tsv', 'reimbursements'],
    ['rmas/mfn-returns.tsv', 'returns'],
    ['rmas/mfn-returns.xml', 'returns'],
    ['rmas/fba-customer-returns.tsv', 'returns'],
    ['claims/ledger.tsv', 'ledger'],
    ['claims/ledger-seller-central.csv', 'ledger'],
    ['settlements/settlement-de.tsv', 'settlement'],
    ['orders/unshipped-with-cancel.tsv', 'orders'],
    ['orders/all-orders.tsv', 'orders'],
    ['catalog/all-listings.tsv', 'listings'],
    ['claims/removal-orders.tsv', 'removalOrders'],
    ['claims/removal-shipments.tsv', 'removalShipments'],
    ['claims/replacements.tsv', 'replacements']
  ])('%s is %s', async (file, kind) => {
    expect(await recogniseFile(join(FIX, file))).toEqual({ kind })
  })

  it('recognises an Adjustments processing report', () => {
    const text = 'Feed Processing Summary:\n\tNumber of records processed\t\t1\n\tNumber of records successful\t\t1\n'
    expect(recogniseHead(Buffer.from(text))).toEqual({ kind: 'adjustmentsReport' })
  })

  it.each([
    ['a note (its text not repeated)', Buffer.from('shopping list\nmilk\n'), /^a text file of no report the app knows$/],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), /PDF/],
    ['a ZIP', Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), /ZIP/],
    ['an empty file', Buffer.alloc(0), /empty/],
    ['an unknown table', Buffer.from('a\tb\tc\n1\t2\t3\n'), /^a tab-separated file of no report the app knows$/]
  ])('leaves %s alone, saying what it looks like', (_name, bytes, looks) => {
    const r = recogniseHead(bytes)
    expect(r.kind).toBeNull()
    expect(r.kind === null && r.looksLike).toMatch(looks)
  })
})
