/**
 * An order's history detail in the user's words (issue 18). The back end stores these details as
 * English sentences (orders/upsert.ts, orders/actions.ts, queue/submission.ts, queue/service.ts);
 * here each known sentence is read back into its parts (batch, Batch ID, Document Number, request,
 * amount, reason, statuses) and worded from them, so old rows read in zh-CN too. Amazon's own
 * result messages stay as Amazon wrote them; a sentence not known here is shown as written.
 */
import type { TFunction } from 'i18next'
import { codeText } from '../../labels'

const BATCH = /^batch #(\d+)(?:, Batch ID (\S+?))?(?:, Document Number (\S+?))?(?:: ([\s\S]*))?$/

function batchText(t: TFunction, detail: string): string | null {
  const m = BATCH.exec(detail)
  if (!m) return null
  const [, id, feed, doc, message] = m
  let s = t('words:orderHistory.batch', { id })
  if (feed) s += t('words:orderHistory.sep') + t('words:orderHistory.feedId', { feed })
  if (doc) s += t('words:orderHistory.sep') + t('words:orderHistory.documentId', { doc })
  return message ? t('words:orderHistory.withMessage', { what: s, message }) : s
}

const status = (t: TFunction, v: string): string => (v === '-' ? '—' : t(`orders:amazonStatus.${v}`, { defaultValue: v }))
const reason = (t: TFunction, v: string): string =>
  t(`orders:adjustmentReason.${v}`, { defaultValue: t(`orders:cancelReason.${v}`, { defaultValue: v }) })

export function orderHistoryText(t: TFunction, detail: string): string {
  const fixed: Record<string, string> = {
    synced: 'synced',
    'from an order report': 'fromReport',
    'minimal record (order not synced yet)': 'minimal',
    'synced by the team server': 'teamSynced',
    'order details from the Orders API': 'detailsApi',
    'order details from an order report': 'detailsReport'
  }
  if (fixed[detail]) return t(`words:orderHistory.${fixed[detail]}`)
  const batch = batchText(t, detail)
  if (batch) return batch
  let m = /^Amazon did not cancel \((.+?)\): ([\s\S]*)$/.exec(detail)
  if (m) return t('words:orderHistory.notCancelled', { batch: batchText(t, m[1]!) ?? m[1], message: m[2] })
  m = /^batch #(\d+) \(Adjustments file, (.+?)\)(?:: ([\s\S]*))?$/.exec(detail)
  if (m) {
    const s = t('words:orderHistory.adjustmentsBatch', { id: m[1], source: m[2] })
    return m[3] ? t('words:orderHistory.withMessage', { what: s, message: m[3] }) : s
  }
  m = /^(\S+) -> (\S+(?: \S+)?) \((\w+)\)$/.exec(detail)
  if (m) return t('words:orderHistory.status', { from: status(t, m[1]!), to: status(t, m[2]!), source: codeText(t, 'orderSource', m[3]!) })
  m = /^refund request #(\d+): (.+) \((\w+)\)$/.exec(detail)
  if (m) return t('words:orderHistory.refundRequested', { id: m[1], amount: m[2], reason: reason(t, m[3]!) })
  m = /^refund request #(\d+) written to the Adjustments file of batch #(\d+)$/.exec(detail)
  if (m) return t('words:orderHistory.refundFileWritten', { id: m[1], batch: m[2] })
  m = /^refund request #(\d+) rejected: ([\s\S]*)$/.exec(detail)
  if (m) return t('words:orderHistory.refundRejected', { id: m[1], message: m[2] })
  m = /^cancellation request #(\d+) sent again$/.exec(detail)
  if (m) return t('words:orderHistory.cancelRetried', { id: m[1] })
  m = /^split #(\d+): (.+)$/.exec(detail)
  if (m) return t('words:orderHistory.split', { seq: m[1], lines: m[2] })
  m =
    /^cancellation request #(\d+): (.+?) \((\w+)\)((?: — not sent to Amazon)?)((?:; inventory zeroed)?)(?:; (\d+) unit\(s\) left to ship( once Amazon confirms the cancellation)?)?$/.exec(
      detail
    )
  if (m) {
    const parts = [t('words:orderHistory.cancelRequested', { id: m[1], lines: m[2], reason: reason(t, m[3]!) })]
    if (m[4]) parts.push(t('words:orderHistory.notSent'))
    if (m[5]) parts.push(t('words:orderHistory.inventoryZeroed'))
    if (m[6]) parts.push(t(m[7] ? 'words:orderHistory.leftOnceConfirmed' : 'words:orderHistory.left', { count: Number(m[6]) }))
    return parts.join(t('words:orderHistory.sep'))
  }
  return detail
}
