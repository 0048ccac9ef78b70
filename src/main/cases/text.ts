/**
 * The case text a seller pastes into Seller Central: facts only, in English (Amazon's case
 * language) whatever the UI language — so it is built here, not through i18n. Pure.
 */
import type { ClaimEvidence, ClaimFinding } from '../../shared/contract/claims'
import { formatMinor } from '../../shared/money'

const TYPE_TITLE: Record<string, string> = {
  fcLost: 'Units lost in a fulfillment center',
  fcDamaged: 'Units damaged in a fulfillment center',
  customerReturn: 'Customer refunded, item not returned',
  returnDamaged: 'Customer return damaged by Amazon or the carrier',
  replacementNotReturned: 'Replacement sent, original item not returned',
  removalShortage: 'Removal order units not delivered',
  inboundShortage: 'Inbound shipment units not received'
}

const TYPE_REQUEST: Record<string, string> = {
  fcLost:
    'Your inventory ledger reports these units as lost in your fulfillment center. They have not been found and have not been reimbursed.',
  fcDamaged: 'Your inventory ledger reports these units as damaged in your fulfillment center. They have not been reimbursed.',
  customerReturn:
    'The customer was refunded, but the item was not returned to your fulfillment center (or not within the return window), and it has not been reimbursed.',
  returnDamaged:
    'The FBA customer returns report shows these returned units as damaged by Amazon or the carrier. They have not been reimbursed.',
  replacementNotReturned:
    'A replacement was shipped to the customer, but the original item was not returned to your fulfillment center, and it has not been reimbursed.',
  removalShortage:
    'This removal order is completed, but fewer units were shipped than requested (after cancelled and disposed units). The missing units have not been reimbursed.',
  inboundShortage: 'This inbound shipment is closed with fewer units received than shipped. The missing units have not been reimbursed.'
}

const ROLE: Record<ClaimEvidence['role'], string> = {
  event: 'event',
  found: 'found (netted)',
  reimbursed: 'already reimbursed (netted)',
  returned: 'returned (netted)',
  shipped: 'shipped',
  received: 'received'
}

const KIND: Record<ClaimEvidence['kind'], string> = {
  ledger: 'Inventory ledger',
  reimbursement: 'Reimbursement',
  return: 'FBA customer return',
  refund: 'Refund',
  replacement: 'Replacement shipment',
  removalOrder: 'Removal order',
  removalShipment: 'Removal shipment',
  inbound: 'Inbound shipment'
}

const day = (iso: string) => iso.slice(0, 10)

function evidenceLine(e: ClaimEvidence): string {
  const parts = [`${day(e.at)}`, KIND[e.kind] ?? e.kind, ROLE[e.role] ?? e.role, `quantity ${e.quantity}`]
  if (e.reference) parts.push(`reference ID ${e.reference}`)
  if (e.detail) parts.push(e.kind === 'ledger' ? `reason ${e.detail}` : e.detail)
  if (e.sourceFile) parts.push(`source: ${e.sourceFile}${e.sourceLine !== null ? ` line ${e.sourceLine}` : ''}`)
  return `  - ${parts.join(', ')}`
}

function findingBlock(f: ClaimFinding, n: number): string[] {
  const out = [`${n}. ${TYPE_TITLE[f.type] ?? f.type}`]
  const fact = (label: string, v: string | number | null | undefined) => {
    if (v !== null && v !== undefined && v !== '') out.push(`   ${label}: ${v}`)
  }
  fact('FNSKU', f.fnsku)
  fact('ASIN', f.asin)
  fact('SKU', f.sku)
  fact('Amazon order ID', f.amazonOrderId)
  fact('Fulfillment center', f.fulfillmentCenter)
  fact('Quantity claimed', f.quantity)
  fact('Event date', day(f.eventAt))
  if (f.value) fact('Estimated value', `${formatMinor(f.value.amountMinor, f.value.currency)} ${f.value.currency}`)
  out.push(`   ${TYPE_REQUEST[f.type] ?? 'These units are owed by Amazon and have not been reimbursed.'}`)
  out.push('   Report lines:')
  for (const e of f.evidence) out.push(evidenceLine(e))
  return out
}

/** The whole text: a request line, one block per finding, and a closing request. */
export function caseText(findings: ClaimFinding[], opts: { storeName: string }): string {
  const units = findings.reduce((s, f) => s + f.quantity, 0)
  const lines = [
    'Hello,',
    '',
    `Please investigate and reimburse the following ${units === 1 ? 'unit' : `${units} units`} of my FBA inventory (seller account: ${opts.storeName}).`,
    ''
  ]
  findings.forEach((f, i) => lines.push(...findingBlock(f, i + 1), ''))
  lines.push('The report lines above are from my Seller Central reports. Please reimburse the units that are still owed.', '', 'Thank you.')
  return lines.join('\n')
}
