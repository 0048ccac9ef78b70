import { describe, expect, it } from 'vitest'
import { i18n } from '../../../src/renderer/src/i18n'
import { orderHistoryText } from '../../../src/renderer/src/pages/orders/history-words'

describe('order history in the user language (issue 18)', () => {
  it('words the sentences the back end stored, in zh-CN', async () => {
    await i18n.changeLanguage('zh-CN')
    const t = i18n.getFixedT('zh-CN')
    expect(orderHistoryText(t, 'batch #2, Batch ID 50123, Document Number amzn1.tortuga.3.x')).toBe(
      '批次 #2，批次编号 50123，文件编号 amzn1.tortuga.3.x'
    )
    expect(orderHistoryText(t, 'synced')).toBe('已从亚马逊同步')
    expect(orderHistoryText(t, 'Unshipped -> Shipped (api)')).not.toMatch(/Unshipped|->/)
    expect(orderHistoryText(t, 'refund request #7 written to the Adjustments file of batch #3')).toBe(
      '退款请求 #7 已写入批次 #3 的调整文件'
    )
    // Amazon's own message stays as Amazon wrote it; an unknown sentence is shown as written.
    expect(orderHistoryText(t, 'batch #2: Order not found')).toBe('批次 #2：Order not found')
    expect(orderHistoryText(t, 'something new')).toBe('something new')
    await i18n.changeLanguage('en')
  })
})
