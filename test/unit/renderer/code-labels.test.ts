/**
 * Plain words (issue 18): every code the app can receive and show has a label in en and zh-CN.
 * The code lists come from the parsers' and contract's enums where they exist (feed types, the
 * reimbursement reasons, RMA statuses, error codes…) and from `shared/codes.ts` for Amazon's
 * report values that have no published enumeration.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CODE_KINDS } from '../../../src/shared/codes'
import { ErrorCode } from '../../../src/shared/errors'
import { FEED_TYPES } from '../../../src/main/amazon/feeds/xml'
import { ADJUSTMENTS_FILE_TYPE } from '../../../src/main/queue/adjustments-file'
import { KNOWN_REASONS } from '../../../src/main/amazon/reports/reimbursement-reasons'
import { RMA_REPORT_TYPE } from '../../../src/main/rmas/download.job'
import { UNSHIPPED_ORDERS_REPORT_TYPE } from '../../../src/main/amazon/reports/orders'
import { REASON_CATEGORIES } from '../../../src/shared/contract/reimbursements'
import { ItemCondition, RmaDisplayStatus, RmaListStatus, SkipCode } from '../../../src/shared/contract/rmas'
import { AdjustmentReason, CancelReason } from '../../../src/shared/contract/orders'
import { humanizeCode, rmaHistoryText } from '../../../src/renderer/src/labels'
import { i18n } from '../../../src/renderer/src/i18n'

const LANGS = ['en', 'zh-CN'] as const
const load = (lng: string, ns: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../src/renderer/src/i18n/locales/${lng}/${ns}.json`), 'utf8')) as Record<
    string,
    unknown
  >
const at = (o: Record<string, unknown>, path: string[]): unknown =>
  path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o)

/** The codes of `codes` that have no non-empty label at `ns:prefix.<code>` in each language. */
function unlabelled(ns: string, prefix: string[], codes: readonly string[]): string[] {
  const missing: string[] = []
  for (const lng of LANGS) {
    const file = load(lng, ns)
    for (const c of codes) {
      const v = at(file, [...prefix, c])
      if (typeof v !== 'string' || v.trim() === '') missing.push(`${lng} ${ns}:${[...prefix, c].join('.')}`)
    }
  }
  return missing
}

describe('code labels', () => {
  it('every kind of Amazon code in shared/codes.ts has an en and a zh-CN label', () => {
    for (const [kind, codes] of Object.entries(CODE_KINDS)) expect(unlabelled('words', [kind], codes)).toEqual([])
  })

  it('the zh-CN labels are Chinese, not the code or the English label', () => {
    const en = load('en', 'words')
    const zh = load('zh-CN', 'words')
    for (const [kind, codes] of Object.entries(CODE_KINDS))
      for (const c of codes) {
        const z = at(zh, [kind, c]) as string
        expect(z, `${kind}.${c}`).not.toBe(c)
        expect(/[\u4e00-\u9fff]/.test(z), `${kind}.${c}: ${z}`).toBe(true)
        expect(z).not.toBe(at(en, [kind, c]))
      }
  })

  it('the feed types the queue writes and the report types it downloads are listed', () => {
    expect(CODE_KINDS.feedType).toEqual(expect.arrayContaining([...Object.values(FEED_TYPES), ADJUSTMENTS_FILE_TYPE]))
    expect(CODE_KINDS.reportType).toEqual(expect.arrayContaining([RMA_REPORT_TYPE, UNSHIPPED_ORDERS_REPORT_TYPE]))
  })

  it('contract enums shown on screens have labels in both languages', () => {
    expect(unlabelled('reimbursements', ['reason'], [...new Set([...Object.values(KNOWN_REASONS), ...REASON_CATEGORIES])])).toEqual([])
    expect(unlabelled('rmas', ['status'], [...RmaDisplayStatus.options, ...RmaListStatus.options])).toEqual([])
    expect(unlabelled('rmas', ['condition'], ItemCondition.options)).toEqual([])
    expect(unlabelled('rmas', ['import', 'skip'], SkipCode.options)).toEqual([])
    expect(unlabelled('orders', ['adjustmentReason'], AdjustmentReason.options)).toEqual([])
    expect(unlabelled('orders', ['cancelReason'], CancelReason.options)).toEqual([])
  })

  it('every error code has a title and a sentence in both languages', () => {
    expect(unlabelled('words', ['errors', 'title'], ErrorCode.options)).toEqual([])
    expect(unlabelled('words', ['errors', 'code'], ErrorCode.options)).toEqual([])
  })

  it('a code no map knows yet is still shown in words', () => {
    expect(humanizeCode('CR-ITEM_NOT_RECEIVED')).toBe('Item not received')
    expect(humanizeCode('AMZ-PG-TOO-SHINY')).toBe('Too shiny')
    expect(humanizeCode('AmazonPartialLabel')).toBe('Amazon partial label')
    expect(humanizeCode('GET_SOME_NEW_REPORT')).toBe('Some new report')
  })
})

