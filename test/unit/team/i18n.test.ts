/** The team namespace (plural forms aside: zh-CN has only _other) has the same keys in en and zh-CN (no untranslated string on the screen). */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const load = (lng: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../src/renderer/src/i18n/locales/${lng}/team.json`), 'utf8')) as Record<string, unknown>
const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o)
    .flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(one|other)$/, '')}`]
    )
    .filter((k, i, a) => a.indexOf(k) === i)
    .sort()

describe('team i18n', () => {
  it('en and zh-CN have the same keys', () => {
    expect(keys(load('zh-CN'))).toEqual(keys(load('en')))
  })
})
