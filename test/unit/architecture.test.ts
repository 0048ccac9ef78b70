/** House rules that lint would otherwise enforce (ARCHITECTURE.md "Rule of the house"). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) ? [p] : []
  })
}
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)

/** Relative imports of a source file, resolved to files (type-only imports count: they tie modules too). */
function localImports(file: string): string[] {
  return importsOf(file)
    .filter((i) => i.startsWith('.'))
    .map((i) => resolve(dirname(file), i))
    .map((base) => [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile()))
    .filter((f): f is string => f !== undefined)
}

/** Every import cycle among `sources` (Tarjan's strongly connected components of more than one file, or a self-import). */
function importCycles(sources: string[]): string[][] {
  const graph = new Map(sources.map((f) => [f, localImports(f).filter((t) => sources.includes(t))]))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  let next = 0
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.map((f) => relative(ROOT, f)).sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}

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
    const offenders = files(join(ROOT, 'src/shared')).flatMap((f) =>
      importsOf(f)
        .filter((i) => banned.test(i))
        .map((i) => `${relative(ROOT, f)}: ${i}`)
    )
    expect(offenders).toEqual([])
  })
  it('keeps the renderer away from main-process code', () => {
    const offenders = files(join(ROOT, 'src/renderer')).flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)main\//.test(i) || /^(node:|better-sqlite3|keytar|drizzle-orm)/.test(i))
        .map((i) => `${relative(ROOT, f)}: ${i}`)
    )
    expect(offenders).toEqual([])
  })
  it('has no import cycles in the main process, the preload, the renderer or the shared code', () => {
    const sources = ['src/main', 'src/preload', 'src/renderer/src', 'src/shared'].flatMap((d) => files(join(ROOT, d)))
    expect(importCycles(sources)).toEqual([])
  })
})

/** drizzle export name → table name, read from src/main/db/schema/*.ts. */
function drizzleTables(): Map<string, string> {
  const out = new Map<string, string>()
  for (const f of files(join(ROOT, 'src/main/db/schema'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/export const (\w+) = sqliteTable\(\s*'([a-z_]+)'/g)) out.set(m[1]!, m[2]!)
  }
  return out
}

/** The folder under src/main a file belongs to ('main' for the files directly in it). */
const folderOf = (file: string) => {
  const parts = relative(join(ROOT, 'src/main'), file).split(/[\\/]/)
  return parts.length > 1 ? parts[0]! : 'main'
}

/** Tables a source file touches: SQL text naming them, and drizzle tables it imports from db/schema. */
function tablesTouched(file: string, drizzle: Map<string, string>, known: Set<string>): Set<string> {
  const text = readFileSync(file, 'utf8')
  const out = new Set<string>()
  for (const m of text.matchAll(/\b(?:from|join|into|update|table)\s+([a-z_]+)\b/gi)) if (known.has(m[1]!)) out.add(m[1]!)
  for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'[./]*db\/schema(?:\/\w+)?'/g)) {
    for (const name of m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
      const table = drizzle.get(name)
      if (table) out.add(table)
    }
  }
  return out
}

describe('each domain owns its tables', () => {
  it('no file reads or writes a table another domain owns (src/main/db/owners.ts)', async () => {
    const { TABLE_OWNERS } = await import('../../src/main/db/owners')
    const owners = TABLE_OWNERS as Record<string, string>
    const known = new Set(Object.keys(owners))
    const drizzle = drizzleTables()
    // db/ works on whole files (backups, migrations); the emulator has its own data, not ours.
    // team/pg and team/server speak to PostgreSQL, whose tables are the team server's own (owned
    // by team/, documented in docs/ARCHITECTURE.md "Team mode"); same names there are not SQLite's.
    const sources = files(join(ROOT, 'src/main')).filter(
      (f) => !/src[\\/]main[\\/](db|amazon[\\/]emulator|team[\\/](pg|server))[\\/]/.test(f)
    )
    const offenders = sources.flatMap((f) => {
      const folder = folderOf(f)
      return [...tablesTouched(f, drizzle, known)]
        .filter((t) => owners[t] !== folder)
        .map((t) => `${relative(ROOT, f)}: ${t} (owned by ${owners[t]})`)
    })
    expect(offenders).toEqual([])
  })
})

