/**
 * Pure planning of the reimbursements sync's report windows (no IO, no clock: `now` is passed).
 *
 * Amazon documents no maximum range for GET_FBA_REIMBURSEMENTS_DATA (sp-api-notes §1.1:
 * UNCONFIRMED; third parties say 18 months of history, 90 days per call), so we ask for 30-day
 * windows — well inside any plausible limit, and a failed window costs little to redo.
 * Reimbursements can appear up to five days after approval, so the daily window reaches back
 * OVERLAP_DAYS past what earlier runs covered; the import is idempotent, so overlap is free.
 */
export const BACKFILL_DAYS = 548 // 18 months
export const WINDOW_DAYS = 30
export const OVERLAP_DAYS = 7
const DAY = 86_400_000

export type Window = { start: string; end: string }

const dayFloor = (ms: number) => Math.floor(ms / DAY) * DAY

/** Splits [start, end) into consecutive windows of at most WINDOW_DAYS, oldest first. */
export function splitWindows(startMs: number, endMs: number, days = WINDOW_DAYS): Window[] {
  const out: Window[] = []
  for (let s = startMs; s < endMs; s += days * DAY)
    out.push({ start: new Date(s).toISOString(), end: new Date(Math.min(s + days * DAY, endMs)).toISOString() })
  return out
}

/**
 * The windows to add for this run. First run (nothing covered yet): the last 18 months up to now.
 * Later runs: from the end of what is covered minus the overlap (at least the last OVERLAP_DAYS)
 * up to now — after a missed day or a month offline this is one or more windows, so nothing is
 * skipped. `now` is truncated to the minute (dataEndTime must not be in the future).
 */
export function planWindows(now: Date, coveredTo: string | null): Window[] {
  const end = Math.floor(now.getTime() / 60_000) * 60_000
  if (!coveredTo) return splitWindows(dayFloor(end) - BACKFILL_DAYS * DAY, end)
  const from = Math.min(dayFloor(new Date(coveredTo).getTime()) - OVERLAP_DAYS * DAY, dayFloor(end) - OVERLAP_DAYS * DAY)
  return splitWindows(Math.max(from, dayFloor(end) - BACKFILL_DAYS * DAY), end)
}
