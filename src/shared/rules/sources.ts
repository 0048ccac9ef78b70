/**
 * Sources of the rules, with the ids of `claim-rules.md` §5 (checked: the day the text was read
 * for this project). Add a source here before a rule cites it; the pack refuses unknown ids.
 */
import type { RuleSource } from './types'

export const RULE_SOURCES: Record<string, RuleSource> = {
  AZ15: {
    id: 'AZ15',
    title: 'Amazon Seller Central help: Cancel an order (buyer cancellation requests)',
    url: 'https://sellercentral.amazon.com/gp/help/external/G201722390?language=en_US',
    checked: '2026-11-20',
    official: true
  },
  SC5: {
    id: 'SC5',
    title: 'Sellercloud: Amazon orders overview (2-day answer to a buyer cancellation request)',
    url: 'https://help.sellercloud.com/article/9eZGm9gG8s-amazon-orders-overview',
    checked: '2026-11-20',
    official: false
  }
}
