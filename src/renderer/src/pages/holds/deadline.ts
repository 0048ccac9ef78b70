/**
 * Pure display helpers for a buyer-cancel deadline (no React, no i18n): the deadline is a UTC
 * instant (requestedAt + 48 h, computed in main); only its *display* depends on the user's time
 * zone. Remaining time is instant minus instant, so a DST change can't shift it.
 */
export const WARN_LEFT_MS = 12 * 3600_000

export type Remaining = {
  ms: number
  overdue: boolean
  /** Under 12 h left (and not overdue). */
  warning: boolean
  days: number
  hours: number
  minutes: number
  seconds: number
}

export function remaining(dueAt: string, nowMs: number): Remaining {
  const ms = Date.parse(dueAt) - nowMs
  const abs = Math.abs(ms)
  return {
    ms,
    overdue: ms < 0,
    warning: ms >= 0 && ms < WARN_LEFT_MS,
    days: Math.floor(abs / 86_400_000),
    hours: Math.floor((abs % 86_400_000) / 3600_000),
    minutes: Math.floor((abs % 3600_000) / 60_000),
    seconds: Math.floor((abs % 60_000) / 1000)
  }
}

/** "1 d 23 h 05 min", "11 h 59 min 30 s" (seconds only in the last hour), "3 h" when whole. */
export function compactDuration(
  r: Remaining,
  units: { d: string; h: string; min: string; s: string } = { d: 'd', h: 'h', min: 'min', s: 's' }
): string {
  const parts: string[] = []
  const totalHours = r.days * 24 + r.hours
  if (r.days > 0) parts.push(`${r.days} ${units.d}`)
  if (r.hours > 0 || (r.days > 0 && r.minutes > 0)) parts.push(`${r.hours} ${units.h}`)
  if (r.minutes > 0 || totalHours < 1) parts.push(`${String(r.minutes).padStart(parts.length ? 2 : 1, '0')} ${units.min}`)
  if (totalHours < 1) parts.push(`${String(r.seconds).padStart(2, '0')} ${units.s}`)
  return parts.join(' ')
}

/** An instant shown in a time zone (the user's by default), with the zone's short name. */
export function formatInZone(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {})
  }).format(new Date(iso))
}
