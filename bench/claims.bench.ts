/**
 * `npx tsx bench/claims.bench.ts`: the claims finder (src/main/claims/finder.ts, pure) over a large
 * seller's 18 months — 2,000,000 inventory ledger rows over 20,000 FNSKUs (1 in 10 an adjustment:
 * disposition moves, lost, found, damaged — the finder is given those, as ClaimsService does),
 * 200,000 FBA customer returns, 50,000 reimbursements (some without an FNSKU, 1 in 10 a reversal)
 * and 220,000 refunds — generated in memory with a fixed seed. Prints the finder's time, peak RSS,
 * and the ratio to a baseline in the same process: sorting a copy of the finder's ledger rows by
 * date (the least any finder over them must do). Asserts nothing.
 * Targets (issue #15): < 10 s, < 500 MB. CLAIMS_BENCH_SCALE (default 1) scales every count.
 */
import { findClaims, type LedgerInput, type RefundEvent, type ReimbursementInput, type ReturnInput } from '../src/main/claims/finder'
import { RULES } from '../src/shared/rules'

const SCALE = Number(process.env.CLAIMS_BENCH_SCALE ?? 1)
const LEDGER = Math.round(2_000_000 * SCALE)
const RETURNS = Math.round(200_000 * SCALE)
const REIMBURSEMENTS = Math.round(50_000 * SCALE)
const REFUNDS = Math.round(220_000 * SCALE)
const FNSKUS = 20_000
const NOW = new Date('2026-12-03T12:00:00.000Z')
const START = Date.parse('2025-06-01T00:00:00.000Z')
const SPAN = 548 * 86_400_000

/** mulberry32: a seeded generator, so every run sees the same data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = rng(15)
const int = (n: number) => Math.floor(rand() * n)
const at = (i: number, n: number) => new Date(START + Math.floor((i / n) * SPAN)).toISOString()
// A product's strings are made once (as a report reader that interns repeated cells would).
const SKUS = Array.from({ length: FNSKUS }, (_, n) => `SKU-${n}`)
const FN = Array.from({ length: FNSKUS }, (_, n) => `X00${String(n).padStart(7, '0')}`)
const ASINS = Array.from({ length: FNSKUS }, (_, n) => `B0${String(n).padStart(8, '0')}`)
const sku = (n: number) => SKUS[n]!
const fnsku = (n: number) => FN[n]!
const order = (n: number) => `113-${String(n).padStart(7, '0')}-${String((n * 7919) % 10_000_000).padStart(7, '0')}`

/** Adjustment reasons with their share of a large seller's adjustments (disposition moves dominate). */
const REASONS: [string, number][] = [
  ['P', 0.3],
  ['O', 0.12],
  ['Q', 0.08],
  ['M', 0.15],
  ['F', 0.1],
  ['N', 0.03],
  ['5', 0.03],
  ['E', 0.08],
  ['6', 0.03],
  ['H', 0.04],
  ['K', 0.02],
  ['U', 0.02]
]
function reasonOf(x: number): string {
  for (const [r, share] of REASONS) if ((x -= share) < 0) return r
  return 'P'
}

