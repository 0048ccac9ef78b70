import { z } from 'zod'
import { StoreId } from '../ids'
import { EntryProgress } from './orders'
import type { ContractSlice } from './types'

export const HoldStatus = z.enum(['open', 'follow-up', 'accepted', 'declined'])
export type HoldStatus = z.infer<typeof HoldStatus>

export const HoldRow = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  orderId: z.string(),
  amazonOrderId: z.string(),
  items: z.array(z.object({ orderItemId: z.string(), sku: z.string(), title: z.string().nullable(), quantity: z.number().int() })),
  reason: z.string().nullable(),
  requestedAt: z.string(),
  /** requestedAt + 2 days (UTC ISO); the screen counts down to it. */
  dueAt: z.string(),
  status: HoldStatus,
  source: z.string(),
  orderStatus: z.string().nullable(),
  shippingStatus: z.string().nullable(),
  localStatus: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  queueEntryId: z.number().int().nullable(),
  queueEntryStatus: z.string().nullable(),
  /**
   * The cancellation an Accept sent through the queue, as far as Amazon is concerned: queued,
   * sending, sent (Amazon processing), done (cancelled at Amazon), failed (Amazon refused it: the
   * hold is open again, `message` says why). Null before any Accept.
   */
  cancellation: z
    .object({
      progress: EntryProgress,
      batchId: z.number().int().nullable(),
      feedId: z.string().nullable(),
      message: z.string().nullable()
    })
    .nullable()
})
export type HoldRow = z.infer<typeof HoldRow>

export const holds = {
  /** Open requests sorted by what is due first; `decided` = accepted + declined. */
  'holds.list': {
    input: z.object({ storeId: StoreId.optional(), view: z.enum(['open', 'follow-up', 'decided', 'all']).default('open') }).strict(),
    output: z.object({
      rows: z.array(HoldRow),
      counts: z.object({ open: z.number().int(), followUp: z.number().int(), decided: z.number().int() })
    })
  },
  /** Cancel the order with reason BuyerCanceled through the queue's cancel path. */
  'holds.accept': { input: z.object({ id: z.number().int(), note: z.string().trim().max(2000).optional() }).strict(), output: HoldRow },
  /** Release the hold with a note; the order can ship. */
  'holds.decline': { input: z.object({ id: z.number().int(), note: z.string().trim().min(1).max(2000) }).strict(), output: HoldRow },
  /** A shipped order's request was followed up (note says how). */
  'holds.resolveFollowUp': { input: z.object({ id: z.number().int(), note: z.string().trim().min(1).max(2000) }).strict(), output: HoldRow }
} as const satisfies ContractSlice
