/**
 * The claims finder on a worker thread (claims/findings-thread.ts, the bundled
 * out/main/findings-worker.js: run `npm run build` first, as for the CLI tests): it gives exactly
 * the findings the main thread computes, ready() fills the memo with them so the screens' next
 * synchronous read computes nothing on the main thread, and an answer computed while the data
 * changed is not kept.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findingsInBackground } from '../../../src/main/claims/findings-thread'
import { ClaimsService } from '../../../src/main/claims/service'
import { EventBus } from '../../../src/main/events'
import { makeServices, validStore } from '../../helpers/services'

const BUNDLE = resolve(__dirname, '../../../out/main')
const built = existsSync(join(BUNDLE, 'findings-worker.js'))
const FIX = join(__dirname, '../../fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

async function setup() {
  const t = makeServices({ now: NOW })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const r = await t.dispatch('claims.importFile', { storeId: store.id, fileId: t.services.files.register(join(FIX, 'ledger.tsv')).id })
  if (!r.ok) throw new Error(r.error.message)
  const s = t.services
  let reads = 0
  const events = new EventBus()
  // The app's own services behind the finder's ports; the reimbursements port counts its reads.
  const claims = new ClaimsService({
    db: s.db,
    clock: t.clock,
    events,
    files: s.files,
    jobs: s.jobs,
    stores: s.stores,
    reimbursements: {
      forClaims: (id) => {
        reads++
        return s.reimbursements.forClaims(id)
      }
    },
    rmas: s.rmas,
    dbFile: s.info().dbPath,
    workerBundleDir: BUNDLE
  })
  return { t, store, claims, events, reads: () => reads }
}

describe.skipIf(!built)('claims finder on a worker thread', () => {
  it('gives exactly what the main thread computes', async () => {
    const { t, store } = await setup()
    const here = t.services.claims.findingsAt(store.id, new Date(NOW))
    expect(here.length).toBeGreaterThan(0)
    const there = await findingsInBackground(
      { dbFile: t.services.info().dbPath, storeId: store.id, store: t.services.stores.basics(store.id), now: new Date(NOW) },
      BUNDLE
    )!
    expect(there.findings).toEqual(here)
    expect(there.until).toBeGreaterThan(Date.parse(NOW))
  })

  it('ready() fills the memo: the next read computes nothing on this thread', async () => {
    const { store, claims, reads } = await setup()
    await claims.ready([store.id])
    const findings = claims.findingsAt(store.id, new Date(NOW))
    expect(findings.length).toBeGreaterThan(0)
    expect(reads()).toBe(0)
  })

  it('an answer computed while the data changed is dropped (computed here instead)', async () => {
    const { store, claims, events, reads } = await setup()
    const ready = claims.ready([store.id])
    events.emit('data.changed', { domains: ['reimbursements'] })
    await ready
    claims.findingsAt(store.id, new Date(NOW))
    expect(reads()).toBe(1)
  })
})
