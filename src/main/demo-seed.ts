/**
 * The demo store's first-start data (wiring: it drives several domains through their services).
 * Every screen of the demo has data within seconds of the first start, all through the app's
 * real paths against the built-in emulator:
 * - settings: the RMA report download and the refund/cancellation queue are switched on for the
 *   demo store (so the scheduler's first round downloads returns, next to orders,
 *   reimbursements and the claims ledger, which run for every connected store);
 * - once the first order sync has brought orders, a few refunds and cancellations are queued
 *   through the order actions (noted "Demo: …"), and some of them are processed as batches that
 *   go to the emulator's Feeds API and come back with results.
 * - A-to-z and SAFE-T claims (Amazon has no API for them) are recorded on a few shipped orders,
 *   each with its clock running (info request, appeal info request, appeal, SAFE-T filing), as a
 *   person records them with the Deadlines screen's form: with the emulator's orders placed near
 *   the other clocks (`nearDeadlines` in emulator/demo-stores.ts), the Deadlines screen shows
 *   every kind. The orders near a clock are not the ones the demo cancels.
 * Done once per database (`app_meta['demo.seeded']`); a demo store removed is left alone.
 */
import { readMeta, writeMetaOnce } from './db/app-meta'
import { DEMO_META_KEY } from './amazon/demo'
import type { Clock } from './clock'
import type { Db } from './db/client'
import type { Logger } from './log'
import type { OrderActionsService } from './orders/actions'
import type { OrderClaimsService } from './orders/claims'
import type { QueueService } from './queue/service'
import type { StoresService } from './stores/service'
import type { CasesService } from './cases/service'
import type { CaseState } from '../shared/contract/cases'
import type { ClaimFinding } from '../shared/contract/claims'
import { formatMinor } from '../shared/money'
import type { AuditsService } from './audits/service'
import type { ClaimsService } from './claims/service'
import type { AuditReimbursement, ReimbursementsService } from './reimbursements/service'

export const DEMO_SEEDED_KEY = 'demo.seeded'
export const DEMO_NOTE = 'Demo: queued by the demo store at first start'
export const DEMO_CLAIM_NOTE = 'Demo: recorded by the demo store at first start'

