/**
 * Which domain owns each table: only that folder's code reads or writes it (SQL or drizzle);
 * every other domain asks the owner's service. test/unit/architecture.test.ts holds the code to
 * this map, and docs/ARCHITECTURE.md shows it. `db` owns the app-wide key/value table.
 */
export const TABLE_OWNERS = {
  stores: 'stores',
  store_settings: 'stores',
  store_api_operations: 'stores',
  app_meta: 'db',
  job_runs: 'jobs',
  orders: 'orders',
  order_items: 'orders',
  order_notes: 'orders',
  order_history: 'orders',
  inventory: 'orders',
  order_splits: 'orders',
  buyer_cancel_requests: 'orders',
  order_claims: 'orders',
  queue_entries: 'queue',
  queue_batches: 'queue',
  queue_batch_entries: 'queue',
  reimbursements: 'reimbursements',
  reimbursement_daily: 'reimbursements',
  reimbursement_imports: 'reimbursements',
  reimbursement_sync_windows: 'reimbursements',
  products: 'reimbursements',
  settlements: 'finances',
  settlement_lines: 'finances',
  rmas: 'rmas',
  rma_items: 'rmas',
  rma_notes: 'rmas',
  rma_history: 'rmas',
  kits: 'rmas',
  fba_customer_returns: 'rmas',
  rma_receipts: 'rmas',
  unexpected_returns: 'rmas',
  claim_ledger_events: 'claims',
  claim_refund_events: 'claims',
  claim_costs: 'claims',
  claim_removal_orders: 'claims',
  claim_removal_shipments: 'claims',
  claim_replacements: 'claims',
  claim_inbound_items: 'claims',
  team_connection: 'team',
  team_outbox: 'team',
  team_local_rows: 'team',
  deadline_notices: 'deadlines'
} as const

export type TableName = keyof typeof TABLE_OWNERS
