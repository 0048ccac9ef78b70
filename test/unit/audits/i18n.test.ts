/**
 * The audits and costs namespaces have the same keys in en and zh-CN, and every discrepancy kind
 * and every pre-order loss reason code has plain words (no raw code on the screen).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DISCREPANCY_KINDS } from '../../../src/shared/contract/audits'
import { KNOWN_REASONS } from '../../../src/main/amazon/reports/reimbursement-reasons'
import { PRE_ORDER_LOSS_CATEGORIES } from '../../../src/main/audits/audit'

type Tree = Record<string, unknown>
const load = (lng: string, ns: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../src/renderer/src/i18n/locales/${lng}/${ns}.json`), 'utf8')) as Tree
const keys = (o: Tree, prefix = ''): string[] =>
  Object.entries(o)
    .flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort()

describe('audits and costs i18n', () => {
  it('en and zh-CN have the same keys', () => {
    for (const ns of ['audits', 'costs']) expect(keys(load('zh-CN', ns)), ns).toEqual(keys(load('en', ns)))
  })
  it('every discrepancy kind and pre-order loss reason has words in both languages', () => {
    const losses = Object.entries(KNOWN_REASONS)
      .filter(([, c]) => (PRE_ORDER_LOSS_CATEGORIES as readonly string[]).includes(c))
      .map(([r]) => r)
    for (const lng of ['en', 'zh-CN']) {
      const t = load(lng, 'audits') as { kind: Tree; kindHint: Tree; reason: Tree }
      for (const k of DISCREPANCY_KINDS)
        expect(
          [t.kind[k], t.kindHint[k]].every((v) => typeof v === 'string' && v),
          `${lng} ${k}`
        ).toBe(true)
      for (const r of [...losses, ...PRE_ORDER_LOSS_CATEGORIES]) expect(typeof t.reason[r], `${lng} ${r}`).toBe('string')
    }
  })
})
