/**
 * Sources of the rules, with the ids of `claim-rules.md` §5 (checked: the day the text was read
 * for this project). Add a source here before a rule cites it; the pack refuses unknown ids.
 */
import type { RuleSource } from './types'

export const RULE_SOURCES: Record<string, RuleSource> = {
  // claims-inventory.ts
  AZ21: {
    id: 'AZ21',
    title: 'Copy of the older US FBA lost and damaged inventory reimbursement policy (inbound: 9 months after delivery)',
    url: 'https://www.amz-doc.com/fba-lost-and-damaged-inventory-reimbursement-policy/',
    checked: '2026-12-03',
    official: false
  },
  AZ24: {
    id: 'AZ24',
    title: 'Refunzo: filing inbound shipment claims (15 to 60 days after delivery; the shipment must be closed)',
    url: 'https://www.refunzo.com/insights/file-inbound-shipment-claims-amazon-fba',
    checked: '2026-12-03',
    official: false
  },
  SC12: {
    id: 'SC12',
    title: 'Sellercloud: FBA returns and reimbursements (detailed disposition: carrier/Amazon damaged returns)',
    url: 'https://help.sellercloud.com/article/RHaKU8Z6aw-fba-returns-and-reimbursments',
    checked: '2026-12-03',
    official: false
  },
  ST1: {
    id: 'ST1',
    title: 'SPCTEK: carrier-damaged returns reported 45 days from the return date',
    url: 'https://spctek.com/?p=991822',
    checked: '2026-12-03',
    official: false
  },
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
  AZ1: {
    id: 'AZ1',
    title:
      'Amazon Seller Forums: FBA lost and damaged inventory reimbursement policy changes (60-day windows, proactive lost-item reimbursement)',
    url: 'https://sellercentral.amazon.com/seller-forums/discussions/t/6605eede-df8e-4498-803f-cb612d95d7ce',
    checked: '2026-12-03',
    official: true
  },
  AZ2: {
    id: 'AZ2',
    title: "eCommerceBytes quoting Amazon's 24 Jul 2024 announcement: new FBA claim windows from 23 Oct 2024",
    url: 'https://www.ecommercebytes.com/6dtn',
    checked: '2026-12-03',
    official: false
  },
  AZ3: {
    id: 'AZ3',
    title: 'Amazon Seller Central help: FBA customer return reimbursement policy (60 to 120 days after the refund)',
    url: 'https://sellercentral.amazon.com/gp/help/external/G9N934L7Y4SFWPJ4?locale=en-US',
    checked: '2026-12-03',
    official: true
  },
  AZ4: {
    id: 'AZ4',
    title: "Repost of Amazon EU's announcement: update on the eligibility window to file reimbursement claims (45 to 105 days)",
    url: 'https://seller-forum.com/t/update-on-eligibility-window-to-file-reimbursement-claims/7594',
    checked: '2026-12-03',
    official: false
  },
  AZ5: {
    id: 'AZ5',
    title: 'Amazon Seller Forums (AE): reimbursement claim windows from 5 Sep 2024',
    url: 'https://sellercentral.amazon.ae/seller-forums/discussions/t/96a05f4a-537a-49d2-a918-703c47716bc0',
    checked: '2026-12-03',
    official: true
  },
  AZ6: {
    id: 'AZ6',
    title: 'Amazon Seller Forums: reimbursements at manufacturing cost from 10 Mar 2025',
    url: 'https://sellercentral.amazon.com/seller-forums/discussions/t/68864b6f-0ab8-41ef-be18-069c33df6336?postId=e6280377-c7e9-46f3-b82c-d530146b62d2',
    checked: '2026-12-03',
    official: true
  },
  AZ8: {
    id: 'AZ8',
    title: 'Amazon Seller Central help (AE): inventory adjustment reason codes',
    url: 'https://sellercentral.amazon.ae/gp/help/external/help.html?itemID=200372710&language=en_AE',
    checked: '2026-12-03',
    official: true
  },
  AZ9: {
    id: 'AZ9',
    title: 'Amazon Seller Central help (BR, English): inventory adjustments',
    url: 'https://sellercentral.amazon.com.br/gp/help/external/200453260?language=en_US',
    checked: '2026-12-03',
    official: true
  },
  AZ19: {
    id: 'AZ19',
    title: 'Amazon Seller Central help (AU): inventory adjustments; warehouse-damaged units compensated within 10 days',
    url: 'https://sellercentral.amazon.com.au/gp/help/external/help.html?itemID=200372710&language=en_AU',
    checked: '2026-12-03',
    official: true
  },
  AZ20: {
    id: 'AZ20',
    title: 'Amazon Seller Central help (UK, pre-2024 text): FBA lost and damaged inventory reimbursement policy (18 months)',
    url: 'https://sellercentral.amazon.co.uk/gp/help/external/help.html?itemID=GEV4254LJJ9BAEG&language=en_GB',
    checked: '2026-12-03',
    official: true
  },
  AZ22: {
    id: 'AZ22',
    title: 'Carbon6: faster Amazon reimbursements for FBA sellers (UK windows from 9 Jan 2025)',
    url: 'https://carbon6.io/blog/faster-amazon-reimbursements-for-fba-sellers',
    checked: '2026-12-03',
    official: false
  },
  AZ28: {
    id: 'AZ28',
    title: 'SP-API docs: FBA customer concessions reports attributes (customer returns, replacements)',
    url: 'https://developer-docs.amazon.com/sp-api/lang-es_ES/docs/fba-customer-concessions-reports-attributes',
    checked: '2026-12-03',
    official: true
  },
  AZ35: {
    id: 'AZ35',
    title: 'Amazon Seller Central help (CA, older text): customer return reimbursement 45 days to 18 months',
    url: 'https://sellercentral.amazon.ca/gp/help/external/help.html?itemID=9N934L7Y4SFWPJ4&language=en_CA',
    checked: '2026-12-03',
    official: true
  },
  YA: {
    id: 'YA',
    title: 'YourAMZ: changes to FBA reimbursement (old and new windows side by side)',
    url: 'https://www.youramz.com/blog/changes-to-fba-reimbursement',
    checked: '2026-12-03',
    official: false
  },
  MCP1: {
    id: 'MCP1',
    title: 'Vendooly FBA reimbursement check tool (status model: wait for automatic pay, claim now, deadline passed)',
    url: 'https://glama.ai/mcp/connectors/com.vendooly/vendooly/tools/fba_reimbursement_check',
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
