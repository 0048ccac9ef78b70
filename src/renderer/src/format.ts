/** Display helpers: time in the user's zone, money exactly (Intl formats the decimal string). */
import { formatMinor } from '../../shared/money'
import { i18n } from './i18n'

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A calendar date that reports give without a time (stored as midnight UTC): shown as that day, in any zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' })
}

export function formatMoney(m: { amountMinor: number; currency: string }): string {
  const decimal = formatMinor(m.amountMinor, m.currency)
  // Intl accepts a decimal string and formats it without going through a float.
  return new Intl.NumberFormat(i18n.language, { style: 'currency', currency: m.currency }).format(decimal as unknown as number)
}
