/**
 * The one summary printer of the CLI's import commands: rejected rows as "file: line N, column C:
 * reason" on stderr, the counts on stdout (or the JSON), notes, then the one exit-code rule.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { printImportSummary } from '../../../src/main/cli-context'

describe('printImportSummary', () => {
  let out: string[]
  let err: string[]
  beforeEach(() => {
    out = []
    err = []
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')))
    process.exitCode = undefined
  })
  afterEach(() => {
    vi.restoreAllMocks()
    process.exitCode = undefined
  })

  it('text: each rejected row with its line and column, the counts, the details, then exit 2', () => {
    const code = printImportSummary({
      file: 'r.tsv',
      rejected: [
        { line: 4, column: 'quantity', reason: "'x' is not a whole number" },
        { line: 9, column: null, reason: 'the line is cut short' }
      ],
      rejectedCount: 2,
      preview: false,
      what: 'removal orders',
      counts: '5 rows: 3 new, 2 rejected',
      details: ['  quantity: 7']
    })
    expect(code).toBe(2)
    expect(process.exitCode).toBe(2)
    expect(out).toEqual(['r.tsv (removal orders): 5 rows: 3 new, 2 rejected', '  quantity: 7'])
    expect(err.slice(0, 2)).toEqual(["r.tsv: line 4, column quantity: 'x' is not a whole number", 'r.tsv: line 9: the line is cut short'])
    expect(err[2]).toMatch(/2 rows were rejected \(listed above with line and reason\); the other rows were imported/)
  })

  it('a preview says nothing was written; a clean file exits 0 and prints no rejection', () => {
    expect(printImportSummary({ file: 'c.csv', rejected: [], rejectedCount: 0, preview: true, counts: '2 rows: 2 new' })).toBe(0)
    expect(out).toEqual(['c.csv: 2 rows: 2 new (preview: nothing written)'])
    expect(err).toEqual([])
    expect(process.exitCode).toBeUndefined()
  })

  it('JSON: the value alone on stdout, notes on stderr; an all-or-nothing import with a bad row exits 1', () => {
    const code = printImportSummary({
      file: 'o.tsv',
      rejected: [{ line: 2, reason: 'bad' }],
      rejectedCount: 1,
      preview: true,
      written: 'nothing-when-rejected',
      json: { inserted: 0, rejected: [{ line: 2, reason: 'bad' }] },
      notes: ['note: something']
    })
    expect(code).toBe(1)
    expect(JSON.parse(out.join('\n'))).toEqual({ inserted: 0, rejected: [{ line: 2, reason: 'bad' }] })
    expect(err[0]).toBe('note: something')
    expect(err[1]).toMatch(/The import would refuse this file: 1 row was rejected/)
  })
})