type Deps = {
  db: Db
  clock: Clock
  log: Logger
  stores: StoresService
  orderActions: OrderActionsService
  queue: QueueService
  orderClaims: OrderClaimsService
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Switches on what the demo needs before the scheduler's first round. */
export function demoSettings(s: Pick<Deps, 'stores'>, storeId: string): void {
  s.stores.updateSettings(storeId, { downloadRmaReport: true, queueRefundsAndCancellations: true })
}

/** The demo store's id while it exists and has not been seeded yet. */
async function pendingDemoStore(s: Deps): Promise<string | null> {
  if (readMeta(s.db, DEMO_SEEDED_KEY) !== null) return null
  const id = readMeta(s.db, DEMO_META_KEY)
  if (!id) return null
  const store = (await s.stores.list()).find((x) => x.id === id && x.isDemo)
  return store ? store.id : null
}

/**
 * Waits (polling, bounded by `signal`) for the demo's first orders, then queues and processes
 * a few refunds and cancellations. Returns what it queued; nothing when already seeded.
 */
export async function seedDemoQueue(
  s: Deps,
  o: { signal: AbortSignal; pollMs?: number; maxWaitMs?: number }
): Promise<{ refunds: number; cancels: number; batches: number; claims: number } | null> {
  const storeId = await pendingDemoStore(s)
  if (!storeId) return null
  const deadline = Date.now() + (o.maxWaitMs ?? 10 * 60_000)
  let orders = s.orderActions.list({ storeId, page: 1, pageSize: 500 }).rows
  while (orders.length === 0) {
    if (o.signal.aborted || Date.now() > deadline) return null
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500))
    if (o.signal.aborted) return null // the services stopped (the database may be closed)
    orders = s.orderActions.list({ storeId, page: 1, pageSize: 500 }).rows
  }
  if (o.signal.aborted) return null
  // Claim the seed before queuing anything: two starts never seed twice.
  if (!writeMetaOnce(s.db, DEMO_SEEDED_KEY, storeId, s.clock.now())) return null

  const refunded: number[] = []
  const cancelled: number[] = []
  for (const row of orders) {
    if (refunded.length >= 6 && cancelled.length >= 4) break
    if (row.onHold || row.isMinimal) continue
    try {
      const ref = { storeId, amazonOrderId: row.amazonOrderId }
      const detail = s.orderActions.get(ref)
      if (row.status === 'Shipped' && refunded.length < 6) {
        const item = detail.items.find((i) => i.orderItemId && (i.refundableMinor.Principal ?? 0) > 0)
        if (!item?.orderItemId) continue
        const r = s.orderActions.refund({
          ...ref,
          reason: refunded.length % 2 ? 'GeneralAdjustment' : 'CustomerReturn',
          lines: [
            {
              orderItemId: item.orderItemId,
              quantity: 1,
              components: [{ type: 'Principal', amountMinor: item.refundableMinor.Principal! }]
            }
          ],
          note: DEMO_NOTE
        })
        if (r.entry.status === 'queued') refunded.push(r.entry.id)
      } else if (
        (row.status === 'Unshipped' || row.status === 'PartiallyShipped') &&
        cancelled.length < 4 &&
        // Orders older than two days are the emulator's orders near a clock (late shipment, late
        // delivery): the demo keeps them for the Deadlines screen.
        !(row.purchaseDate && Date.parse(row.purchaseDate) < s.clock.now().getTime() - 2 * DAY)
      ) {
        const r = s.orderActions.cancel({
          ...ref,
          reason: 'NoInventory',
          zeroOutInventory: false,
          doNotSendToAmazon: false,
          note: DEMO_NOTE
        })
        if (r.entry.status === 'queued') cancelled.push(r.entry.id)
      }
    } catch (e) {
      // An order the rules refuse (already refunded, nothing left to cancel): try the next one.
      s.log.debug('demo: order skipped', { amazonOrderId: row.amazonOrderId, error: e })
    }
  }
  // Half of each goes out as a batch (results come back from the emulator); the rest stays queued.
  let batches = 0
  const half = (ids: number[]) => ids.slice(0, Math.ceil(ids.length / 2))
  if (refunded.length) batches += s.queue.process('refund', { ids: half(refunded) }).batches.length
  if (cancelled.length) batches += s.queue.process('cancel', { ids: half(cancelled) }).batches.length
  s.log.info('demo: queue seeded', { refunds: refunded.length, cancels: cancelled.length, batches })
  const claims = seedDemoClaims(
    s,
    storeId,
    orders.filter((o) => o.status === 'Shipped' && !o.isMinimal && !o.onHold)
  )
  return { refunds: refunded.length, cancels: cancelled.length, batches, claims }
}

/**
 * Claims with a running clock on the last shipped orders (the refunds above take the first ones),
 * relative to now: an A-to-z information request asked 30 h ago (18 h left of 48), one asked
 * during an appeal 20 h ago (the US's 72 h), a claim granted 26 days ago (4 days left to appeal),
 * and a SAFE-T claim whose refund Amazon made 55 days ago (5 days left of 60).
 */
function seedDemoClaims(s: Deps, storeId: string, shipped: { amazonOrderId: string; currency: string | null }[]): number {
  const now = s.clock.now().getTime()
  const at = (ms: number) => new Date(now - ms).toISOString()
  const claims = [
    { kind: 'atoz', claimType: 'Item not received', state: 'info-requested', filedAt: at(2 * DAY), infoRequestedAt: at(30 * HOUR) },
    { kind: 'atoz', claimType: 'Item not as described', state: 'appealed', filedAt: at(9 * DAY), infoRequestedAt: at(20 * HOUR) },
    { kind: 'atoz', claimType: 'Item not received', state: 'granted', filedAt: at(30 * DAY), grantedAt: at(26 * DAY) },
    { kind: 'safet', claimType: 'Item returned damaged', state: 'open', amazonRefundAt: at(55 * DAY) }
  ] as const
  let recorded = 0
  claims.forEach((c, k) => {
    const order = shipped[shipped.length - 1 - k]
    if (!order) return
    try {
      s.orderClaims.record({ storeId, amazonOrderId: order.amazonOrderId, ...c, note: DEMO_CLAIM_NOTE })
      recorded++
    } catch (e) {
      s.log.debug('demo: claim skipped', { amazonOrderId: order.amazonOrderId, error: e })
    }
  })
  return recorded
}

// ---------------------------------------------------------------------------------------------
// Cases (#16): a few demo cases in each state, from the demo store's claim findings.
// ---------------------------------------------------------------------------------------------

export const DEMO_CASES_SEEDED_KEY = 'demo.casesSeeded'

