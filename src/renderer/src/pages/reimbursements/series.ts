/**
 * The reimbursements chart's data, as a pure function of the summary (issue 12 §4): one row per
 * month of the range — empty months included — per reason category the month's net amount for
 * that reason (exactly what the table totals for that month and reason), positives stacked up and
 * negatives (reversals) stacked down from zero, so a reversal never hides a payment. The axis gets
 * evenly spaced "nice" ticks (1, 2 or 5 × 10^n) covering the tallest stack up and the deepest
 * stack down. Amounts stay integer minor units here; only the bar heights become numbers.
 */
import { currencyExponent } from '../../../../shared/money'

export type MonthGroup = { month: string; category: string; currency: string; amountMinor: number; count: number }

export type MonthCell = { amountMinor: number; count: number }

export type MonthSeries = {
  month: string
  /** Per category: exact net amount (minor units) and row count, for the tooltip. */
  cells: Record<string, MonthCell>
  positiveMinor: number
  negativeMinor: number
  netMinor: number
  count: number
}

export type ChartSeries = {
  currency: string
  /** Categories with at least one row in the range, in the order given. */
  categories: string[]
  months: MonthSeries[]
  /** Recharts rows: { month, [category]: bar height in major units } (0 for an empty month). */
  rows: Record<string, string | number>[]
  /** Evenly spaced axis ticks in minor units, from the lowest to the highest, always including 0. */
  ticksMinor: number[]
}

const MONTH = /^(\d{4})-(\d{2})$/

/** Every YYYY-MM from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const a = MONTH.exec(from)
  const b = MONTH.exec(to)
  if (!a || !b) throw new Error(`months must be YYYY-MM: ${from}, ${to}`)
  const out: string[] = []
  let y = Number(a[1])
  let m = Number(a[2])
  const endY = Number(b[1])
  const endM = Number(b[2])
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m++
    if (m > 12) {
      m = 1
      y++
    }
    if (out.length > 1200) break
  }
  return out
}

/**
 * Evenly spaced ticks covering [min, max] (minor units, min <= 0 <= max): the step is 1, 2 or 5
 * times a power of ten (in major units, never finer than one minor unit) giving at most `maxIntervals`.
 */
export function niceTicks(minMinor: number, maxMinor: number, exponent: number, maxIntervals = 5): number[] {
  const lo = Math.min(0, minMinor)
  const hi = Math.max(0, maxMinor)
  const span = hi - lo
  if (span === 0) return [0]
  let step = 1
  // Candidate steps 1, 2, 5, 10, 20, 50, … minor units; start at one major unit unless the span is smaller.
  const major = 10 ** exponent
  let base = span >= major ? major : 1
  for (;;) {
    const found = [1, 2, 5].map((f) => f * base).find((s) => Math.ceil(hi / s) - Math.floor(lo / s) <= maxIntervals)
    if (found) {
      step = found
      break
    }
    base *= 10
  }
  const ticks: number[] = []
  for (let v = Math.floor(lo / step) * step; v <= Math.ceil(hi / step) * step; v += step) ticks.push(v)
  return ticks
}

/** `from` / `to` are the date filter (YYYY-MM-DD); without them the range is the data's first to last month. */
export function buildChartSeries(
  groups: MonthGroup[],
  opts: { currency: string; categories: readonly string[]; from?: string | null; to?: string | null }
): ChartSeries {
  const mine = groups.filter((g) => g.currency === opts.currency && g.count !== 0)
  const dataMonths = mine.map((g) => g.month).sort()
  const first = opts.from ? opts.from.slice(0, 7) : dataMonths[0]
  const last = opts.to ? opts.to.slice(0, 7) : dataMonths[dataMonths.length - 1]
  const months = first && last && first <= last ? monthsBetween(first, last) : []
  const present = opts.categories.filter((c) => mine.some((g) => g.category === c))
  const exponent = currencyExponent(opts.currency)
  const byMonth = new Map<string, MonthSeries>(
    months.map((m) => [m, { month: m, cells: {}, positiveMinor: 0, negativeMinor: 0, netMinor: 0, count: 0 }])
  )
  for (const g of mine) {
    const s = byMonth.get(g.month)
    if (!s) continue
    const cell = (s.cells[g.category] ??= { amountMinor: 0, count: 0 })
    cell.amountMinor += g.amountMinor
    cell.count += g.count
    s.count += g.count
  }
  let maxUp = 0
  let maxDown = 0
  for (const s of byMonth.values()) {
    for (const c of Object.values(s.cells)) {
      if (c.amountMinor > 0) s.positiveMinor += c.amountMinor
      else s.negativeMinor += c.amountMinor
    }
    s.netMinor = s.positiveMinor + s.negativeMinor
    maxUp = Math.max(maxUp, s.positiveMinor)
    maxDown = Math.min(maxDown, s.negativeMinor)
  }
  const series = [...byMonth.values()]
  const rows = series.map((s) => {
    const r: Record<string, string | number> = { month: s.month }
    // Bar heights only (the figures shown are the exact minor-unit cells).
    for (const c of present) r[c] = (s.cells[c]?.amountMinor ?? 0) / 10 ** exponent
    return r
  })
  return { currency: opts.currency, categories: present, months: series, rows, ticksMinor: niceTicks(maxDown, maxUp, exponent) }
}

/** The chart's default currency: the selected store's main one when it has data, else the first. */
export function defaultChartCurrency(currencies: string[], storeCurrency: string | null): string | undefined {
  if (storeCurrency && currencies.includes(storeCurrency)) return storeCurrency
  return currencies[0]
}
