/**
 * The time zone each marketplace counts its calendar days in (for "refund within 4 calendar days"
 * and similar rules). Amazon does not publish one zone per marketplace; these are the zones of the
 * marketplace's country (its most populous one where a country has several: the US and CA are
 * counted in Pacific time, the zone Seller Central shows US dates in; BR in São Paulo time; AU in
 * Sydney time). A marketplace not listed counts in UTC.
 */
export const MARKETPLACE_TIME_ZONES: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: 'America/Los_Angeles',
  A2EUQ1WTGCTBG2: 'America/Los_Angeles',
  A1AM78C64UM0Y8: 'America/Mexico_City',
  A2Q3Y263D00KWC: 'America/Sao_Paulo',
  A1F83G8C2ARO7P: 'Europe/London',
  A28R8C7NBKEWEA: 'Europe/Dublin',
  AE08WJ6YKNBMC: 'Africa/Johannesburg',
  A1PA6795UKMFR9: 'Europe/Berlin',
  A13V1IB3VIYZZH: 'Europe/Paris',
  APJ6JRA9NG5V4: 'Europe/Rome',
  A1RKKUPIHCS9HS: 'Europe/Madrid',
  A1805IZSGTT6HS: 'Europe/Amsterdam',
  A2NODRKZP88ZB9: 'Europe/Stockholm',
  A1C3SOZRARQ6R3: 'Europe/Warsaw',
  AMEN7PMS3EDWL: 'Europe/Brussels',
  A33AVAJ2PDY3EV: 'Europe/Istanbul',
  A2VIGQ35RCS4UG: 'Asia/Dubai',
  A17E79C6D8DWNP: 'Asia/Riyadh',
  ARBP9OOSHTCHU: 'Africa/Cairo',
  A21TJRUUN4KGV: 'Asia/Kolkata',
  A1VC38T7YXB528: 'Asia/Tokyo',
  A39IBJ37TRP1C6: 'Australia/Sydney',
  A19VAU5U5O7RUS: 'Asia/Singapore'
}

export const timeZoneOf = (marketplaceId: string | null): string => (marketplaceId && MARKETPLACE_TIME_ZONES[marketplaceId]) || 'UTC'

const formatters = new Map<string, Intl.DateTimeFormat>()
function wallClock(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formatters.set(timeZone, f)
  }
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value)
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute!, s: p.second! }
}

/** The zone's offset from UTC (ms) at instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(ms / 1000) * 1000
}

/**
 * The instant of local midnight that starts the day `days` after the local day of `ms`, in
 * `timeZone`. Written by hand because Intl (the time-zone data) only converts instant → wall
 * clock; this is the inverse for one wall-clock time, midnight, which no zone skips in a DST
 * change except a few historical ones (then the first instant of that day is taken).
 */
export function localMidnightAfter(ms: number, days: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  const target = Date.UTC(w.y, w.m - 1, w.d + days)
  // Two passes settle the offset on either side of a DST change.
  let t = target - offsetAt(target, timeZone)
  t = target - offsetAt(t, timeZone)
  const back = wallClock(t, timeZone)
  if (back.h !== 0 || back.min !== 0) {
    // Midnight does not exist that day (a zone that springs forward at 00:00): the day starts at the shift.
    const later = target - offsetAt(t + 3600_000, timeZone)
    return later > t ? later : t
  }
  return t
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone)
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`
}

/** Local midnight starting `date` (YYYY-MM-DD) in the zone, as UTC ms. */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  // Noon UTC of that date is inside the same local date for every zone between UTC-12 and UTC+11;
  // take its local day and step 0 days.
  const noon = Date.UTC(y, m - 1, d, 12)
  const w = wallClock(noon, timeZone)
  const shift = Date.UTC(w.y, w.m - 1, w.d) - Date.UTC(y, m - 1, d)
  return localMidnightAfter(noon, -Math.round(shift / 86_400_000), timeZone)
}
