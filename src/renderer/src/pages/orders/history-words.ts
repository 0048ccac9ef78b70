/**
 * An order's history entry in the user's words. Entries carry a code and parameters
 * (shared/order-history.ts, issue 7): `historyEntryText` words them through i18n
 * (`orderHistory:code.*`), with money through formatMoney, instants through formatDateTime and
 * codes (reasons, statuses, sources, claim states) by their labels. Free text a person or Amazon
 * wrote (notes, rejection reasons, Amazon's result messages) stays as written.
 *
 * Rows written before the codes existed have only their English sentence: `orderHistoryText`
 * (issue 18) reads each known sentence back into its parts and words them, and shows a sentence it
 * does not know as written. It is kept here, not replaced by a migration that parses the sentences
 * into codes: SQLite has no regular expressions and the migrations are plain SQL, the team
 * server's PostgreSQL rows and any desktop's older rows need the same reading, and a sentence no
 * parser knows must still show — so the reader is needed either way, and one reader is enough.
 */
import type { TFunction } from 'i18next'
import type { HistoryBatch, HistoryCode, HistoryEntry, HistoryLine } from '../../../../shared/order-history'
import { HISTORY_CODES } from '../../../../shared/order-history'
import { formatDateTime, formatMoney } from '../../format'
import { codeText, humanizeCode } from '../../labels'

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

const status = (t: TFunction, v: string | null): string =>
  v && v !== '-' ? t(`orders:amazonStatus.${v}`, { defaultValue: humanizeCode(v) }) : '—'
const reason = (t: TFunction, v: string): string =>
  t(`orders:adjustmentReason.${v}`, { defaultValue: t(`orders:cancelReason.${v}`, { defaultValue: humanizeCode(v) }) })

/** An old row's English sentence in the user's words (rows without a code). */
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

/** An entry as the order page gets it (OrderDetail['history'][number]). */
export type HistoryRow = { event: string; detail: string | null; code?: string | null; params?: Record<string, unknown> | null }

/** The entry's title: its event in words (an event no map knows yet is still shown in words). */
export function historyEventText(t: TFunction, event: string): string {
  return t(`orderHistory:event.${event}`, { defaultValue: humanizeCode(event) })
}

const isCode = (c: string | null | undefined): c is HistoryCode => !!c && (HISTORY_CODES as readonly string[]).includes(c)

/** The entry's text in the user's words: from its code and parameters, else (older rows) from its English sentence. */
export function historyEntryText(t: TFunction, h: HistoryRow): string | null {
  if (isCode(h.code) && h.params) {
    try {
      return codeWords(t, { code: h.code, params: h.params } as HistoryEntry)
    } catch {
      // Parameters not of the shape this code has (a newer writer): the sentence below says it.
    }
  }
  return h.detail === null ? null : orderHistoryText(t, h.detail)
}

const k = (t: TFunction, key: string, o: Record<string, unknown> = {}) => t(`orderHistory:${key}`, o)
const at = (iso: string | null | undefined) => formatDateTime(iso)
const lineList = (t: TFunction, l: HistoryLine[]) =>
  l.map((x) => k(t, 'part.line', { quantity: x.quantity, sku: x.sku })).join(k(t, 'part.listSep'))
const withMessage = (t: TFunction, what: string, message: string | null | undefined) =>
  message ? k(t, 'part.withMessage', { what, message }) : what
function batchRef(t: TFunction, b: HistoryBatch): string {
  let s = k(t, 'part.batch', { batchId: b.batchId })
  if (b.feedId) s += k(t, 'part.sep') + k(t, 'part.feedId', { feed: b.feedId })
  if (b.documentId) s += k(t, 'part.sep') + k(t, 'part.documentId', { doc: b.documentId })
  return s
}
const claimKind = (t: TFunction, v: string) => t(`deadlines:claimKind.${v}`, { defaultValue: humanizeCode(v) })
const claimState = (t: TFunction, v: string) => t(`deadlines:claimState.${v}`, { defaultValue: humanizeCode(v) })

/** Interpolated values are shown as given (i18next would escape HTML; React does that already). */
const RAW = { interpolation: { escapeValue: false } }

