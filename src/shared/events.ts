/** The data domains a 'data.changed' event names: one name per domain, as in folders and contract prefixes. */
export type DataDomain =
  | 'stores'
  | 'settings'
  | 'orders'
  | 'rmas'
  | 'reimbursements'
  | 'queue'
  | 'holds'
  | 'backups'
  | 'jobs'
  | 'team'
  | 'settlements'
  | 'deadlines'
  | 'claims'
  | 'imports'
  | 'cases'
  | 'audits'

/** Events main pushes to the renderer (IPC in desktop, server-sent events in browser mode). */
export type EventMap = {
  'job.progress': { jobId: string; name: string; storeId: string | null; done: number; total: number | null; message?: string }
  'job.finished': { jobId: string; name: string; storeId: string | null; status: 'succeeded' | 'failed'; message?: string }
  'data.changed': { domains: DataDomain[] }
  'network.changed': { online: boolean }
  /**
   * A desktop notification the renderer shows (e.g. a buyer-cancel request with under 12 h left),
   * in the user's language: `key` names an i18n entry with `title` and `body` (and `body_reason`
   * when params.reason is set); params named `…At` are ISO instants shown in the user's zone.
   */
  'app.notify': { key: string; params: Record<string, string>; route?: string }
}
export type EventName = keyof EventMap
export const EVENTS = [
  'job.progress',
  'job.finished',
  'data.changed',
  'network.changed',
  'app.notify'
] as const satisfies readonly EventName[]
