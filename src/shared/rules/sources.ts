/**
 * Sources of the rules, with the ids of `claim-rules.md` §5 (checked: the day the text was read
 * for this project). Add a source here before a rule cites it; the pack refuses unknown ids.
 */
import type { RuleSource } from './types'

export const RULE_SOURCES: Record<string, RuleSource> = {
  AZ11: {
    id: 'AZ11',
    title:
      'Amazon Seller Central help: A-to-z Guarantee claims and appeals (30 days to appeal; 72 h information requests during a US appeal)',
    url: 'https://sellercentral.amazon.com/help/hub/reference/external/G202041210',
    checked: '2026-12-03',
    official: true
  },
  AZ12: {
    id: 'AZ12',
    title: 'Amazon Seller Central help (US): respond to an A-to-z claim information request within 48 hours',
    url: 'https://sellercentral.amazon.com/gp/help/external/1781?language=en_US',
    checked: '2026-12-03',
    official: true
  },
  AZ13: {
    id: 'AZ13',
    title: 'Amazon Seller Central help (UK, AU): respond to an A-to-z claim information request within 48 hours',
    url: 'https://sellercentral-europe.amazon.com/gp/help/external/1781?language=en_GB',
    checked: '2026-12-03',
    official: true
  },
  AZ25: {
    id: 'AZ25',
    title: 'SAFE-T policy as quoted by a seller forum (60 days from the refund, one claim per order)',
    url: 'https://www.brickpicker.com/profile/1092-brick625/content',
    checked: '2026-12-03',
    official: false
  },
  AZ26: {
    id: 'AZ26',
    title: 'Amazon Seller Central help (DE): SAFE-T claims',
    url: 'https://sellercentral.amazon.de/gp/help/external/202109110?language=en_DE',
    checked: '2026-12-03',
    official: true
  },
  AZ32: {
    id: 'AZ32',
    title: 'Amazon Seller Central help (FR): A-to-z appeals (48 h information requests)',
    url: 'https://sellercentral.amazon.fr/gp/help/external/G202041210?language=en_FR',
    checked: '2026-12-03',
    official: true
  },
  EB1: {
    id: 'EB1',
    title: 'EcommerceBytes: seller-fulfilled returns must be refunded within 4 calendar days of delivery, from 26 Jan 2026',
    url: 'https://www.ecommercebytes.com/nvfx',
    checked: '2026-12-03',
    official: false
  },
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
