/**
 * Which backups to keep: the newest backup of each of the last `daily` days that have one, of
 * each of the last `weekly` ISO weeks, and of each of the last `monthly` months (the scheme of
 * restic's `forget --keep-daily/--keep-weekly/--keep-monthly`), plus every backup of the last
 * `allWithinHours` before the newest one (so the backup taken before this morning's import is still
 * there after tonight's daily one).
 * Buckets are calendar days/weeks/months in UTC. Pure: the caller deletes what is not kept.
 */
export type RetentionPolicy = { daily: number; weekly: number; monthly: number; allWithinHours?: number }

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12, allWithinHours: 24 }

const dayKey = (d: Date) => d.toISOString().slice(0, 10)
const monthKey = (d: Date) => d.toISOString().slice(0, 7)
/** ISO 8601 week, e.g. 2026-W49 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const dow = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - dow)
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7)
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

export function backupsToKeep<T extends { at: Date }>(backups: readonly T[], policy: RetentionPolicy = DEFAULT_RETENTION): Set<T> {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime())
  const keep = new Set<T>()
  const newest = newestFirst[0]
  if (!newest) return keep
  const since = newest.at.getTime() - (policy.allWithinHours ?? 0) * 3_600_000
  for (const b of newestFirst) if (b.at.getTime() >= since) keep.add(b)
  const bucket = (count: number, key: (d: Date) => string) => {
    const seen = new Set<string>()
    for (const b of newestFirst) {
      if (seen.size >= count) break
      const k = key(b.at)
      if (seen.has(k)) continue
      seen.add(k)
      keep.add(b)
    }
  }
  bucket(policy.daily, dayKey)
  bucket(policy.weekly, isoWeekKey)
  bucket(policy.monthly, monthKey)
  return keep
}