/**
 * The layers of the main process, bottom up (docs/ARCHITECTURE.md, "Layers"). A file may import
 * its own unit or a unit of a lower layer, never one beside or above it. The longest matching
 * prefix decides a file's unit. Order actions (refund, cancel, split) go through the queue, so
 * they stand above it although they live with the orders.
 */
const UNITS: [prefix: string, layer: number, unit?: string][] = [
  ['src/shared', 0],
  // platform: clock, log, errors, events, paths, files, network, workers, the database, the vault
  ['src/main', 1, 'platform'],
  ['src/main/db', 1, 'platform'],
  ['src/main/secrets', 1, 'platform'],
  ['src/main/amazon', 2],
  ['src/main/stores', 3],
  ['src/main/jobs', 3],
  // application updates (desktop): the setting in app_meta and the feed the Electron entry gives
  ['src/main/updates', 3],
  // the watched folder and the Imports log: recognises report files (amazon/reports) and hands them
  // to the domains' imports through a port given by services.ts, so it needs none of them
  ['src/main/imports', 3],
  ['src/main/orders', 4],
  ['src/main/queue', 5],
  ['src/main/orders/actions.ts', 6, 'order actions'],
  ['src/main/orders/handlers.ts', 6, 'order actions'],
  ['src/main/orders/cli.ts', 6, 'order actions'],
  ['src/main/rmas', 7],
  // the reimbursements domain's pure rules (line key, CSV cells): shared with the team server (team/, same layer as reimbursements/)
  ['src/main/reimbursements/rules.ts', 7, 'reimbursement rules'],
  ['src/main/reimbursements', 8],
  // settlements (Amazon's settlement V2 reports) and each order's refunds in them, for the claims finder
  ['src/main/finances', 8],
  ['src/main/holds', 8],
  ['src/main/backups', 8],
  // deadlines: every domain's clocks merged (sources registered in services.ts), notifications, claims screen
  ['src/main/deadlines', 8],
  // team mode: the team server's domain on PostgreSQL (team/pg, team/server) and the desktop's client
  ['src/main/team', 8],
  // claims read reimbursements' and RMAs' data (through their services): above both
  ['src/main/claims', 9],
  // cases: made from claim findings (through a port given by services.ts), paid by reimbursements
  ['src/main/cases', 9],
  // audits read reimbursements (through their service) and the claims' costs (a port given by services.ts)
  ['src/main/audits', 9],
  ['src/main/services.ts', 10, 'wiring'],
  ['src/main/demo-seed.ts', 10, 'wiring'],
  ['src/main/handlers.ts', 10, 'wiring'],
  ['src/main/dispatch.ts', 10, 'wiring'],
  ['src/main/cli-commands.ts', 10, 'wiring'],
  ['src/main/bootstrap.ts', 10, 'wiring'],
  ['src/main/cli.ts', 11, 'entry points'],
  ['src/main/server.ts', 11, 'entry points'],
  ['src/main/ipc.ts', 11, 'entry points'],
  ['src/main/index.ts', 11, 'entry points'],
  ['src/main/host', 11, 'entry points']
]
/** The unit a file belongs to (its longest matching prefix, or that prefix's named group). */
function unitOf(file: string): { unit: string; layer: number } {
  const rel = relative(ROOT, file).split('\\').join('/')
  let best: { prefix: string; layer: number; unit?: string } = { prefix: '', layer: -1 }
  for (const [prefix, layer, unit] of UNITS)
    if ((rel === prefix || rel.startsWith(`${prefix}/`)) && prefix.length > best.prefix.length) best = { prefix, layer, unit }
  return { unit: best.unit ?? best.prefix, layer: best.layer }
}

describe('layers', () => {
  it('no import in the main process runs sideways or back up (UNITS above)', () => {
    const offenders = files(join(ROOT, 'src/main')).flatMap((f) => {
      const from = unitOf(f)
      return localImports(f)
        .filter((t) => t.startsWith(join(ROOT, 'src')))
        .map((t) => ({ t, to: unitOf(t) }))
        .filter(({ to }) => to.unit !== from.unit && to.layer >= from.layer)
        .map(
          ({ t, to }) => `${relative(ROOT, f)} (${from.unit}, layer ${from.layer}) -> ${relative(ROOT, t)} (${to.unit}, layer ${to.layer})`
        )
    })
    expect(offenders).toEqual([])
  })
})
