/**
 * The demo's first start: a fresh database, the services started with the demo store (built-in
 * emulator), and the time until each work screen's data source first has rows — and all of them
 * (the goal: every screen within 10 s). Figures, not a test.
 * Run: sh scripts/with-keyring.sh npx tsx bench/demo.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../src/main/clock'
import { createDispatch } from '../src/main/dispatch'
import { createHandlers } from '../src/main/handlers'
import { silentLogger } from '../src/main/log'
import { createMemoryVault } from '../src/main/secrets/vault'
import { createServices } from '../src/main/services'
import { endpointsFromEnv } from '../src/main/amazon/spapi/endpoints'
import { demoCounts } from '../test/helpers/demo'

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sbo-demo-bench-'))
  const t0 = Date.now()
  const services = createServices({
    dbFile: join(dir, 'demo.sqlite'),
    migrationsFolder: join(__dirname, '..', 'drizzle'),
    vault: createMemoryVault(),
    mode: 'browser',
    clock: systemClock,
    log: silentLogger,
    stagingDir: join(dir, 'staging'),
    spApi: { endpoints: endpointsFromEnv(), demoStore: true }
  })
  const dispatch = createDispatch(createHandlers(services), services.log)
  try {
    await services.start()
    const storeId = (await services.stores.list()).find((s) => s.isDemo)!.id
    const firstSeen = new Map<string, number>()
    let names: string[] = []
    while (Date.now() - t0 < 120_000) {
      const counts = await demoCounts(dispatch, storeId)
      names = Object.keys(counts)
      for (const [k, n] of Object.entries(counts)) if (n > 0 && !firstSeen.has(k)) firstSeen.set(k, Date.now() - t0)
      if (firstSeen.size === names.length) break
      await new Promise((r) => setTimeout(r, 100))
    }
    for (const k of names) console.log(`${k.padEnd(20)} ${firstSeen.has(k) ? `${firstSeen.get(k)} ms` : 'never (2 min)'}`)
    const all = firstSeen.size === names.length ? Math.max(...firstSeen.values()) : null
    console.log(`every screen has data after ${all === null ? 'more than 2 min' : `${all} ms`} (goal: < 10000 ms)`)
  } finally {
    await services.stop()
    services.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