/** The steps each demo case goes through (actor 'demo'), after its creation as a draft. */
const DEMO_CASE_PATHS: CaseState[][] = [
  [],
  [],
  ['filed'],
  ['filed', 'waiting'],
  ['filed', 'waiting', 'paid'],
  ['filed', 'partlyPaid'],
  ['filed', 'waiting', 'denied'],
  ['filed', 'denied', 'reopened']
]

/**
 * Waits (polling, bounded by `signal`) for the demo store's first claim findings (the claims
 * download's first round), then makes one case per finding along DEMO_CASE_PATHS. Once per
 * database; answers how many cases it made.
 */
export async function seedDemoCases(
  s: { db: Db; clock: Clock; log: Logger; cases: CasesService; findings: (storeId: string) => ClaimFinding[] },
  o: { signal: AbortSignal; pollMs?: number; maxWaitMs?: number }
): Promise<number | null> {
  if (readMeta(s.db, DEMO_CASES_SEEDED_KEY) !== null) return null
  const storeId = readMeta(s.db, DEMO_META_KEY)
  if (!storeId) return null
  const deadline = Date.now() + (o.maxWaitMs ?? 10 * 60_000)
  // The findings settle once the first downloads are in (reimbursements net some of them out):
  // wait for the same count twice in a row. Open findings first; the demo's older (expired)
  // findings stand for cases filed back then.
  let findings: ClaimFinding[] = []
  let previous = -1
  for (;;) {
    if (o.signal.aborted) return null
    try {
      findings = s.findings(storeId)
    } catch {
      return null // the demo store was removed
    }
    if ((findings.length > 0 && findings.length === previous) || Date.now() > deadline) break
    previous = findings.length
    await new Promise((r) => setTimeout(r, o.pollMs ?? 5000))
  }
  findings = [...findings.filter((f) => f.status !== 'expired'), ...findings.filter((f) => f.status === 'expired')]
  if (o.signal.aborted || findings.length === 0) return null
  if (!writeMetaOnce(s.db, DEMO_CASES_SEEDED_KEY, storeId, s.clock.now())) return null
  let made = 0
  for (const [i, path] of DEMO_CASE_PATHS.entries()) {
    const f = findings[i % findings.length]!
    try {
      const c = s.cases.create({ storeId, findingIds: [f.id] }, 'demo')
      for (const state of path)
        s.cases.setState(
          { id: c.id, state, ...(state === 'filed' ? { amazonCaseId: `179000${String(c.id).padStart(5, '0')}` } : {}) },
          'demo'
        )
      made++
    } catch (e) {
      s.log.debug('demo: case skipped', { findingId: f.id, error: e })
    }
  }
  s.log.info('demo: cases seeded', { cases: made })
  return made
}

// ------------------------------------------------------------------ audits (issue #16)
export const DEMO_AUDIT_SEEDED_KEY = 'demo.auditSeeded'
export const DEMO_SERVICE = 'Demo Recovery Co.'

type AuditDeps = {
  db: Db
  log: Logger
  reimbursements: Pick<ReimbursementsService, 'forAudits'>
  claims: Pick<ClaimsService, 'setCost'>
  audits: Pick<AuditsService, 'statementSource'>
}

/**
 * Once the demo store's reimbursements have arrived (the sync job brings them from the emulator):
 * a few manufacturing costs above what Amazon paid for some warehouse losses (so "paid below cost"
 * lists them, and one SKU has a second, later version), and one statement of a made-up recovery
 * service with a disputed line of each kind — not found, amount differs, paid by Amazon on its own,
 * reversed later, charged twice — next to lines that check out. Once per database.
 */
