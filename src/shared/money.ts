/**
 * Money is an integer count of minor units plus an ISO-4217 currency, never a float.
 * Amazon's reports carry decimal strings ("12.40", "-9.87", "1,234.50" in some locales is NOT
 * accepted: reports use a dot). big.js does the exact decimal scaling.
 */
import Big from 'big.js'
import { z } from 'zod'

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. USD')

export const Money = z.object({
  amountMinor: z.number().int(),
  currency: Currency
})
export type Money = z.infer<typeof Money>

/** Minor-unit exponent per ISO 4217 for the currencies Amazon marketplaces use. */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, HUF: 2 }
export const currencyExponent = (currency: string): number => EXPONENT[currency] ?? 2

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

/**
 * Parses an exact decimal string into minor units: the one money parser of the app (report
 * importers, the refund dialog, the CLI). A leading "+" is accepted ("+5.00" is 5.00, as
 * spreadsheets write it); returns null — never throws — when the text is not a plain decimal
 * number (no exponent, no thousands separator) or has more fraction digits than the currency
 * allows (non-zero ones) or is too large to count exactly.
 */
export function parseMinor(text: string, currency: string): number | null {
  let t = text.trim()
  if (!DECIMAL.test(t)) return null
  // big.js takes "-" but not "+".
  if (t.charCodeAt(0) === 43) t = t.slice(1)
  let scaled: Big
  try {
    scaled = new Big(t).times(new Big(10).pow(currencyExponent(currency)))
  } catch {
    return null
  }
  if (!scaled.eq(scaled.round(0, Big.roundDown))) return null
  const n = Number(scaled.toFixed(0))
  return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : null
}

/** Formats minor units as a plain decimal string ("-9.87"); exact, no float on the way. */
export function formatMinor(amountMinor: number, currency: string): string {
  const e = currencyExponent(currency)
  return new Big(amountMinor).div(new Big(10).pow(e)).toFixed(e)
}

/** Adds amounts per currency; the result is sorted by currency code. */
export function totalsByCurrency(items: Iterable<Money>): Money[] {
  const sums = new Map<string, number>()
  for (const m of items) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amountMinor)
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor }))
}
