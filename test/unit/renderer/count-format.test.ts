import { describe, expect, it } from 'vitest'
import { i18n } from '../../../src/renderer/src/i18n'
import { pagerWords } from '../../../src/renderer/src/table-words'

describe('counts in words (issue 18)', () => {
  it('puts thousands separators on every interpolated count, not on ids', async () => {
    await i18n.changeLanguage('en')
    expect(i18n.t('words:pageRange', { from: 1001, to: 1025, total: 12345 })).toBe('1,001–1,025 of 12,345')
    // A raw number (no `, number` format in the message) is still a count…
    expect(i18n.t('x', { defaultValue: '{{rows}} rows', rows: 1234567 })).toBe('1,234,567 rows')
    // …but an id stays as written.
    expect(i18n.t('x', { defaultValue: 'request #{{id}}', id: 12345 })).toBe('request #12345')
  })

  it('pages every table in the user language', async () => {
    await i18n.changeLanguage('zh-CN')
    const t = i18n.getFixedT('zh-CN')
    const p = pagerWords(t)
    expect(p.recordsPerPageLabel).toBe('每页行数')
    expect(p.paginationText({ from: 1, to: 50, totalRecords: 50000 })).toBe('第 1–50 条，共 50,000 条')
    await i18n.changeLanguage('en')
  })
})
