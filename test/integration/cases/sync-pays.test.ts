/**
 * A case is paid when Amazon pays (#16): a filed case whose Case ID is on a reimbursement the
 * SP-API emulator reports is paid by the daily reimbursements sync over real HTTP — no file import,
 * no call to the matcher by the test.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateSellerData } from '../../../src/main/amazon/emulator/data'
import { REIMBURSEMENT_SYNC_JOB, registerReimbursementSyncJob } from '../../../src/main/reimbursements/sync.job'
import type { CaseDetail } from '../../../src/shared/contract/cases'
import type { ClaimFinding } from '../../../src/shared/contract/claims'
import { makeServices } from '../../helpers/services'
import { connectEmulatorStore, SELLER } from '../amazon/helpers'

const CLAIMS = join(__dirname, '../../fixtures/claims')
const NOW = '2026-12-03T12:00:00.000Z'
const ANCHOR = new Date('2026-12-03T00:00:00Z')
const SEED = 7
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('cases paid by the reimbursements sync', () => {
  it("pays a filed case when the emulator's reimbursement report carries its Case ID", { timeout: 240_000 }, async () => {
    const t = makeServices({ now: NOW })
    cleanups.push(t.close)
    const real0 = Date.now()
    const { store, factory, close } = await connectEmulatorStore(t, {
      emu: { seed: SEED, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: ANCHOR }
    })
    cleanups.push(close)
    registerReimbursementSyncJob(t.services.scheduler, {
      db: t.services.db,
      clock: t.clock,
      events: t.services.events,
      importer: t.services.reimbursements.importer,
      stores: t.services.stores,
      clientFor: (id) => factory.forStore(id),
      poll: { intervalMs: 10, maxPolls: 400 }
    })
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await t.dispatch(channel, input)
      if (!r.ok) throw new Error(r.error.message)
      return r.data as T
    }

    // The emulator's data is generated from its seed: find a reimbursement Amazon paid on a case
    // (one that is not reversed later), as the seller would know its Case ID from Seller Central.
    const data = generateSellerData(SEED, SELLER, ANCHOR)
    const reversed = new Set(data.reimbursements.map((r) => r.originalId).filter(Boolean))
    const paid = data.reimbursements.find((r) => r.caseId !== '' && !r.originalId && !reversed.has(r.reimbursementId) && r.qtyTotal > 0)!
    expect(paid).toBeDefined()

    // A finding of this store (the claims ledger fixture), made into a case and filed with that Case ID.
    await call('claims.importLedger', { storeId: store.id, fileId: t.services.files.register(join(CLAIMS, 'ledger.tsv')).id })
    const { findings } = await call<{ findings: ClaimFinding[] }>('claims.list', { storeId: store.id })
    const finding = findings.find((f) => f.fnsku === 'X00LOST001')!
    const c = await call<CaseDetail>('cases.create', { storeId: store.id, findingIds: [finding.id] })
    await call('cases.setState', { id: c.id, state: 'filed', amazonCaseId: paid.caseId })
    expect((await call<CaseDetail>('cases.get', { id: c.id })).state).toBe('filed')

    await t.services.scheduler.runNow(REIMBURSEMENT_SYNC_JOB, store.id)

    const after = await call<CaseDetail>('cases.get', { id: c.id })
    expect(after.payments.map((p) => [p.reimbursementId, p.matchedBy])).toContainEqual([paid.reimbursementId, 'caseId'])
    expect(['paid', 'partlyPaid']).toContain(after.state)
    expect(after.events.at(-1)).toMatchObject({ fromState: 'filed', actor: 'autoMatch', reimbursementId: paid.reimbursementId })
  })
})
