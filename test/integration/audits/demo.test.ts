/**
 * The demo store's audits: once its reimbursements have synced from the emulator, one service
 * statement with a disputed line of each kind, and costs that put some warehouse losses below cost.
 */
import { describe, expect, it } from 'vitest'
import type { BelowCostRow, StatementAudit, StatementInfo } from '../../../src/shared/contract/audits'
import { DEMO_SERVICE } from '../../../src/main/demo-seed'
import { envSpApi } from '../amazon/helpers'
import { makeServices } from '../../helpers/services'

describe('the demo store has an audit to show', () => {
  it('a statement with every kind of discrepancy, and reimbursements paid below cost', async () => {
    const t = makeServices({ spApi: envSpApi({ demoStore: true }), realClock: true })
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await t.dispatch(channel as never, input as never)
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
      return r.data as T
    }
    try {
      await t.services.start()
      await expect
        .poll(async () => (await call<StatementInfo[]>('audits.statements', {})).length, { timeout: 100_000, interval: 1000 })
        .toBe(1)
      const [s] = await call<StatementInfo[]>('audits.statements', {})
      expect(s!.service).toBe(DEMO_SERVICE)
      const a = await call<StatementAudit>('audits.statement', { statementId: s!.id })
      expect(a.counts).toEqual({ notFound: 1, amountDiffers: 1, noCase: expect.any(Number), reversed: 1, duplicate: 1 })
      expect(a.counts.noCase).toBeGreaterThanOrEqual(1)
      expect(a.lines.some((l) => l.kinds.length === 0)).toBe(true)
      expect(a.totals.feeAtStake.length).toBeGreaterThan(0)
      const below = await call<{ rows: BelowCostRow[] }>('audits.belowCost', {})
      expect(below.rows.length).toBeGreaterThan(0)
      expect((await call<unknown[]>('claims.listCosts', {})).length).toBeGreaterThan(0)
    } finally {
      await t.services.stop()
      t.close()
    }
  }, 150_000)
})
