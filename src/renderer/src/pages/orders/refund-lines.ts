/**
 * The refund dialog's arithmetic, pure (unit-tested in test/unit/orders/refund-lines.test.ts):
 * what a line of typed amounts means in minor units, what is wrong with it, and the pro-rata
 * amounts a new quantity proposes. The server checks again (orders/rules.ts checkRefund); this is
 * what the user sees while typing.
 */
import type { OrderItemView } from '../../../../shared/contract/orders'
import { formatMinor, parseMinor } from '../../../../shared/money'
import { PAID_COMPONENTS, paidByComponent, type PaidComponent } from './money'

export type RefundLineInput = { quantity: number; amounts: Record<PaidComponent, string> }

export type RefundLineProblem =
  | { kind: 'error'; code: 'badAmount'; component: PaidComponent; text: string }
  | { kind: 'error'; code: 'zero' }
  | { kind: 'error'; code: 'badQuantity'; max: number }
  | { kind: 'over'; code: 'overComponent'; component: PaidComponent; maxMinor: number }
  | { kind: 'over'; code: 'overTotal'; maxMinor: number }

export type CheckedRefundLine = { minor: Record<PaidComponent, number | null>; total: number; problems: RefundLineProblem[] }

/** Parses and checks one line against what is refundable for the item (amounts exact, in `currency`). */
export function checkRefundLine(item: OrderItemView, line: RefundLineInput, currency: string): CheckedRefundLine {
  const problems: RefundLineProblem[] = []
  const minor = {} as Record<PaidComponent, number | null>
  let over = false
  for (const c of PAID_COMPONENTS) {
    const text = line.amounts[c].trim()
    const m = text === '' ? 0 : parseMinor(text, currency)
    minor[c] = m
    if (m === null || m < 0) problems.push({ kind: 'error', code: 'badAmount', component: c, text })
    else if (m > (item.refundableMinor[c] ?? 0)) {
      problems.push({ kind: 'over', code: 'overComponent', component: c, maxMinor: item.refundableMinor[c] ?? 0 })
      over = true
    }
  }
  const total = PAID_COMPONENTS.reduce((a, c) => a + (minor[c] ?? 0), 0)
  if (!problems.some((p) => p.kind === 'error') && total === 0) problems.push({ kind: 'error', code: 'zero' })
  if (total > (item.refundableMinor.Total ?? 0) && !over)
    problems.push({ kind: 'over', code: 'overTotal', maxMinor: item.refundableMinor.Total ?? 0 })
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > item.quantityShipped)
    problems.push({ kind: 'error', code: 'badQuantity', max: item.quantityShipped })
  return { minor, total, problems }
}

/**
 * The amounts a quantity proposes: that share of what was paid per component, rounded down,
 * never more than is still refundable. Null when the quantity is not one of the shipped units.
 */
export function proRataAmounts(item: OrderItemView, quantity: number, currency: string): Record<PaidComponent, string> | null {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > item.quantityShipped) return null
  const paid = paidByComponent(item)
  return Object.fromEntries(
    PAID_COMPONENTS.map((k) => [
      k,
      formatMinor(Math.min(item.refundableMinor[k] ?? 0, Math.floor((paid[k] * quantity) / Math.max(1, item.quantityOrdered))), currency)
    ])
  ) as Record<PaidComponent, string>
}
