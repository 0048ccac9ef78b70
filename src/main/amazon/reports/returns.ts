/**
 * Returns reports, whatever their format: detect from the content, then stream normalized rows.
 * Used by manual import (a staged file) and by the scheduled download (the SP-API client's
 * decoded document stream) alike.
 *
 * Two ways to read, same parsers (push-based, see returns-tsv.ts / returns-xml.ts):
 * - openReturnsReport: any source, rows as an async generator.
 * - openReturnsReportSync: a file path or a buffer, rows as a synchronous generator reading the
 *   file in 1 MiB chunks (bounded memory). The import uses it to parse and write inside one
 *   synchronous transaction.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { AppError } from '../../errors'
import type { Source } from './tabular'
import { detectReturnsFormat, peek } from './returns-detect'
import { TsvReturnsParser } from './returns-tsv'
import iconv from 'iconv-lite'
import { XmlReturnsParser, xmlEncodingOf } from './returns-xml'
import type { ParsedReturn, ReturnReportFormat, ReturnsReport } from './returns-types'

export * from './returns-types'
export { detectReturnsFormat } from './returns-detect'

/** 64 KiB reads: a block's rows are alive together while parsed; bigger blocks only raise peak memory (bench/: ~50 MB). */
const CHUNK = 1 << 16
const PEEK = 64 * 1024

type Hint = { charset?: string | null; file?: string }
type Parser = {
  push(chunk: Buffer): void
  end(): void
  next(): ParsedReturn | undefined
  encoding?: string | null
  encodingEvidence?: string
}

/** What the head of the file says: its format and a fresh parser for it. */
function parserFor(
  head: Buffer,
  hint: Hint
): { format: ReturnReportFormat; encoding: string | null; evidence: string | null; parser: Parser } {
  const detected = detectReturnsFormat(head, hint.file)
  if (detected.kind === 'xml') {
    const { encoding, evidence } = xmlEncodingOf(head, hint.file)
    const text = iconv.decode(head.subarray(0, 4096), encoding)
    // The root (or a return) with or without a namespace prefix.
    if (!/<(?:[\w.-]+:)?(?:AmazonEnvelope|return_details)[\s>/]/.test(text)) {
      const root = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1]
      // A DTD is reported as such even when the root is unexpected.
      if (!/<!DOCTYPE|<!ENTITY/i.test(text))
        throw new AppError(
          'VALIDATION',
          `${hint.file ? `${hint.file}: ` : ''}this is not a returns report — it looks like an XML file${root ? ` with root element <${root}>` : ''}. Expected an AmazonEnvelope with <return_details> (Seller Central > Reports > Return Reports, XML).`,
          { looksLike: `an XML file${root ? ` with root <${root}>` : ''}` }
        )
    }
    return { format: 'mfn-xml', encoding, evidence, parser: new XmlReturnsParser({ encoding, ...(hint.file ? { file: hint.file } : {}) }) }
  }
  const parser = new TsvReturnsParser(detected.kind as 'mfn-flat' | 'fba-customer-returns', {
    charset: hint.charset ?? null,
    ...(hint.file ? { file: hint.file } : {})
  })
  return { format: detected.kind, encoding: null, evidence: null, parser }
}

export async function openReturnsReport(source: Source, hint: Hint = {}): Promise<ReturnsReport> {
  const peeked = await peek(source)
  const { format, encoding, evidence, parser } = parserFor(peeked.head, hint)
  const src = peeked.source
  const it: AsyncIterator<Buffer | string> | null = Buffer.isBuffer(src)
    ? null
    : (typeof src === 'string' ? createReadStream(src, { highWaterMark: CHUNK }) : src)[Symbol.asyncIterator]()
  let done = false
  const feed = async (): Promise<void> => {
    if (!it) {
      parser.push(src as Buffer)
      parser.end()
      done = true
      return
    }
    const n = await it.next()
    if (n.done) {
      parser.end()
      done = true
    } else parser.push(typeof n.value === 'string' ? Buffer.from(n.value) : n.value)
  }
  // The TSV encoding is known once the first 64 KiB are in.
  if (format !== 'mfn-xml') while (!done && (parser as TsvReturnsParser).encoding === null) await feed()
  async function* rows(): AsyncGenerator<ParsedReturn> {
    for (;;) {
      const r = parser.next()
      if (r) yield r
      else if (done) return
      else await feed()
    }
  }
  return {
    format,
    encoding: encoding ?? (parser as TsvReturnsParser).encoding!,
    encodingEvidence: evidence ?? (parser as TsvReturnsParser).encodingEvidence,
    rows: rows()
  }
}

export type ReturnsReportSync = {
  format: ReturnReportFormat
  encoding: string
  encodingEvidence: string
  rows: Generator<ParsedReturn>
  /** Closes the file (also done when `rows` finishes); safe to call twice. */
  close(): void
}

/** Opens a report from a file path or a buffer for synchronous reading. */
export function openReturnsReportSync(source: string | Buffer, hint: Hint = {}): ReturnsReportSync {
  let fd: number | null = null
  if (typeof source === 'string') {
    try {
      fd = openSync(source, 'r')
    } catch (e) {
      throw new AppError('NOT_FOUND', `Cannot open ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
    }
  }
  try {
    let pos = 0
    let eof = false
    const read = (): Buffer | null => {
      if (eof) return null
      if (fd === null) {
        eof = true
        return source as Buffer
      }
      const buf = Buffer.allocUnsafe(CHUNK)
      let n = 0
      // A regular file fills the chunk unless at its end; loop for short reads anyway.
      while (n < CHUNK) {
        const got = readSync(fd, buf, n, CHUNK - n, pos + n)
        if (got === 0) break
        n += got
      }
      pos += n
      if (n === 0) {
        eof = true
        return null
      }
      return buf.subarray(0, n)
    }
    const first = read()
    const head = first === null ? Buffer.alloc(0) : first.subarray(0, PEEK)
    const { format, encoding, evidence, parser } = parserFor(head, hint)
    let done = false
    let chunk: Buffer | null = first
    const feed = () => {
      if (chunk === null) {
        parser.end()
        done = true
        return
      }
      parser.push(chunk)
      chunk = read()
    }
    if (format !== 'mfn-xml') while (!done && (parser as TsvReturnsParser).encoding === null) feed()
    const close = () => {
      if (fd !== null) closeSync(fd)
      fd = null
    }
    function* rows(): Generator<ParsedReturn> {
      try {
        for (;;) {
          const r = parser.next()
          if (r) yield r
          else if (done) return
          else feed()
        }
      } finally {
        close()
      }
    }
    return {
      format,
      encoding: encoding ?? (parser as TsvReturnsParser).encoding!,
      encodingEvidence: evidence ?? (parser as TsvReturnsParser).encodingEvidence,
      rows: rows(),
      close
    }
  } catch (e) {
    if (fd !== null) closeSync(fd)
    throw e
  }
}
