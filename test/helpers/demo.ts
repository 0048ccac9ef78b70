/** Each work screen's data source for the demo store, as counts (what the screen would list). */
import type { makeServices } from './services'

type Dispatch = ReturnType<typeof makeServices>['dispatch']

async function call<T>(dispatch: Dispatch, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(channel as never, input as never)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.data as T
}

export async function demoCounts(dispatch: Dispatch, storeId: string) {
  const total = async (channel: string, input: unknown) => (await call<{ total: number }>(dispatch, channel, input)).total
  const batches = await call<{ rows: { finishedAt: string | null; okCount: number; errorCount: number }[] }>(dispatch, 'queue.batches', {
    storeId
  })
  return {
    orders: await total('orders.list', { storeId }),
    reimbursements: await total('reimbursements.list', { storeId }),
    rmas: await total('rmas.list', { storeId }),
    rmasOpen: await total('rmas.list', { storeId, status: 'Open' }),
    queuedRefunds: await total('queue.list', { storeId, kind: 'refund', view: 'queued' }),
    queuedCancels: await total('queue.list', { storeId, kind: 'cancel', view: 'queued' }),
    batches: batches.rows.length,
    /** Batches the emulator answered: finished, with per-entry results. */
    batchesWithResults: batches.rows.filter((b) => b.finishedAt !== null && b.okCount + b.errorCount > 0).length,
    holds: (await call<{ rows: unknown[] }>(dispatch, 'holds.list', { storeId, view: 'all' })).rows.length,
    claims: (await call<{ findings: unknown[] }>(dispatch, 'claims.list', { storeId })).findings.length,
    // One finding of each newer claim type (the emulator's claims data, emulator/claims-data.ts).
    ...Object.fromEntries(
      await Promise.all(
        (['returnDamaged', 'replacementNotReturned', 'removalShortage', 'inboundShortage'] as const).map(
          async (type) =>
            [
              `claims.${type}`,
              (await call<{ findings: unknown[] }>(dispatch, 'claims.list', { storeId, types: [type] })).findings.length
            ] as const
        )
      )
    ),
    deadlines: (await call<{ items: unknown[] }>(dispatch, 'deadlines.list', { storeId })).items.length,
    cases: (await call<{ cases: unknown[] }>(dispatch, 'cases.list', { storeId })).cases.length
  }
}

/** The names of the screens' sources that are still empty. */
export async function emptyDemoSources(dispatch: Dispatch, storeId: string): Promise<string[]> {
  return Object.entries(await demoCounts(dispatch, storeId))
    .filter(([, n]) => n === 0)
    .map(([k]) => k)
}
