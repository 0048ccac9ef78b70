/**
 * Money is an integer count of minor units plus an ISO-4217 currency, never a float.
 * Most of Amazon's reports carry plain decimal strings ("12.40", "-9.87"): `parseMinor`. The
 * settlement V2 flat file writes amounts in the marketplace's local format ("95,00",
 * "1.234,50"): `parseLocaleMinor`, with the decimal mark decided once per file by the caller.
 * big.js does the exact decimal scaling.
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

/** The decimal mark of a number format: "." (1,234.50) or "," (1.234,50). */
export type DecimalMark = '.' | ','

export type LocaleParse = { ok: true; amountMinor: number } | { ok: false; reason: string }

/**
 * Parses an amount written in a local number format whose decimal mark the caller has decided
 * (from the marketplace or currency of the whole file — never guessed per value) into minor
 * units, exactly. Strict: the other mark may appear only as a thousands separator between groups
 * of three digits ("1.234,50" / "1,234.50"); an optional leading sign; no spaces, exponents or
 * currency symbols. Refused, with the reason in words:
 * - anything else ("12.50" where the mark is ",": not a valid grouping, so the file is not in the
 *   format its marketplace implies);
 * - more fraction digits than the currency has (non-zero ones), or a value too large to count;
 * - an ambiguous value: thousands separators and no decimal mark ("1.234" where the mark is ",")
 *   in a currency with minor units — the same text is 1.234 in the other convention, and Amazon
 *   writes the fraction of such amounts, so the reading cannot be trusted. (In a currency without
 *   minor units, JPY, "1,234" can only mean 1234.)
 * Hand-written (Intl has no parser; number-parsing libraries guess the mark per value, which is
 * exactly what must not happen here).
 */
export function parseLocaleMinor(text: string, currency: string, mark: DecimalMark): LocaleParse {
  const t = text.trim()
  const group = mark === ',' ? '.' : ','
  const esc = (c: string) => (c === '.' ? '\\.' : c)
  const g = esc(group)
  const d = esc(mark)
  const plain = new RegExp(`^[+-]?\\d+(?:${d}\\d+)?$`)
  const grouped = new RegExp(`^[+-]?\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d+)?$`)
  const readAs = mark === ',' ? '1.234,50' : '1,234.50'
  if (t === '') return { ok: false, reason: 'an empty amount' }
  const isGrouped = grouped.test(t)
  if (!plain.test(t) && !isGrouped)
    return {
      ok: false,
      reason: `'${text}' is not an amount in this file's number format (decimal mark '${mark}', e.g. ${readAs})`
    }
  if (isGrouped && !t.includes(mark) && currencyExponent(currency) > 0)
    return {
      ok: false,
      reason: `'${text}' is ambiguous: with decimal mark '${mark}' it has only thousands separators, but in the other convention it is a decimal fraction; expected the ${currency} amount with its decimals (e.g. ${readAs})`
    }
  const normal = t.split(group).join('').replace(mark, '.')
  const minor = parseMinor(normal, currency)
  if (minor === null)
    return {
      ok: false,
      reason: `'${text}' has more decimals than ${currency} allows (${currencyExponent(currency)}) or is too large`
    }
  return { ok: true, amountMinor: minor }
}

/** Formats minor units as a plain decimal string ("-9.87"); exact, no float on the way. */
export function formatMinor(amountMinor: number, currency: string): string {
  const e = currencyExponent(currency)
  if (!Number.isSafeInteger(amountMinor)) return new Big(amountMinor).div(new Big(10).pow(e)).toFixed(e)
  // The decimal point put into the integer's digits: exact, and cheap enough for every table cell.
  const digits = String(Math.abs(amountMinor)).padStart(e + 1, '0')
  const sign = amountMinor < 0 ? '-' : ''
  return e === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -e)}.${digits.slice(-e)}`
}

/** Adds amounts per currency; the result is sorted by currency code. */
export function totalsByCurrency(items: Iterable<Money>): Money[] {
  const sums = new Map<string, number>()
  for (const m of items) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amountMinor)
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor }))
}
