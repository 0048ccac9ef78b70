/**
 * Cases (issue #16): what the seller files in Seller Central from one or several claim findings,
 * its evidence files, its lifecycle (every change recorded) and the reimbursements that paid it.
 */
import { z } from 'zod'
import { Money } from '../money'
import { StoreId } from '../ids'
import { ClaimFinding } from './claims'
import type { ContractSlice } from './types'

export const CASE_STATES = ['draft', 'filed', 'waiting', 'paid', 'partlyPaid', 'denied', 'reopened'] as const
export const CaseState = z.enum(CASE_STATES)
export type CaseState = z.infer<typeof CaseState>

/** What a person may move a case to from each state (the matcher also pays, part-pays and reopens). */
export const CASE_TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  draft: ['filed'],
  filed: ['waiting', 'paid', 'partlyPaid', 'denied'],
  waiting: ['paid', 'partlyPaid', 'denied'],
  partlyPaid: ['waiting', 'paid', 'denied', 'reopened'],
  paid: ['reopened'],
  denied: ['reopened'],
  reopened: ['filed', 'waiting', 'paid', 'partlyPaid', 'denied']
}

export const CASE_ACTORS = ['user', 'autoMatch', 'cli', 'demo'] as const
export const CaseActor = z.enum(CASE_ACTORS)

export const CaseEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  fromState: CaseState.nullable(),
  toState: CaseState,
  actor: CaseActor,
  reimbursementId: z.string().nullable(),
  note: z.string().nullable()
})
export type CaseEvent = z.infer<typeof CaseEvent>

export const CasePayment = z.object({
  reimbursementId: z.string(),
  /** caseId: the line names the case's Amazon Case ID; item: same FNSKU/order after filing; reversal: takes money back. */
  matchedBy: z.enum(['caseId', 'item', 'reversal']),
  reimbursedAt: z.string(),
  amount: Money,
  quantity: z.number().int()
})

export const CaseEvidenceFile = z.object({
  id: z.number().int(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  addedAt: z.string()
})

export const CaseSummary = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  state: CaseState,
  amazonCaseId: z.string().nullable(),
  findingIds: z.array(z.string()),
  /** The claim types of its findings. */
  types: z.array(z.string()),
  quantity: z.number().int(),
  value: Money.nullable(),
  paid: Money.nullable(),
  paidQuantity: z.number().int(),
  /** The findings' earliest window deadline (at creation). */
  closesAt: z.string().nullable(),
  createdAt: z.string(),
  filedAt: z.string().nullable(),
  updatedAt: z.string(),
  evidenceCount: z.number().int()
})
export type CaseSummary = z.infer<typeof CaseSummary>

export const CaseDetail = CaseSummary.extend({
  /** The findings as they were when the case was created. */
  findings: z.array(ClaimFinding),
  /** The text to paste into Seller Central, in English (Amazon's case language). */
  text: z.string(),
  events: z.array(CaseEvent),
  payments: z.array(CasePayment),
  evidence: z.array(CaseEvidenceFile),
  /**
   * A denied case's reopening window: Amazon publishes none in the sources of the rule pack
   * (claim-rules.md), so null — the screen says so rather than inventing one.
   */
  reopenUntil: z.string().nullable()
})
export type CaseDetail = z.infer<typeof CaseDetail>

export const CaseId = z.number().int().positive()

export const CreateCaseInput = z
  .object({
    storeId: StoreId,
    findingIds: z.array(z.string().min(1).max(200)).min(1).max(50)
  })
  .strict()

export const CaseListInput = z
  .object({ storeId: StoreId.optional(), states: z.array(CaseState).max(CASE_STATES.length).optional() })
  .strict()

export const SetCaseStateInput = z
  .object({
    id: CaseId,
    state: CaseState,
    /** Amazon's Case ID: required to file. */
    amazonCaseId: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{4,40}$/, 'an Amazon Case ID is letters and digits, e.g. 17123456789')
      .optional(),
    note: z.string().max(2000).optional()
  })
  .strict()

export const AddEvidenceInput = z.object({ id: CaseId, fileId: z.string().min(1).max(200) }).strict()

/** One evidence file of a case: the case and the evidence entry's id (never a path or a hash). */
export const EvidenceRef = z.object({ id: CaseId, evidenceId: z.number().int().positive() }).strict()
export type EvidenceRef = z.infer<typeof EvidenceRef>

/** One line of an order's timeline: RMA, return, refund, reimbursement or case event, in time order. */
export const OrderTimelineItem = z.object({
  at: z.string(),
  kind: z.enum(['rma', 'return', 'refund', 'reimbursement', 'case']),
  /** The line's own id: RMA id, refund entry, reimbursement id, case number. */
  reference: z.string(),
  /** A status or state code (labelled by the screen), e.g. 'paid', 'submitted'. */
  status: z.string().nullable(),
  sku: z.string().nullable(),
  quantity: z.number().int().nullable(),
  amount: Money.nullable(),
  /** The case this line belongs to (case events). */
  caseId: z.number().int().nullable()
})
export type OrderTimelineItem = z.infer<typeof OrderTimelineItem>

export const cases = {
  'cases.list': { input: CaseListInput, output: z.object({ cases: z.array(CaseSummary), counts: z.record(CaseState, z.number().int()) }) },
  'cases.get': { input: z.object({ id: CaseId }).strict(), output: CaseDetail },
  'cases.create': { input: CreateCaseInput, output: CaseDetail },
  'cases.setState': { input: SetCaseStateInput, output: CaseDetail },
  'cases.addEvidence': { input: AddEvidenceInput, output: CaseDetail },
  /**
   * Desktop: opens an evidence file in the system's app for its type. Browser mode downloads it
   * instead (GET /files/case-evidence/<case id>/<evidence id>, host/server.ts).
   */
  'cases.openEvidence': { input: EvidenceRef, output: z.object({ opened: z.literal(true) }) },
  /** Findings' cases, for the Claims screen: finding id → its latest case. */
  'cases.forFindings': {
    input: z.object({ findingIds: z.array(z.string().max(200)).max(5000) }).strict(),
    output: z.array(z.object({ findingId: z.string(), caseId: z.number().int(), state: CaseState }))
  },
  'cases.orderTimeline': {
    input: z.object({ storeId: StoreId, amazonOrderId: z.string().min(1).max(50) }).strict(),
    output: z.array(OrderTimelineItem)
  }
} as const satisfies ContractSlice
