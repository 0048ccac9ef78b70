/** Display helpers: time in the user's zone, money exactly (Intl formats the decimal string). */
import { formatMinor } from '../../shared/money'
import { i18n } from './i18n'

/**
 * Intl formatters, one per language and options. Building one costs about as much as formatting a
 * hundred values (`toLocaleString` with options builds one per call): a table page formats a few
 * hundred dates and amounts, which took a tenth of a second of every click.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key)
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f as T
}

export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const lng = i18n.language
  return cached(`d|${lng}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(lng, options))
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

/** A calendar date that reports give without a time (stored as midnight UTC): shown as that day, in any zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(d)
}

/** Intl.NumberFormat for these options, built once per language. */
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const lng = i18n.language
  return cached(`n|${lng}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(lng, options))
}

export function formatMoney(m: { amountMinor: number; currency: string }): string {
  const decimal = formatMinor(m.amountMinor, m.currency)
  // Intl accepts a decimal string and formats it without going through a float.
  return numberFormat({ style: 'currency', currency: m.currency }).format(decimal as unknown as number)
}
