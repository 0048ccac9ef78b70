/**
 * Returns reports, whatever their format: detect from the content, then stream normalized rows.
 * Used by manual import (a staged file) and by the scheduled download (the SP-API client's
 * decoded document stream) alike.
 */
import { AppError } from '../../errors'
import { openTsv, type Source } from './tabular'
import { detectReturnsFormat, peek } from './returns-detect'
import { parseFbaCustomerReturns, parseMfnFlat } from './returns-tsv'
import { parseMfnXml, xmlEncoding } from './returns-xml'
import type { ReturnsReport } from './returns-types'

export * from './returns-types'
export { detectReturnsFormat } from './returns-detect'

export async function openReturnsReport(source: Source, hint: { charset?: string | null; file?: string } = {}): Promise<ReturnsReport> {
  const peeked = await peek(source)
  const detected = detectReturnsFormat(peeked.head, hint.file)
  if (detected.kind === 'xml') {
    const encoding = xmlEncoding(peeked.head, hint.file)
    const text = peeked.head.subarray(0, 4096).toString(encoding === 'utf-8' ? 'utf8' : 'latin1')
    if (!text.includes('<AmazonEnvelope') && !text.includes('<return_details')) {
      const root = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1]
      // A DTD is reported as such even when the root is unexpected.
      if (!/<!DOCTYPE|<!ENTITY/i.test(text))
        throw new AppError('VALIDATION', `${hint.file ? `${hint.file}: ` : ''}this is not a returns report — it looks like an XML file${root ? ` with root element <${root}>` : ''}. Expected an AmazonEnvelope with <return_details> (Seller Central > Reports > Return Reports, XML).`, { looksLike: `an XML file${root ? ` with root <${root}>` : ''}` })
    }
    return { format: 'mfn-xml', encoding, rows: parseMfnXml(peeked.source, { encoding, ...(hint.file ? { file: hint.file } : {}) }) }
  }
  const tsv = await openTsv(peeked.source, { charset: hint.charset ?? null, ...(hint.file ? { file: hint.file } : {}) })
  return {
    format: detected.kind,
    encoding: tsv.encoding,
    rows: detected.kind === 'mfn-flat' ? parseMfnFlat(tsv) : parseFbaCustomerReturns(tsv)
  }
}
