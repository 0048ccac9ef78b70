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
   * models/finances-api-model/finances_2024-06-19.json); "It may take up to 48 hours for orders
   * to appear in your financial events" (listFinancialEvents, financesV0.json). Until then a
   * refund that is not there yet is not evidence that it was not applied.
   */
  financesPostingLag: {
    ms: 48 * 3_600_000,
    source: 'amzn/selling-partner-api-models models/finances-api-model/finances_2024-06-19.json (listTransactions description) and financesV0.json (listFinancialEvents)',
    checkedOn: '2026-12-02',
    note: 'Amazon gives no tighter bound; a candidate feed whose refunds are still missing after this is reported uncertain.'
  },
  /**
   * listTransactions: "The date-time must be more than two minutes before the time of the
   * request" (postedBefore, default two minutes before the request).
   */
  financesRecentGap: {
    ms: 2 * 60_000,
    source: 'models/finances-api-model/finances_2024-06-19.json (postedBefore)',
    checkedOn: '2026-12-02'
  }
} as const satisfies Record<string, TimedRule>