function codeWords(t: TFunction, e: HistoryEntry): string {
  const T = (key: string, o: Record<string, unknown> = {}) => k(t, `code.${key}`, { ...o, ...RAW })
  switch (e.code) {
    case 'synced':
    case 'from-report':
    case 'minimal':
    case 'team-synced':
    case 'claim-flagged':
      return T(e.code)
    case 'details':
      return T(e.params.source === 'api' ? 'details_api' : 'details_report')
    case 'status':
      return T('status', {
        from: status(t, e.params.from),
        to: status(t, e.params.to),
        source: codeText(t, 'orderSource', e.params.source)
      })
    case 'hold-time':
      return T('hold-time', { from: at(e.params.from), to: at(e.params.to), due: at(e.params.dueAt) })
    case 'hold':
      return e.params.reason
        ? T('hold', { reason: e.params.reason, due: at(e.params.dueAt) })
        : T('hold_noReason', { due: at(e.params.dueAt) })
    case 'hold-follow-up':
      return T('hold-follow-up', { status: e.params.shippingStatus ? status(t, e.params.shippingStatus) : k(t, 'part.unknownStatus') })
    case 'hold-accepted':
      return withMessage(t, T('hold-accepted', { reason: reason(t, e.params.reason), id: e.params.entryId }), e.params.note)
    case 'hold-declined':
    case 'hold-followed-up':
      return T(e.code, { note: e.params.note })
    case 'claim-recorded':
      return T(e.code, {
        kind: claimKind(t, e.params.kind),
        state: claimState(t, e.params.state),
        source: codeText(t, 'orderSource', e.params.source)
      })
    case 'claim-changed':
      return T(e.code, {
        kind: claimKind(t, e.params.kind),
        from: claimState(t, e.params.from),
        to: claimState(t, e.params.to),
        source: codeText(t, 'orderSource', e.params.source)
      })
    case 'refund-requested':
      return T(e.code, {
        id: e.params.entryId,
        amount: formatMoney({ amountMinor: e.params.amountMinor, currency: e.params.currency }),
        reason: reason(t, e.params.reason)
      })
    case 'cancel-requested': {
      const parts = [T(e.code, { id: e.params.entryId, lines: lineList(t, e.params.lines), reason: reason(t, e.params.reason) })]
      if (e.params.local) parts.push(k(t, 'part.notSent'))
      if (e.params.inventoryZeroed) parts.push(k(t, 'part.inventoryZeroed'))
      if (e.params.left > 0) parts.push(k(t, e.params.local ? 'part.left' : 'part.leftOnceConfirmed', { count: e.params.left }))
      return parts.join(k(t, 'part.sep'))
    }
    case 'split':
      return T(e.code, { seq: e.params.seq, lines: lineList(t, e.params.lines) })
    case 'batch-result':
      return withMessage(t, batchRef(t, e.params), e.params.lines?.length ? lineList(t, e.params.lines) : e.params.message)
    case 'file-result':
      return withMessage(
        t,
        e.params.fileName !== null
          ? T('file-result_report', { batchId: e.params.batchId, file: e.params.fileName })
          : T('file-result_hand', { batchId: e.params.batchId }),
        e.params.note ?? e.params.message
      )
    case 'not-cancelled':
      return T(e.code, { batch: batchRef(t, e.params), message: e.params.message ?? '' })
    case 'request-rejected':
      return T(`request-rejected_${e.params.kind}${e.params.by ? '_by' : ''}`, {
        id: e.params.entryId,
        reason: e.params.reason,
        by: e.params.by
      })
    case 'cancel-retried':
      return T(e.code, { id: e.params.entryId })
    case 'refund-duplicate':
      return T(e.params.transactionId ? 'refund-duplicate_tx' : 'refund-duplicate', {
        id: e.params.entryId,
        posted: e.params.postedAt ? at(e.params.postedAt) : k(t, 'part.unknownTime'),
        tx: e.params.transactionId
      })
    case 'refund-file-written':
      return T(e.code, { id: e.params.entryId, batchId: e.params.batchId })
    case 'resolved':
      return T(`resolved_${e.params.kind}_${e.params.applied ? 'applied' : 'notApplied'}`, { id: e.params.entryId, note: e.params.note })
  }
  throw new Error('no words for this history code')
}
