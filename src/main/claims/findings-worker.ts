/**
 * Worker thread entry for findings-thread.ts: one store's claim findings, read on a read-only
 * connection of its own and computed here (the finder reads every reimbursement line of a store:
 * seconds on a large one, which held every screen's requests back when run on the main thread).
 */
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import type { Db } from '../db/client'
import * as schema from '../db/schema'
import { EventBus } from '../events'
import { reimbursementsForClaims } from '../reimbursements/service'
import { fbaReturnsForClaims } from '../rmas/service'
import { ClaimsService } from './service'

const { dbFile, storeId, store, now } = workerData as {
  dbFile: string
  storeId: string
  store: { id: string; name: string; marketplaceIds: string[] }
  now: string
}
try {
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true })
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db
  const at = new Date(now)
  // Only what computing findings reads: its own tables, the two read ports, the store's basics.
  // The import and download paths (files, jobs, the stores service) are never called here.
  const claims = new ClaimsService({
    db,
    clock: { now: () => at },
    events: new EventBus(),
    stores: { basics: () => store, ids: () => [storeId] } as unknown as ConstructorParameters<typeof ClaimsService>[0]['stores'],
    files: null as never,
    jobs: null as never,
    reimbursements: { forClaims: (id) => reimbursementsForClaims(sqlite, id) },
    rmas: { fbaReturnsForClaims: (id) => fbaReturnsForClaims(sqlite, id) }
  })
  const r = claims.findingsWithWindow(storeId, at)
  sqlite.close()
  parentPort?.postMessage({ ok: true, findings: r.findings, until: r.until })
} catch (e) {
  parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) })
}
