/**
 * The demo store has cases in every state (#16), made from its own claim findings once the
 * claims download has run against the built-in emulator. Generous polls only.
 */
import { describe, expect, it } from 'vitest'
import { CASE_STATES } from '../../../src/shared/contract/cases'
import { envSpApi } from '../amazon/helpers'
import { makeServices } from '../../helpers/services'

describe('demo cases', () => {
  it('on a fresh database, the demo store gets a case in each state', async () => {
    const t = makeServices({ spApi: envSpApi({ demoStore: true }), realClock: true })
    try {
      await t.services.start()
      const demo = (await t.services.stores.list()).find((s) => s.isDemo)!
      await expect
        .poll(
          async () => {
            const r = await t.dispatch('cases.list', { storeId: demo.id })
            if (!r.ok) throw new Error(r.error.message)
            return CASE_STATES.filter((s) => (r.data as { counts: Record<string, number> }).counts[s] === 0)
          },
          { timeout: 100_000, interval: 2000 }
        )
        .toEqual([])
      // Each state change of a demo case is in its timeline.
      const one = t.services.cases.list({ storeId: demo.id, states: ['denied'] }).cases[0]!
      expect(t.services.cases.get(one.id).events.map((e) => [e.toState, e.actor])).toEqual([
        ['draft', 'demo'],
        ['filed', 'demo'],
        ['waiting', 'demo'],
        ['denied', 'demo']
      ])
    } finally {
      await t.services.stop()
      t.close()
    }
  }, 130_000)
})
