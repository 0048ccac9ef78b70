/**
 * A synthetic FBA reimbursements report (Amazon's 18 tab-separated columns), shared by the benches
 * that need a large one: ~18 months of rows, nine reasons plus reversals, 5,000 SKUs, two lines
 * per reimbursement id. `first` shifts the ids so a second file adds new rows instead of updating.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'

export const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type\n'
const REASONS = [
  'Lost_Warehouse',
  'Damaged_Warehouse',
  'CustomerReturn',
  'CustomerServiceIssue',
  'Lost_Outbound',
  'Lost_Inbound',
  'GeneralAdjustment',
  'FeeCorrection',
  'Damaged_Inbound'
]
const START = Date.parse('2025-05-01T00:00:00Z')
const SPAN = 548 * 86_400_000 // ~18 months

/** Line i of a file of `rows` lines (spread evenly over the 18 months). */
export function line(i: number, rows: number, first = 4_000_000_000): string {
  const t = new Date(Math.floor((START + (i / rows) * SPAN) / 1000) * 1000 + (i % 86_400) * 1000).toISOString().replace('.000Z', '+00:00')
  const id = String(first + Math.floor(i / 2)) // two lines per reimbursement id
  const reversal = i % 50 === 49
  const reason = reversal ? 'Reimbursement_Reversal' : REASONS[i % REASONS.length]!
  const skuN = (i * 7) % 5000
  const qty = 1 + (i % 3)
  const unit = 5 + (i % 40)
  const cents = String(i % 100).padStart(2, '0')
  const order = i % 3 === 0 ? `${100 + (i % 900)}-${String(i).padStart(7, '0')}-${String((i * 7919) % 10_000_000).padStart(7, '0')}` : ''
  const caseId = i % 4 === 0 ? String(17_000_000_000 + i) : ''
  const total = reversal ? `-${unit}.${cents}` : `${unit * qty}.${cents}`
  const q = reversal ? -1 : qty
  return `${t}\t${id}\t${caseId}\t${order}\t${reason}\tSKU-${skuN}\tX00${String(skuN).padStart(7, '0')}\tB0${String(skuN).padStart(8, '0')}\tCeramic Mug ${skuN % 97} oz "Special"\tNew\tUSD\t${unit}.${cents}\t${total}\t${q}\t0\t${q}\t${reversal ? String(first + Math.floor((i - 10) / 2)) : ''}\t${reversal ? 'Lost_Warehouse' : ''}\n`
}

export async function generate(path: string, rows: number, first?: number): Promise<void> {
  const out = createWriteStream(path)
  out.write(HEADER)
  let buf = ''
  for (let i = 0; i < rows; i++) {
    buf += line(i, rows, first)
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
}