function generate() {
  // The ledger: shipments, receipts and customer returns (9 rows in 10) and adjustments (1 in 10).
  // Only the adjustments are made into objects: ClaimsService.ledgerFor selects just those in SQL,
  // so they are all the finder is given of the store's 2,000,000 rows.
  const ledger: LedgerInput[] = []
  for (let i = 0; i < LEDGER; i++) {
    if (i % 10 !== 0) continue
    const p = int(FNSKUS)
    const reason = reasonOf(rand())
    const qty = 1 + int(3)
    const gain = reason === 'F' || reason === 'N' || ((reason === 'P' || reason === 'O' || reason === 'Q') && int(2) === 0)
    ledger.push({
      id: i + 1,
      occurredAt: at(i, LEDGER),
      fnsku: fnsku(p),
      sku: sku(p),
      asin: ASINS[p]!,
      eventType: 'Adjustments',
      referenceId: String(9_000_000_000 + i),
      quantity: gain ? qty : -qty,
      fulfillmentCenter: 'ONT8',
      reason,
      country: 'US',
      unreconciledQuantity: reason === 'M' && int(4) === 0 ? int(qty + 1) : null,
      sourceFile: 'ledger.tsv',
      sourceLine: i + 2
    })
  }
  const reimbursements: ReimbursementInput[] = new Array(REIMBURSEMENTS)
  for (let i = 0; i < REIMBURSEMENTS; i++) {
    const p = int(FNSKUS)
    const kind = i % 10
    const reversal = kind === 9
    reimbursements[i] = {
      id: i + 1,
      reimbursementId: String(4_000_000_000 + i),
      reimbursedAt: at(i, REIMBURSEMENTS),
      reason: reversal ? 'Reimbursement_Reversal' : kind < 4 ? 'Lost_Warehouse' : kind < 7 ? 'Damaged_Warehouse' : 'CustomerReturn',
      amazonOrderId: kind >= 7 && !reversal ? order(int(REFUNDS)) : null,
      sku: sku(p),
      fnsku: kind === 3 ? null : fnsku(p),
      currency: 'USD',
      amountPerUnitMinor: 500 + int(4000),
      quantityTotal: reversal ? -1 : 1 + int(2),
      originalReimbursementType: reversal ? 'Lost_Warehouse' : null,
      sourceFile: 'reimbursements.tsv',
      sourceLine: i + 2
    }
  }
  const refunds: RefundEvent[] = new Array(REFUNDS)
  // Refunds: most are returned (the returns below name the same order and SKU).
  for (let i = 0; i < REFUNDS; i++) {
    const p = int(FNSKUS)
    refunds[i] = {
      amazonOrderId: order(i),
      sku: sku(p),
      quantity: int(20) === 0 ? 2 : 1, // 1 refund in 20 is for two units
      refundedAt: at(i, REFUNDS),
      amount: { amountMinor: 1000 + int(5000), currency: 'USD' },
      source: 'finances',
      sourceRef: `tx-${i}`,
      marketplaceId: 'ATVPDKIKX0DER'
    }
  }
  const returns: ReturnInput[] = new Array(RETURNS)
  for (let i = 0; i < RETURNS; i++) {
    // 200,000 of the 220,000 refunds come back; the returns report names the refunded order's SKU.
    const r = refunds[Math.floor((i / RETURNS) * REFUNDS)]!
    returns[i] = {
      id: i + 1,
      amazonOrderId: r.amazonOrderId,
      returnDate: r.refundedAt,
      sku: r.sku,
      quantity: 1,
      disposition: 'SELLABLE',
      sourceFile: 'returns.tsv',
      sourceLine: i + 2
    }
  }
  return { ledger, reimbursements, refunds, returns }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
const t0 = performance.now()
const data = generate()
const genS = (performance.now() - t0) / 1000
global.gc?.()
const rssInputs = process.memoryUsage().rss

// Baseline: sort a copy of the ledger by date, the least any finder over this ledger does.
const b0 = performance.now()
const copy = [...data.ledger].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id - b.id)
const baselineS = (performance.now() - b0) / 1000
copy.length = 0

// A second yardstick for how busy the machine is: 1,000,000 Date#toISOString (the finder makes
// two to five ISO instants per finding); about 0.3 s on an idle laptop core.
const c0 = performance.now()
let chars = 0
for (let i = 0; i < 1_000_000; i++) chars += new Date(START + i * 1000).toISOString().length
const isoS = (performance.now() - c0) / 1000

const f0 = performance.now()
const findings = findClaims({
  storeId: 's1',
  storeName: 'Big seller',
  marketplaceIds: ['ATVPDKIKX0DER'],
  ...data,
  costs: [],
  now: NOW,
  rules: RULES
})
const finderS = (performance.now() - f0) / 1000
const peak = process.resourceUsage().maxRSS * 1024

const byStatus: Record<string, number> = {}
for (const f of findings) byStatus[`${f.type}/${f.status}`] = (byStatus[`${f.type}/${f.status}`] ?? 0) + 1
console.log(
  `claims finder: ${LEDGER.toLocaleString('en')} ledger rows (${data.ledger.length.toLocaleString('en')} adjustments given to the finder), ${RETURNS.toLocaleString('en')} returns, ${REIMBURSEMENTS.toLocaleString('en')} reimbursements, ${REFUNDS.toLocaleString('en')} refunds (generated in ${genS.toFixed(1)} s)`
)
console.log(`  findings: ${findings.length.toLocaleString('en')} ${JSON.stringify(byStatus)}`)
console.log(
  `  finder: ${finderS.toFixed(2)} s (target < 10 s); baseline (sort the ledger by date): ${baselineS.toFixed(2)} s; ratio ${(finderS / baselineS).toFixed(1)}×`
)
console.log(
  `  machine yardstick: 1,000,000 toISOString in ${isoS.toFixed(2)} s (${chars > 0 ? 'done' : ''}); finder / yardstick ${(finderS / isoS).toFixed(1)}×`
)
console.log(`  memory: peak RSS ${mb(peak)} (target < 500 MB), of which the inputs held in memory ${mb(rssInputs)}`)
