import { z } from 'zod'
import { IsoDateTime, StoreId } from '../ids'
import { FileImportInput } from './imports'
import type { ContractSlice } from './types'

/** How close a deadline is: from the rule's warn / urgent thresholds (rule pack), or past it. */
export const DeadlineStage = z.enum(['ok', 'warn', 'urgent', 'overdue'])
export type DeadlineStage = z.infer<typeof DeadlineStage>

/** What answers a deadline: the screen links to it (claim: an A-to-z / SAFE-T claim on an order; finding: a claims-finder finding). */
export const DeadlineSubject = z.enum(['order', 'rma', 'hold', 'claim', 'finding'])

export const DeadlineItem = z.object({
  /** Unique and stable: "<rule id>:<row id>" (the notification ledger keys on it). */
  key: z.string(),
  /** The rule pack id ("order.shipConfirm", "return.refund", …, or a claims domain's "claim.fcLost"). */
  ruleId: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  subject: DeadlineSubject,
  /** The subject's id in its domain (order id, RMA id, hold id, claim id, finding id). */
  subjectId: z.string(),
  orderId: z.string().nullable(),
  amazonOrderId: z.string().nullable(),
  /** What the screen shows next to the kind ("RMA D3vBnM8zRRMA", a SKU, a claim type). */
  label: z.string().nullable(),
  /** The event the clock started from and when. */
  anchorAt: z.string(),
  dueAt: z.string(),
  warnFrom: z.string().nullable(),
  urgentFrom: z.string().nullable(),
  stage: DeadlineStage,
  /** In-app route that answers it ("#/orders/<store>/<order>", "#/rmas/<id>", "#/holds"). */
  route: z.string()
})
export type DeadlineItem = z.infer<typeof DeadlineItem>

export const ClaimKind = z.enum(['atoz', 'safet'])
export const ClaimState = z.enum(['open', 'info-requested', 'granted', 'denied', 'withdrawn', 'appealed', 'filed'])
export type ClaimState = z.infer<typeof ClaimState>

export const ClaimInput = z
  .object({
    storeId: StoreId,
    amazonOrderId: z.string().regex(/^\w{3}-\w{7}-\w{7}$/, 'an Amazon order id like 112-1234567-1234567'),
    kind: ClaimKind,
    claimType: z.string().trim().max(200).optional(),
    filedAt: IsoDateTime.optional(),
    /** Amount in minor units with its currency. */
    amountMinor: z.number().int().optional(),
    currency: z.string().length(3).optional(),
    state: ClaimState,
    infoRequestedAt: IsoDateTime.optional(),
    grantedAt: IsoDateTime.optional(),
    amazonRefundAt: IsoDateTime.optional(),
    note: z.string().trim().max(2000).optional()
  })
  .strict()

export const ClaimRow = z.object({
  id: z.number().int(),
  storeId: z.string(),
  orderId: z.string(),
  amazonOrderId: z.string(),
  kind: ClaimKind,
  claimType: z.string().nullable(),
  filedAt: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  state: ClaimState,
  infoRequestedAt: z.string().nullable(),
  grantedAt: z.string().nullable(),
  amazonRefundAt: z.string().nullable(),
  source: z.string(),
  note: z.string().nullable(),
  updatedAt: z.string()
})
export type ClaimRow = z.infer<typeof ClaimRow>

/** A claims CSV import (or its preview): bad rows with line, column and what was expected. */
export const ClaimsImportSummary = z.object({
  file: z.string(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  /** Rows equal to the claim already recorded (a re-import). */
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() })),
  committed: z.boolean()
})
export type ClaimsImportSummary = z.infer<typeof ClaimsImportSummary>

export const deadlines = {
  /** Everything due, soonest first (overdue on top); `within` keeps those due in that many ms from now. */
  'deadlines.list': {
    input: z
      .object({
        storeId: StoreId.optional(),
        ruleIds: z.array(z.string()).max(50).optional(),
        orderId: z.string().max(64).optional(),
        withinMs: z.number().int().positive().optional()
      })
      .strict(),
    output: z.object({ now: z.string(), items: z.array(DeadlineItem), ruleIds: z.array(z.string()) })
  },
  /** Counts for the navigation and the app badge: overdue, and due before `until` (the end of the user's day). */
  'deadlines.counts': {
    input: z.object({ storeId: StoreId.optional(), until: IsoDateTime.optional() }).strict(),
    output: z.object({ overdue: z.number().int(), dueToday: z.number().int() })
  },
  /** Record (or update) an A-to-z or SAFE-T claim on an order by hand. */
  'deadlines.recordClaim': { input: ClaimInput, output: ClaimRow },
  /** Import A-to-z / SAFE-T claims from a staged CSV (columns: README, Deadlines); the preview writes nothing. */
  'deadlines.importClaims': { input: FileImportInput, output: ClaimsImportSummary },
  'deadlines.previewClaimsImport': { input: FileImportInput, output: ClaimsImportSummary },
  'deadlines.claims': {
    input: z.object({ storeId: StoreId.optional(), orderId: z.string().max(64).optional() }).strict(),
    output: z.array(ClaimRow)
  }
} as const satisfies ContractSlice
