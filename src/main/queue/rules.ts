/**
 * Amazon's rules the refund/cancel queue depends on, as data with their source and the date
 * they were checked (house rule: Amazon's windows and limits are data, not constants in code).
 * Times are Amazon's pace; a client of the faster emulator divides them (scaledTimings).
 */
export type TimedRule = { ms: number; source: string; checkedOn: string; note?: string }

export const QUEUE_RULES = {
  /** "Upload one feed of the same type no more than once every 20 minutes". */
  feedSpacing: {
    ms: 20 * 60_000,
    source: 'developer-docs.amazon.com/sp-api/docs/feeds-api-best-practices; ../shared/amazon/sp-api-notes.md §3 (feeds)',
    checkedOn: '2026-12-02'
  },
  /**
   * How long after a feed was processed a refund may still be missing from Finances.
   * "Financial events might not include orders from the last 48 hours" (listTransactions,
   * models/finances-api-model/finances_2024-06-19.json); "Orders from the last 48 hours might not
   * be included in financial events" (financesV0.json, the v0 operations). Until then a
   * refund that is not there yet is not evidence that it was not applied.
   */
  financesPostingLag: {
    ms: 48 * 3_600_000,
    source:
      'amzn/selling-partner-api-models models/finances-api-model/finances_2024-06-19.json (listTransactions description) and financesV0.json (v0 financial events operations)',
    checkedOn: '2026-12-02',
    note: 'Amazon gives no tighter bound; a candidate feed whose refunds are still missing after this is reported uncertain.'
  }
} as const satisfies Record<string, TimedRule>
