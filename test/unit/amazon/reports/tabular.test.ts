import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { detectEncoding, normalizeCharset, openTsv, readLines, splitTsv } from '../../../../src/main/amazon/reports/tabular'

const FIX = join(__dirname, '../../../fixtures/reports')
async function all(source: Parameters<typeof openTsv>[0], hint?: Parameters<typeof openTsv>[1]) {
  const f = await openTsv(source, hint)
  const rows = []
  for await (const r of f.rows) rows.push(r)
  return { ...f, rows }
}

describe('tabular report reader', () => {
  it('reads the sample reimbursements report with its header by name', async () => {
    const f = await all(join(FIX, 'fba-reimbursements.tsv'))
    expect(f.encoding).toBe('utf-8')
    expect(f.columns.get('reimbursement-id')).toBe(1)
    expect(f.rows).toHaveLength(3)
    expect(f.rows[0]!.line).toBe(2)
    expect(f.rows[2]!.cells[f.columns.get('original-reimbursement-id')!]).toBe('4582310917')
  })

  it('handles BOM, CRLF, a lone last line without newline, and blank trailing lines', async () => {
    const text = '\ufeffa\tb\r\n1\t2\r\n\r\n3\t4\r\n\r\n\r\n5\t6'
    const f = await all(Buffer.from(text, 'utf8'))
    expect(f.header).toEqual(['a', 'b'])
    expect(f.rows.map((r) => [r.line, r.cells])).toEqual([
      [2, ['1', '2']],
      [4, ['3', '4']],
      [7, ['5', '6']]
    ])
  })

  it('decodes Windows-1252 when the bytes are not UTF-8', async () => {
    const bytes = iconv.encode('sku\tproduct-name\nMUG\tCafé crème – “Größe” €\n', 'windows-1252')
    const f = await all(bytes)
    expect(f.encoding).toBe('windows-1252')
    expect(f.rows[0]!.cells[1]).toBe('Café crème – “Größe” €')
  })

  it('decodes Shift_JIS (Japan) and GB18030 (files re-saved on Chinese Windows)', async () => {
    const jp = await all(iconv.encode('sku\tproduct-name\nMUG\tマグカップ 白 350ml\n', 'shift_jis'), { japanese: true })
    expect(jp.encoding).toBe('shift_jis')
    expect(jp.rows[0]!.cells[1]).toBe('マグカップ 白 350ml')
    const cn = await all(iconv.encode('sku\tproduct-name\nMUG\t陶瓷马克杯 白色 大号\n', 'gb18030'))
    expect(cn.encoding).toBe('gb18030')
    expect(cn.rows[0]!.cells[1]).toBe('陶瓷马克杯 白色 大号')
  })

  it('honours a charset from the HTTP header', async () => {
    expect(normalizeCharset('Cp1252')).toBe('windows-1252')
    expect(normalizeCharset('Windows-31J')).toBe('shift_jis')
    expect(detectEncoding(Buffer.from('abc'), { charset: 'Shift_JIS' }).encoding).toBe('shift_jis')
  })

  it('reports invalid UTF-8 after the sniffed part with its line, column and byte', async () => {
    const head = Buffer.from('a\tb\n' + 'x\ty\n'.repeat(20000), 'utf8') // > 64 KiB of clean UTF-8
    const bad = Buffer.concat([head, Buffer.from([0x41, 0x09, 0xe9, 0x0a])])
    const { lines } = await readLines(Readable.from([head, bad.subarray(head.length)]), { file: 'r.tsv' })
    const seen: number[] = []
    await expect(async () => {
      for await (const l of lines) seen.push(l.line)
    }).rejects.toThrow(/r\.tsv: line 20002, column 3: byte 0xe9 is not valid UTF-8/)
  })

  it('keeps bare quotes (Amazon flat files are quote-off) and unwraps wholly quoted cells', () => {
    expect(splitTsv('12" pizza pan\t"Mug ""Classic"""\t"')).toEqual(['12" pizza pan', 'Mug "Classic"', '"'])
  })

  it('reads comma-separated downloads with quotes', async () => {
    const f = await all(Buffer.from('"Date","FNSKU","Title"\n"07/16/2025","X001","Mug, 11 oz ""white"""\n'))
    expect(f.header).toEqual(['Date', 'FNSKU', 'Title'])
    expect(f.rows[0]!.cells).toEqual(['07/16/2025', 'X001', 'Mug, 11 oz "white"'])
  })

  it('rejects an empty file', async () => {
    await expect(openTsv(Buffer.from('\n\n'), { file: 'empty.tsv' })).rejects.toThrow(/empty\.tsv: the file is empty/)
  })

  it('streams a file from disk', async () => {
    const f = await all(join(FIX, 'fba-reimbursements.tsv'))
    expect(readFileSync(join(FIX, 'fba-reimbursements.tsv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(f.rows.length + 1)
  })
})
