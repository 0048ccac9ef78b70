/**
 * Order history entries as data (issue 7): every history code is worded from its parameters in
 * en and zh-CN (no English sentence, no raw code, no ISO instant in Chinese), every event has a
 * title in both, money goes through the money helpers, and rows without a code still read from
 * their English sentence.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { i18n } from '../../../src/renderer/src/i18n'
import { historyEntryText, historyEventText } from '../../../src/renderer/src/pages/orders/history-words'
import { HISTORY_CODES, HISTORY_EVENTS, historyEnglish, type HistoryParams } from '../../../src/shared/order-history'

const batch = { batchId: 12, feedId: '50123', documentId: '7788' }
/** One entry per code. Free text (notes, reasons people typed, Amazon's messages) is in Chinese so only our own words are checked. */
const SAMPLES: { [C in keyof HistoryParams]: HistoryParams[C] } = {
  synced: {},
  'from-report': {},
  minimal: {},
  'team-synced': {},
  details: { source: 'api' },
  status: { from: 'Unshipped', to: 'Shipped', source: 'api' },
  'hold-time': { from: '2026-11-02T10:00:00.000Z', to: '2026-11-02T08:00:00.000Z', dueAt: '2026-11-03T08:00:00.000Z' },
  hold: { reason: '买错了', dueAt: '2026-11-03T08:00:00.000Z' },
  'hold-follow-up': { shippingStatus: 'Shipped' },
  'hold-accepted': { entryId: 41, reason: 'BuyerCanceled', note: '已和买家确认' },
  'hold-declined': { note: '已发货' },
  'hold-followed-up': { note: '已退款' },
  'claim-recorded': { kind: 'atoz', state: 'open', source: 'manual' },
  'claim-changed': { kind: 'safet', from: 'open', to: 'granted', source: 'csv' },
  'claim-flagged': { kind: 'atoz' },
  'refund-requested': { entryId: 7, amountMinor: 1234, currency: 'USD', reason: 'CustomerReturn' },
  'cancel-requested': {
    entryId: 8,
    lines: [{ sku: 'X-1', quantity: 2 }],
    reason: 'NoInventory',
    local: true,
    inventoryZeroed: true,
    left: 3
  },
  split: { seq: 2, lines: [{ sku: 'X-1', quantity: 1 }] },
  'batch-result': { ...batch, message: '订单未找到' },
  'file-result': { batchId: 12, fileName: '报告-1', note: null, message: '已处理' },
  'not-cancelled': { ...batch, message: '订单已发货' },
  'request-rejected': { kind: 'refund', entryId: 9, reason: '金额不对', by: '小王' },
  'cancel-retried': { entryId: 10 },
  'refund-duplicate': { entryId: 11, postedAt: '2026-11-01T12:00:00.000Z', transactionId: '998877' },
  'refund-file-written': { entryId: 11, batchId: 13 },
  resolved: { kind: 'cancel', entryId: 14, applied: false, note: '卖家平台未显示' }
}

const row = <C extends keyof HistoryParams>(code: C) => {
  const entry = { code, params: SAMPLES[code] } as Parameters<typeof historyEnglish>[0]
  return { event: 'x', code, params: SAMPLES[code] as Record<string, unknown>, detail: historyEnglish(entry) }
}

afterAll(async () => {
  await i18n.changeLanguage('en')
})

describe('order history entries worded from code + params', () => {
  it('has a sample for every code', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...HISTORY_CODES].sort())
  })

  for (const lng of ['en', 'zh-CN'] as const) {
    it(`words every code in ${lng}`, async () => {
      await i18n.changeLanguage(lng)
      const t = i18n.getFixedT(lng)
      for (const code of HISTORY_CODES) {
        const text = historyEntryText(t, row(code))!
        expect(text, code).toBeTruthy()
        // Not the key, not an interpolation left open, not the English sentence stored next to it.
        expect(text, code).not.toMatch(/orderHistory:|code\.|part\.|\{\{/)
        expect(text, code).not.toMatch(/\d{4}-\d\d-\d\dT/)
        if (lng === 'zh-CN') {
          expect(text, code).not.toBe(row(code).detail)
          // No English word of ours (lowercase words of 3+ letters), no raw reason/status code.
          expect(text, code).not.toMatch(/\b[a-z]{3,}\b/)
          expect(text, code).not.toMatch(/BuyerCanceled|NoInventory|CustomerReturn|Unshipped|\bShipped\b|\bopen\b|granted/)
        }
      }
    })

    it(`titles every event in ${lng}`, async () => {
      await i18n.changeLanguage(lng)
      const t = i18n.getFixedT(lng)
      for (const event of HISTORY_EVENTS) {
        const has = i18n.exists(`orderHistory:event.${event}`, { lng })
        expect(has, `${lng} orderHistory:event.${event}`).toBe(true)
        expect(historyEventText(t, event)).not.toBe(event)
      }
    })
  }

  it('formats money through the money helpers and labels codes', async () => {
    await i18n.changeLanguage('en')
    const en = i18n.getFixedT('en')
    expect(historyEntryText(en, row('refund-requested'))).toBe('Refund request #7: $12.34 (Customer return)')
    expect(historyEntryText(en, row('cancel-requested'))).toBe(
      'Cancellation request #8: 2 × X-1 (No stock), not sent to Amazon, inventory zeroed, 3 units left to ship'
    )
    await i18n.changeLanguage('zh-CN')
    const zh = i18n.getFixedT('zh-CN')
    expect(historyEntryText(zh, row('refund-requested'))).toBe('退款请求 #7：US$12.34（客户退货）')
    expect(historyEntryText(zh, row('status'))).toBe('未发货 → 已发货（亚马逊（订单同步））')
    expect(historyEntryText(zh, row('batch-result'))).toBe('批次 #12，批次编号 50123，文件编号 7788：订单未找到')
  })

  it('reads rows without a code from their English sentence, and params of another shape too', async () => {
    await i18n.changeLanguage('zh-CN')
    const zh = i18n.getFixedT('zh-CN')
    expect(historyEntryText(zh, { event: 'created', detail: 'synced', code: null, params: null })).toBe('已从亚马逊同步')
    expect(historyEntryText(zh, { event: 'created', detail: 'synced' })).toBe('已从亚马逊同步')
    // A code this renderer does not know: the English sentence, read as an old row.
    expect(
      historyEntryText(zh, {
        event: 'x',
        detail: 'refund request #7 written to the Adjustments file of batch #3',
        code: 'new-code',
        params: {}
      })
    ).toBe('退款请求 #7 已写入批次 #3 的调整文件')
    // A known code whose params lack what it needs: the sentence, not a crash.
    expect(historyEntryText(zh, { event: 'x', detail: 'something new', code: 'split', params: {} })).toBe('something new')
  })
})
