/**
 * Amazon's rules as data (#15 claims windows, #17 deadlines): every window Amazon runs against the
 * seller is a dated, per-marketplace rule with its sources, never a constant in code. A rule says
 * from which event its clock starts, when a claim may be filed at the earliest, and by when at
 * the latest. Rules are pure data: no IO, no clock; callers pass the instant they ask about.
 */

/** A source of a rule: Amazon's help page, announcement or a third party's copy of it. */
export interface RuleSource {
  /** The id used in `claim-rules.md` ("AZ2", "EB1"). */
  id: string
  title: string
  url: string
  /** The day the text was read (ISO date). */
  checked: string
  /** False when the value is not found verbatim in Amazon's own text (claim-rules.md says UNCONFIRMED). */
  official: boolean
}

/**
 * A length of time. `days` are calendar days of exactly 24 h from the anchor instant (Amazon
 * counts calendar days; the instant does not move with the viewer's time zone); `hours` exact.
 */
export interface RuleDuration {
  days?: number
  hours?: number
  /**
   * Calendar days counted on the marketplace's wall clock (`zones.ts`): the window closes at the
   * end of the Nth local day after the anchor's local day (midnight, local time, as a UTC
   * instant). A DST change inside the window makes it 23 or 25 h longer, never moves the day.
   * Used only for `latest`; combined with nothing else.
   */
  calendarDays?: number
}

/** Where a rule applies: every marketplace ('*'), or the listed marketplace ids. */
export type RuleScope = '*' | readonly string[]

export interface WindowRule {
  /** Stable id of the window ("claim.fcLost", "order.shipConfirm"); several dated versions share it. */
  id: string
  /** The event the clock starts from, named for the UI ("reportedLost", "orderDate", "refund"). */
  anchor: string
  scope: RuleScope
  /** First instant (ISO, UTC) this version applies to events at or after it. */
  effectiveFrom: string
  /** First instant this version no longer applies (exclusive); absent while current. */
  effectiveTo?: string
  /** Earliest a claim may be filed, after the anchor (absent: at once). */
  earliest?: RuleDuration
  /** The deadline, after the anchor. */
  latest: RuleDuration
  /** Before the deadline, from when the UI warns (absent: no warning stage). */
  warnBefore?: RuleDuration
  /** Under this much time left it is urgent. */
  urgentBefore?: RuleDuration
  /** Source ids (keys of the pack's sources). */
  sources: readonly string[]
  /** A short English note for reviewers (the UI words rules through i18n by id). */
  note?: string
}

/** A window placed on the time line: every field an ISO instant. */
export interface PlacedWindow {
  rule: WindowRule
  anchorAt: string
  opensAt: string
  closesAt: string
  warnFrom: string | null
  urgentFrom: string | null
}
