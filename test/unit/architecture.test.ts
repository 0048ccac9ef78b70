/** House rules that lint would otherwise enforce (ARCHITECTURE.md "Rule of the house"). */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) ? [p] : []
  })
}
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)

describe('architecture', () => {
  it('imports electron only in src/main/index.ts, src/main/ipc.ts and the preload', () => {
    const allowed = ['src/main/index.ts', 'src/main/ipc.ts', 'src/preload/index.ts']
    const offenders = files(join(ROOT, 'src'))
      .filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')))
      .map((f) => relative(ROOT, f))
      .filter((f) => !allowed.includes(f))
    expect(offenders).toEqual([])
  })
  it('keeps src/shared free of Node, DOM-side and database libraries', () => {
    const banned = /^(node:|fs$|path$|better-sqlite3|drizzle-orm|keytar|react|electron)/
    const offenders = files(join(ROOT, 'src/shared')).flatMap((f) => importsOf(f).filter((i) => banned.test(i)).map((i) => `${relative(ROOT, f)}: ${i}`))
    expect(offenders).toEqual([])
  })
  it('keeps the renderer away from main-process code', () => {
    const offenders = files(join(ROOT, 'src/renderer')).flatMap((f) =>
      importsOf(f).filter((i) => /(^|\/)main\//.test(i) || /^(node:|better-sqlite3|keytar|drizzle-orm)/.test(i)).map((i) => `${relative(ROOT, f)}: ${i}`)
    )
    expect(offenders).toEqual([])
  })
})
