/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another, and lets
 * each print its own figures. `npm run bench -- NAME` runs the ones whose file name contains NAME.
 * The long ones (LONG: minutes, a browser, a built app) run only when named, or with `-- all`.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = __dirname
const LONG = ['screens.bench.ts']
const arg = process.argv[2]
const filter = arg === 'all' ? undefined : arg
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filter ? f.includes(filter) : arg === 'all' || !LONG.includes(f)))
  .sort()
if (!arg) console.log(`(not run: ${LONG.join(', ')}; \`npm run bench -- screens\` or \`npm run bench -- all\` runs it)`)
if (files.length === 0) {
  console.log(filter ? `No benchmark matches "${filter}".` : 'No benchmarks yet.')
  process.exit(0)
}
let failed = 0
for (const f of files) {
  console.log(`\n=== ${f}`)
  const r = spawnSync(process.execPath, [join(dir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(dir, f)], { stdio: 'inherit' })
  if (r.status !== 0) {
    failed++
    console.log(`(${f} exited with ${r.status})`)
  }
}
process.exit(failed > 0 ? 1 : 0)
