/**
 * The claims finder's windows on the Deadlines screen, on a real SQLite file through the contract:
 * an imported ledger with a unit lost in a fulfillment center gives a deadline item at the
 * finding's closesAt, with the finding's rule id and a link to it; a found unit netting the loss
 * takes it off the list; the kind filter knows the claim rule ids.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimsList } from '../../../src/shared/contract/claims'
import type { DeadlineItem } from '../../../src/shared/contract/deadlines'
import type { z } from 'zod'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const HEAD =
  'Date\tFNSKU\tASIN\tMSKU\tTitle\tEvent Type\tReference ID\tQuantity\tFulfillment Center\tDisposition\tReason\tCountry\tReconciled Quantity\tUnreconciled Quantity\tDate and Time\tStore'
const LOST =
  '11/20/2026\tX00LOST001\tB0LOST0001\tMUG-LOST\tMug lost\tAdjustments\t9000000001\t-2\tONT8\tSELLABLE\tM\tUS\t0\t2\t2026-11-20T02:00:00-0800\t'
const FOUND =
  '11/22/2026\tX00LOST001\tB0LOST0001\tMUG-LOST\tMug lost\tAdjustments\t9000000002\t2\tONT8\tSELLABLE\tF\tUS\t2\t0\t2026-11-22T02:00:00-0800\t'

async function setup(now: string) {
  const t = makeServices({ now })
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const importLedger = async (name: string, lines: string[]) => {
    const f = join(t.dir, name)
    writeFileSync(f, [HEAD, ...lines].join('\n') + '\n')
    return call('claims.importLedger', { storeId: store.id, fileId: t.services.files.register(f).id })
  }
  const deadlines = (input: object = {}) => call<{ items: DeadlineItem[]; ruleIds: string[] }>('deadlines.list', input)
  return { t, store, call, importLedger, deadlines }
}

describe('claim windows on the Deadlines screen', () => {
  it('lists a lost unit as a deadline at its finding closesAt, linked to the finding', async () => {
    const { store, call, importLedger, deadlines } = await setup('2026-12-03T12:00:00.000Z')
    await importLedger('lost.tsv', [LOST])
    const { findings } = await call<z.output<typeof ClaimsList>>('claims.list', { storeId: store.id })
    expect(findings).toHaveLength(1)
    const f = findings[0]!
    expect(f.status).toBe('claimNow')

    const list = await deadlines({ storeId: store.id })
    expect(list.ruleIds).toEqual(expect.arrayContaining(['claim.fcLost', 'claim.fcDamaged', 'claim.customerReturn']))
    const items = list.items.filter((i) => i.ruleId.startsWith('claim.'))
    expect(items).toEqual([
      expect.objectContaining({
        key: `claim.fcLost:${f.id}`,
        ruleId: 'claim.fcLost',
        storeId: store.id,
        storeName: 'Mugs US',
        subject: 'finding',
        subjectId: f.id,
        label: 'MUG-LOST × 2',
        anchorAt: f.eventAt,
        dueAt: f.closesAt,
        stage: 'ok',
        route: `#/claims?finding=${encodeURIComponent(f.id)}`
      })
    ])
    // The same item through every store, and through the kind filter.
    expect((await deadlines()).items.map((i) => i.key)).toContain(items[0]!.key)
    expect((await deadlines({ ruleIds: ['claim.fcLost'] })).items.map((i) => i.key)).toEqual([items[0]!.key])
    expect((await deadlines({ ruleIds: ['claim.fcDamaged'] })).items).toEqual([])
  })

  it('turns urgent in the last week, leaves the list once expired, and never lists a netted loss', async () => {
    // 60 days from 2026-11-20T10:00Z close 2027-01-19T10:00Z; the last 7 days are urgent.
    const urgent = await setup('2027-01-15T00:00:00.000Z')
    await urgent.importLedger('lost.tsv', [LOST])
    const u = (await urgent.deadlines()).items.filter((i) => i.ruleId === 'claim.fcLost')
    expect(u).toHaveLength(1)
    expect(u[0]).toMatchObject({ dueAt: '2027-01-19T10:00:00.000Z', urgentFrom: '2027-01-12T10:00:00.000Z', stage: 'urgent' })

    const expired = await setup('2027-01-19T10:00:00.001Z')
    await expired.importLedger('lost.tsv', [LOST])
    expect((await expired.deadlines()).items.filter((i) => i.ruleId.startsWith('claim.'))).toEqual([])

    const netted = await setup('2026-12-03T12:00:00.000Z')
    await netted.importLedger('lost-found.tsv', [LOST, FOUND])
    expect((await netted.deadlines()).items.filter((i) => i.ruleId.startsWith('claim.'))).toEqual([])
  })
})
