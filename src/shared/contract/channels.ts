/**
 * Channel names only, for the preload: no zod, so the sandboxed preload bundle stays tiny.
 * A unit test checks this list equals Object.keys(contract).
 */
export const CHANNELS = [
  'app.info',
  'app.networkStatus',
  'jobs.lastRun',
  'jobs.recent',
  'jobs.schedule',
  'jobs.runNow',
  'stores.list',
  'stores.get',
  'stores.create',
  'stores.update',
  'stores.remove',
  'stores.testConnection',
  'settings.get',
  'settings.update',
  'rmas.list', 'rmas.get', 'rmas.previewImport', 'rmas.import', 'rmas.receive', 'rmas.issueRefund', 'rmas.setStatus', 'rmas.addNote', 'rmas.kitsList', 'rmas.kitsSave', 'rmas.kitsRemove', 'rmas.kitsImport',
  'reimbursements.list', 'reimbursements.summary', 'reimbursements.exportCsv', 'reimbursements.previewImport', 'reimbursements.import', 'reimbursements.orderDetail', 'reimbursements.syncStatus',
  'orders.list', 'orders.get', 'orders.refund', 'orders.cancel', 'orders.split', 'orders.addNote', 'orders.previewImport', 'orders.import',
  'queue.list', 'queue.process', 'queue.reject', 'queue.batches', 'queue.batch', 'queue.retryFailed', 'queue.resolveUncertain',
  'holds.list', 'holds.accept', 'holds.decline', 'holds.resolveFollowUp',
  'backups.status', 'backups.list', 'backups.now', 'backups.inspect', 'backups.restore', 'backups.setFolder'
] as const
export { EVENTS } from '../events'