describe('RMA history in words', () => {
  const ctx = {
    currency: 'USD',
    date: (iso: string) => `[${iso}]`,
    money: (m: { amountMinor: number; currency: string }) => `${(m.amountMinor / 100).toFixed(2)} ${m.currency}`
  }
  it('shows minor units as money, codes as labels and field names translated', () => {
    const en = i18n.getFixedT('en')
    expect(rmaHistoryText(en, 'refunded amount: — → 987; Amazon status: Approved → Closed', ctx)).toBe(
      'Refunded amount: — → 9.87 USD; Amazon status: Approved → Closed'
    )
    expect(rmaHistoryText(en, 'label type: AmazonUnPaidLabel → AmazonPrePaidLabel', ctx)).toBe(
      'Label: Buyer pays the label → Amazon prepaid label'
    )
    const zh = i18n.getFixedT('zh-CN')
    expect(rmaHistoryText(zh, 'refunded amount: — → 987; Amazon status: Approved → Closed', ctx)).toBe(
      '已退款金额：— → 9.87 USD; 亚马逊状态：已批准 → 已关闭'
    )
  })
  it('leaves a detail it does not know as written', () => {
    expect(rmaHistoryText(i18n.getFixedT('en'), 'received 1 × MUG (sellable)', ctx)).toBe('received 1 × MUG (sellable)')
  })
})

describe('RMA history sentences in words', () => {
  const ctx = { currency: 'USD', date: (iso: string) => iso, money: (m: { amountMinor: number }) => `$${(m.amountMinor / 100).toFixed(2)}` }
  it('names a downloaded report in words, and the condition of a receipt', () => {
    const zh = i18n.getFixedT('zh-CN')
    expect(rmaHistoryText(zh, 'from GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE 9864008, line 13', ctx)).toBe(
      '由 亚马逊退货报告 #9864008 第 13 行创建'
    )
    expect(rmaHistoryText(zh, 'refunded amount: — → 987 (from GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE 77)', ctx)).toBe(
      '已退款金额：— → $9.87 （来自 亚马逊退货报告 #77）'
    )
    const en = i18n.getFixedT('en')
    expect(rmaHistoryText(en, 'MUG-11OZ × 1 (open_box), TEA × 2 (sellable) — scanned 1Z999', ctx)).toBe(
      'MUG-11OZ × 1 (Open box), TEA × 2 (Sellable) — scanned 1Z999'
    )
  })
})

describe('job names on the status line', () => {
  it('every job the main process runs or records has a label in en and zh-CN', () => {
    // The names, as written in main's sources: `jobs.run('name', …)` (the name may be on the next
    // line) and the scheduler's job definitions.
    const main = resolve(__dirname, '../../../src/main')
    const sources = (readdirSync(main, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(main, f), 'utf8'))
      .join('\n')
    const pattern = /jobs\.run\(\s*'([a-zA-Z]+\.[a-zA-Z]+)'|_JOB = '([a-zA-Z]+\.[a-zA-Z]+)'|name: '([a-z]+\.[a-zA-Z]+)',/g
    const names = new Set([...sources.matchAll(pattern)].map((m) => (m[1] ?? m[2] ?? m[3])!))
    expect(names.has('claims.importReport')).toBe(true)
    expect(names.size).toBeGreaterThan(10)
    for (const lng of LANGS) {
      const labels = at(load(lng, 'common'), ['jobNames']) as Record<string, string>
      const missing = [...names].filter((n) => !labels[n.replace(/\./g, '_')])
      expect(missing, lng).toEqual([])
    }
  })
})
