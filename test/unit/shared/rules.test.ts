import { describe, expect, it } from 'vitest'
import { RULES, RulePack } from '../../../src/shared/rules'
import { RULE_SOURCES } from '../../../src/shared/rules/sources'

describe('rule pack', () => {
  it('places the buyer-cancellation answer window 48 h after the request, as an instant', () => {
    const w = RULES.place('order.buyerCancelAnswer', 'ATVPDKIKX0DER', '2026-03-29T00:30:00+01:00')!
    expect(w.anchorAt).toBe('2026-03-28T23:30:00.000Z')
    expect(w.closesAt).toBe('2026-03-30T23:30:00.000Z')
    expect(w.urgentFrom).toBe('2026-03-30T11:30:00.000Z')
    expect(w.rule.sources).toContain('SC5')
  })
  it('picks the version in force at the anchor, a marketplace-specific one over a general one', () => {
    const base = { anchor: 'x', sources: ['SC5'] as const }
    const pack = new RulePack(
      [
        { ...base, id: 'w', scope: '*', effectiveFrom: '2020-01-01T00:00:00Z', effectiveTo: '2024-10-23T00:00:00Z', latest: { days: 540 } },
        { ...base, id: 'w', scope: '*', effectiveFrom: '2024-10-23T00:00:00Z', latest: { days: 60 } },
        { ...base, id: 'w', scope: ['A2VIGQ35RCS4UG'], effectiveFrom: '2024-09-05T00:00:00Z', earliest: { days: 15 }, latest: { days: 30 } }
      ],
      RULE_SOURCES
    )
    expect(pack.ruleFor('w', 'ATVPDKIKX0DER', '2024-10-22T23:59:59Z')!.latest.days).toBe(540)
    expect(pack.ruleFor('w', 'ATVPDKIKX0DER', '2024-10-23T00:00:00Z')!.latest.days).toBe(60)
    expect(pack.ruleFor('w', 'A2VIGQ35RCS4UG', '2025-01-01T00:00:00Z')!.latest.days).toBe(30)
    expect(pack.ruleFor('w', null, '2025-01-01T00:00:00Z')!.latest.days).toBe(60)
    expect(pack.ruleFor('w', 'ATVPDKIKX0DER', '2019-01-01T00:00:00Z')).toBeUndefined()
    const p = pack.place('w', 'A2VIGQ35RCS4UG', '2025-01-01T00:00:00Z')!
    expect([p.opensAt, p.closesAt]).toEqual(['2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'])
  })
  it('refuses a rule citing an unknown source', () => {
    expect(
      () =>
        new RulePack(
          [{ id: 'w', anchor: 'x', scope: '*', effectiveFrom: '2020-01-01T00:00:00Z', latest: { days: 1 }, sources: ['NOPE'] }],
          RULE_SOURCES
        )
    ).toThrow(/unknown source NOPE/)
  })
})
