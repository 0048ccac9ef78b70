/**
 * Queue entries -> feed documents (pure). One Message per entry, MessageID = position in the
 * batch (1..n), so the processing report maps back per entry. Entries are split across
 * documents only where Amazon's 10 MiB limit forces it.
 */
import {
  buildOrderAcknowledgementFeed,
  buildPaymentAdjustmentFeed,
  type AcknowledgementMessage,
  type AdjustmentComponentType,
  type AdjustmentReason,
  type CancelReason,
  type RefundMessage
} from '../amazon/feeds/xml'
import type { CancelLine, RefundLine } from '../db/schema/queue'
import { AppError } from '../errors'

/** Amazon: "Keep file size less than 10 MiB (10,485,760 bytes)". */
export const FEED_MAX_BYTES = 10 * 1024 * 1024

export type FeedEntry = {
  id: number
  kind: 'refund' | 'cancel'
  amazonOrderId: string
  reason: string
  currency: string | null
  lines: RefundLine[] | CancelLine[]
}

export type BuiltDocument = { content: string; bytes: number; entries: { entryId: number; messageId: number }[] }

function message(e: FeedEntry, messageId: number): { refund?: RefundMessage; ack?: AcknowledgementMessage } {
  if (e.kind === 'refund') {
    if (!e.currency) throw new AppError('VALIDATION', `refund entry ${e.id} has no currency`)
    return {
      refund: {
        messageId,
        amazonOrderId: e.amazonOrderId,
        items: (e.lines as RefundLine[]).map((l, i) => ({
          amazonOrderItemCode: l.orderItemId,
          // Our stable id for this line (Amazon ignores it; it ties a result back to the entry).
          merchantAdjustmentItemId: `SBO-${e.id}-${i + 1}`,
          reason: e.reason as AdjustmentReason,
          currency: e.currency!,
          components: l.components
            .filter((c) => c.amountMinor !== 0)
            .map((c) => ({ type: c.type as AdjustmentComponentType, amountMinor: c.amountMinor })),
          quantity: l.quantity
        }))
      }
    }
  }
  return {
    ack: {
      messageId,
      amazonOrderId: e.amazonOrderId,
      statusCode: 'Failure',
      items: (e.lines as CancelLine[]).map((l) => ({ amazonOrderItemCode: l.orderItemId, cancelReason: e.reason as CancelReason }))
    }
  }
}

function build(kind: 'refund' | 'cancel', merchantIdentifier: string, entries: FeedEntry[]): string {
  const msgs = entries.map((e, i) => message(e, i + 1))
  return kind === 'refund'
    ? buildPaymentAdjustmentFeed({ merchantIdentifier, messages: msgs.map((m) => m.refund!) })
    : buildOrderAcknowledgementFeed({ merchantIdentifier, messages: msgs.map((m) => m.ack!) })
}

/**
 * Builds as few documents as the size limit allows. Sizes are measured on the real XML: a
 * document over the limit is halved until each part fits (a single entry never reaches 10 MiB).
 */
export function buildFeedDocuments(
  kind: 'refund' | 'cancel',
  merchantIdentifier: string,
  entries: FeedEntry[],
  maxBytes = FEED_MAX_BYTES
): BuiltDocument[] {
  if (entries.length === 0) return []
  for (const e of entries) if (e.kind !== kind) throw new AppError('VALIDATION', `entry ${e.id} is a ${e.kind}, not a ${kind}`)
  const content = build(kind, merchantIdentifier, entries)
  const bytes = Buffer.byteLength(content, 'utf8')
  if (bytes <= maxBytes) return [{ content, bytes, entries: entries.map((e, i) => ({ entryId: e.id, messageId: i + 1 })) }]
  if (entries.length === 1) throw new AppError('VALIDATION', `entry ${entries[0]!.id} alone is larger than the ${maxBytes}-byte feed limit`)
  const mid = Math.ceil(entries.length / 2)
  return [
    ...buildFeedDocuments(kind, merchantIdentifier, entries.slice(0, mid), maxBytes),
    ...buildFeedDocuments(kind, merchantIdentifier, entries.slice(mid), maxBytes)
  ]
}