export async function seedDemoAudit(
  s: AuditDeps,
  o: { signal: AbortSignal; now: () => Date; pollMs?: number; maxWaitMs?: number }
): Promise<{ costs: number; lines: number } | null> {
  if (readMeta(s.db, DEMO_AUDIT_SEEDED_KEY) !== null) return null
  const storeId = readMeta(s.db, DEMO_META_KEY)
  if (!storeId) return null
  const deadline = Date.now() + (o.maxWaitMs ?? 10 * 60_000)
  const ready = (rows: AuditReimbursement[]) => {
    const reversed = new Set(rows.filter((r) => r.originalReimbursementId).map((r) => r.originalReimbursementId))
    const originals = rows.filter((r) => !r.originalReimbursementId && r.reasonCategory !== 'ReimbursementCancellation')
    return (
      originals.filter((r) => r.caseId && !reversed.has(r.reimbursementId)).length >= 2 &&
      originals.some((r) => !r.caseId && !reversed.has(r.reimbursementId)) &&
      originals.some((r) => reversed.has(r.reimbursementId))
    )
  }
  let rows = s.reimbursements.forAudits(storeId)
  while (!ready(rows)) {
    if (o.signal.aborted || Date.now() > deadline) return null
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000))
    if (o.signal.aborted) return null
    rows = s.reimbursements.forAudits(storeId)
  }
  if (!writeMetaOnce(s.db, DEMO_AUDIT_SEEDED_KEY, storeId, o.now())) return null

  // One reimbursement id can carry several lines: the statement bills the sum.
  const reversed = new Set(rows.filter((r) => r.originalReimbursementId).map((r) => r.originalReimbursementId))
  const groups = new Map<string, AuditReimbursement[]>()
  for (const r of rows)
    if (!r.originalReimbursementId && r.reasonCategory !== 'ReimbursementCancellation')
      groups.set(r.reimbursementId, [...(groups.get(r.reimbursementId) ?? []), r])
  const paid = [...groups.values()].map((g) => ({ ...g[0]!, amountTotalMinor: g.reduce((n, r) => n + r.amountTotalMinor, 0) }))
  const withCase = paid.filter((r) => r.caseId && !reversed.has(r.reimbursementId))
  const noCase = paid.find((r) => !r.caseId && !reversed.has(r.reimbursementId))!
  const wasReversed = paid.find((r) => reversed.has(r.reimbursementId))!
  const fee = (minor: number) => Math.round((minor * 25) / 100)
  const line = (caseId: string | null, id: string, amountMinor: number, currency: string) =>
    [caseId ?? '', id, formatMinor(amountMinor, currency), formatMinor(fee(amountMinor), currency), currency].join(',')
  const [ok, differs] = withCase
  const csv = [
    'Case ID,Reimbursement ID,Amount Recovered,Commission,Currency',
    line(ok!.caseId, ok!.reimbursementId, ok!.amountTotalMinor, ok!.currency),
    line(differs!.caseId, differs!.reimbursementId, differs!.amountTotalMinor + 500, differs!.currency),
    line(null, noCase.reimbursementId, noCase.amountTotalMinor, noCase.currency),
    line(wasReversed.caseId, wasReversed.reimbursementId, wasReversed.amountTotalMinor, wasReversed.currency),
    line(ok!.caseId, ok!.reimbursementId, ok!.amountTotalMinor, ok!.currency),
    line('19999999999', '9999999999', 4250, ok!.currency),
    ...withCase.slice(2, 4).map((r) => line(r.caseId, r.reimbursementId, r.amountTotalMinor, r.currency))
  ].join('\n')
  const audit = await s.audits.statementSource({
    storeId,
    service: DEMO_SERVICE,
    source: Buffer.from(`${csv}\n`),
    fileName: 'demo-recovery-statement.csv',
    commit: true
  })

  // Costs: 20 % above what Amazon paid per unit for up to three SKUs of warehouse losses valued at
  // manufacturing cost; the first SKU also gets a later version (from 30 days on).
  const losses = rows.filter(
    (r) =>
      (r.reasonCategory === 'WarehouseLost' || r.reasonCategory === 'WarehouseDamaged') &&
      !r.originalReimbursementId &&
      r.quantityCash > 0 &&
      r.amountPerUnitMinor !== null &&
      r.approvedAt >= '2025-03-10'
  )
  const skus = [...new Map(losses.map((r) => [r.sku, r])).values()].slice(0, 3)
  let costs = 0
  for (const r of skus) {
    const costMinor = Math.round((r.amountPerUnitMinor! * 120) / 100)
    s.claims.setCost({ storeId, sku: r.sku, costMinor, currency: r.currency, fromDate: '2025-03-10' })
    costs++
  }
  const first = skus[0]
  if (first) {
    const later = new Date(o.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10)
    s.claims.setCost({
      storeId,
      sku: first.sku,
      costMinor: Math.round((first.amountPerUnitMinor! * 130) / 100),
      currency: first.currency,
      fromDate: later
    })
    costs++
  }
  s.log.info('demo: audit seeded', { lines: audit.lines.length, disputed: audit.disputed, costs })
  return { costs, lines: audit.lines.length }
}
