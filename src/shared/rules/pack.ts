/**
 * The rule pack: lookup and placement of dated, per-marketplace windows. Data lives in one file
 * per domain (`claims.ts`, `orders.ts`, …) registered in `index.ts`; this file has no data.
 */
import type { PlacedWindow, RuleDuration, RuleSource, WindowRule } from './types'
import { localMidnightAfter, timeZoneOf } from './zones'

/** Exact length of `days` + `hours` (calendar days have no fixed length: see `closesAfter`). */
export const durationMs = (d: RuleDuration | undefined): number => ((d?.days ?? 0) * 24 + (d?.hours ?? 0)) * 3600_000

/** When a window opened at `anchorMs` closes: exact days/hours, or calendar days on the marketplace's clock (`zones.ts`). */
export function closesAfter(rule: WindowRule, marketplaceId: string | null, anchorMs: number): number {
  const cd = rule.latest.calendarDays
  if (cd !== undefined) return localMidnightAfter(anchorMs, cd + 1, timeZoneOf(marketplaceId))
  return anchorMs + durationMs(rule.latest)
}

const inScope = (r: WindowRule, marketplaceId: string | null): boolean =>
  r.scope === '*' || (marketplaceId !== null && r.scope.includes(marketplaceId))

export class RulePack {
  private readonly byId = new Map<string, WindowRule[]>()
  /** Each rule's effectiveFrom / effectiveTo as ms, parsed once (the claims finder places ~10⁵ windows). */
  private readonly span = new Map<WindowRule, { from: number; to: number }>()
  constructor(
    rules: readonly WindowRule[],
    readonly sources: Readonly<Record<string, RuleSource>>
  ) {
    for (const r of rules) {
      for (const s of r.sources) if (!sources[s]) throw new Error(`rule ${r.id}: unknown source ${s}`)
      if (Number.isNaN(Date.parse(r.effectiveFrom))) throw new Error(`rule ${r.id}: effectiveFrom is not an instant`)
      const list = this.byId.get(r.id) ?? []
      list.push(r)
      this.byId.set(r.id, list)
      this.span.set(r, { from: Date.parse(r.effectiveFrom), to: r.effectiveTo ? Date.parse(r.effectiveTo) : Infinity })
    }
  }

  ids(): string[] {
    return [...this.byId.keys()]
  }

  /** Every version of a rule (for a "where does this come from" view). */
  versions(id: string): readonly WindowRule[] {
    return this.byId.get(id) ?? []
  }

  /**
   * The version of rule `id` that applies to an anchor event at `anchorAt` in `marketplaceId`
   * (null: marketplace unknown, only '*' rules match). A marketplace-specific version wins over a
   * '*' one in force at the same instant. Undefined when none applies.
   */
  ruleFor(id: string, marketplaceId: string | null, anchorAt: string): WindowRule | undefined {
    const t = Date.parse(anchorAt)
    if (Number.isNaN(t)) throw new Error(`not an instant: ${anchorAt}`)
    const live = (this.byId.get(id) ?? []).filter((r) => {
      const s = this.span.get(r)!
      return inScope(r, marketplaceId) && s.from <= t && t < s.to
    })
    return live.find((r) => r.scope !== '*') ?? live[0]
  }

  /** The window of rule `id` for an event at `anchorAt`, placed on the time line; undefined when no version applies. */
  place(id: string, marketplaceId: string | null, anchorAt: string): PlacedWindow | undefined {
    const rule = this.ruleFor(id, marketplaceId, anchorAt)
    if (!rule) return undefined
    const a = Date.parse(anchorAt)
    const closes = closesAfter(rule, marketplaceId, a)
    const iso = (ms: number) => new Date(ms).toISOString()
    return {
      rule,
      anchorAt: iso(a),
      opensAt: iso(a + durationMs(rule.earliest)),
      closesAt: iso(closes),
      warnFrom: rule.warnBefore ? iso(closes - durationMs(rule.warnBefore)) : null,
      urgentFrom: rule.urgentBefore ? iso(closes - durationMs(rule.urgentBefore)) : null
    }
  }
}
