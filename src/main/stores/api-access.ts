/**
 * Why a scheduled SP-API job skips a store, or null when it may run. A skip is a status the job
 * run records (succeeded, with this message), never an error: a file-only store has no SP-API
 * app by choice, and a store waiting for its secrets is not failing either.
 */
export function apiSkipReason(
  store: { fileOnly: boolean; hasCredentials: boolean },
  what: 'synced' | 'downloaded' | 'sent'
): string | null {
  if (store.fileOnly) return `not ${what}: file-only store (no SP-API app) — import the report file or upload in Seller Central instead`
  if (!store.hasCredentials) return `not ${what}: the store has no SP-API credentials yet`
  return null
}
