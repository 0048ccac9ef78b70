/**
 * `npx tsx bench/reimbursements.bench.ts`: generates a 1,000,000-row FBA reimbursements report,
 * imports it into a fresh SQLite file with the real services (own process, so peak RSS is the
 * import's), then times the first page of the screen's query over many filter + sort
 * combinations, plus the count and the totals/chart query. Prints figures; asserts nothing.
 * Targets (issue #4): import < 10 s and < 300 MB peak RSS; first page p95 < 50 ms.
 * REIMB_BENCH_ROWS overrides the row count. REIMB_BENCH_KEEP=<dir> keeps the file and database
 * there; a later run with the same dir skips generating and importing and times the queries only.
 *
 * PostgreSQL (team server): when SBO_TEST_PG_URL is set (`npm run bench` starts a throwaway
 * server through scripts/with-postgres.sh), the same file is uploaded to a fresh team database
 * and imported with the `reimbursements.import` command (COPY into staging, one INSERT … SELECT …
 * ON CONFLICT), then imported again; its baseline is a bare COPY of the same rows (the file's
 * lines) into an unindexed table of 18 text columns, in the same process.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { generate as generateFile, HEADER } from './lib/reimbursements-file'

const ROWS = Number(process.env.REIMB_BENCH_ROWS ?? 1_000_000)
/**
 * The baseline the import is measured against, in the same process on the same disk: a bare
 * better-sqlite3 loop inserting ROWS rows of 18 short columns into a table with no index, in one
 * transaction, WAL. Machines differ about 2x in speed; the ratio import / baseline is the figure
 * that compares across them.
 */
async function baselineSeconds(dir: string): Promise<number> {
  const { default: Database } = await import('better-sqlite3')
  const file = join(dir, 'baseline.sqlite')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(`CREATE TABLE t (${Array.from({ length: 18 }, (_, i) => `c${i}`).join(', ')})`)
  const ins = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: 18 }, () => '?').join(', ')})`)
  const t0 = performance.now()
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++)
      ins.run(
        i,
        `R${i}`,
        'case',
        '111-0000000-0000000',
        'Lost_Warehouse',
        `SKU-${i % 5000}`,
        'X000000001',
        'B000000001',
        'Ceramic Mug',
        'New',
        'USD',
        500,
        1000,
        2,
        0,
        2,
        null,
        null
      )
  })()
  const seconds = (performance.now() - t0) / 1000
  db.close()
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  return seconds
}

async function child(dbFile: string, file: string) {
  const { createServices } = await import('../src/main/services')
  const { createMemoryVault } = await import('../src/main/secrets/vault')
  const { silentLogger } = await import('../src/main/log')
  const s = createServices({
    dbFile,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    vault: createMemoryVault(),
    mode: 'cli',
    log: silentLogger,
    stagingDir: join(dirname(dbFile), 'staging')
  })
  const known = s.sqlite
    .prepare("SELECT id FROM stores WHERE name IN ('Bench US', 'Bench CA') ORDER BY name DESC")
    .pluck()
    .all() as string[]
  if (known.length === 2) {
    await queries(s, { id: known[0]! }, { id: known[1]! })
    s.close()
    return
  }
  const store = await s.stores.create({
    name: 'Bench US',
    region: 'NA',
    sellerId: 'A2C4E6G8I0K2M4',
    marketplaceIds: ['ATVPDKIKX0DER'],
    lwaClientId: 'amzn1.application-oa2-client.bench'
  })
  const other = await s.stores.create({
    name: 'Bench CA',
    region: 'NA',
    sellerId: 'A2C4E6G8I0K2M5',
    marketplaceIds: ['A2EUQ1WTGCTBG2'],
    lwaClientId: 'amzn1.application-oa2-client.bench'
  })
  const baseline = await baselineSeconds(dirname(dbFile))
  const f = s.files.register(file)
  const t0 = performance.now()
  const r = await s.reimbursements.importFile({ storeId: store.id, fileId: f.id, detailLimit: 100 }, true)
  const importSeconds = (performance.now() - t0) / 1000
  const phases = Object.fromEntries(s.reimbursements.importer.lastPhases)
  const rssMb = process.resourceUsage().maxRSS / 1024
  const t1 = performance.now()
  // A committed import releases its file id (uploads are deleted then); the re-import registers the file again.
  const again = await s.reimbursements.importFile({ storeId: store.id, fileId: s.files.register(file).id, detailLimit: 100 }, true)
  const reimportSeconds = (performance.now() - t1) / 1000
  const reimportPhases = Object.fromEntries(s.reimbursements.importer.lastPhases)
  // A few catalog rows so the parent-ASIN filter has something to find; a second store for store filters.
  const ins = s.sqlite.prepare(
    'INSERT INTO products (store_id, sku, asin, parent_asin, title, marketplace_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
  )
  s.sqlite.transaction(() => {
    for (let k = 0; k < 5000; k++)
      ins.run(
        store.id,
        `SKU-${k}`,
        `B0${String(k).padStart(8, '0')}`,
        `P0${String(k % 250).padStart(8, '0')}`,
        `Mug ${k}`,
        'ATVPDKIKX0DER',
        new Date().toISOString()
      )
  })()
  console.log(
    JSON.stringify({
      kind: 'import',
      baselineSeconds: baseline,
      rows: r.rows,
      inserted: r.inserted,
      rejected: r.rejectedCount,
      importSeconds,
      phases,
      rssMb,
      reimport: {
        seconds: reimportSeconds,
        phases: reimportPhases,
        inserted: again.inserted,
        updated: again.updated,
        unchanged: again.unchanged
      }
    })
  )
  await queries(s, store, other)
  s.close()
}

type Services = ReturnType<typeof import('../src/main/services').createServices>

async function queries(s: Services, store: { id: string }, other: { id: string }) {
  type F = Parameters<typeof s.reimbursements.list>[0]
  const base = { page: 1, pageSize: 50, sortBy: 'reimbursedAt' as const, sortDir: 'desc' as const }
  const filters: Partial<F>[] = [
    {},
    { storeId: store.id },
    { storeId: other.id },
    { from: '2025-09-01', to: '2025-09-30' },
    { storeId: store.id, from: '2026-01-01', to: '2026-03-31' },
    { reasons: ['WarehouseLost'] },
    { reasons: ['OutboundLost', 'CustomerServiceIssue'] },
    { reasons: ['ReimbursementCancellation'], storeId: store.id },
    { storeId: store.id, reasons: ['Other'], from: '2025-06-01', to: '2025-12-31' },
    { reimbursementId: '4000123456' },
    { orderId: '103-0000003-0023757' },
    { sku: 'SKU-42' },
    { sku: 'SKU-42', from: '2025-06-01', to: '2026-06-30' },
    // Case-insensitive prefixes, as a user types them (111 SKUs start with "sku-42").
    { sku: 'sku-42' },
    { sku: 'sku-4217' },
    { orderId: '103-0000003' },
    { asin: 'b00000004' },
    { asin: 'B000000042' },
    { parentAsin: 'P000000042' },
    { parentAsin: 'P000000042', reasons: ['WarehouseDamaged'] },
    { page: 200 },
    { storeId: store.id, page: 20, pageSize: 100 }
  ]
  const sorts = [
    { sortBy: 'reimbursedAt', sortDir: 'desc' },
    { sortBy: 'reimbursedAt', sortDir: 'asc' },
    { sortBy: 'amountTotal', sortDir: 'desc' },
    { sortBy: 'reimbursementId', sortDir: 'asc' },
    { sortBy: 'sku', sortDir: 'asc' }
  ] as const
  const pageTimes: number[] = []
  const countTimes: number[] = []
  const slow: { ms: number; q: string }[] = []
  const sqlite = s.sqlite
  for (let rep = 0; rep < 3; rep++)
    for (const f of filters)
      for (const so of sorts) {
        const q = { ...base, ...f, ...so } as F
        const t = performance.now()
        const res = s.reimbursements.list(q)
        const ms = performance.now() - t
        pageTimes.push(ms)
        if (rep === 2 && ms > 50) slow.push({ ms: Math.round(ms), q: JSON.stringify({ ...f, ...so }) })
        void res
        void sqlite
      }
  // The page query alone (rows without the count), to show where the time goes.
  const rowsOnly: number[] = []
  for (const f of filters)
    for (const so of sorts) {
      const q = { ...base, ...f, ...so } as F
      const t = performance.now()
      ;(s.reimbursements as unknown as { pageRows(q: F): unknown }).pageRows?.(q)
      rowsOnly.push(performance.now() - t)
      const t2 = performance.now()
      ;(s.reimbursements as unknown as { count(q: F): unknown }).count?.(q)
      countTimes.push(performance.now() - t2)
    }
  const summaryTimes: number[] = []
  for (const f of filters.slice(0, 10)) {
    const t = performance.now()
    s.reimbursements.summary(f as F)
    summaryTimes.push(performance.now() - t)
  }
  const t3 = performance.now()
  const exp = s.reimbursements.exportCsv({
    storeId: store.id,
    from: '2026-01-01',
    to: '2026-01-31',
    sortBy: 'reimbursedAt',
    sortDir: 'desc'
  })
  const exportMs = performance.now() - t3
  const pct = (a: number[], p: number) => {
    const x = [...a].sort((m, n) => m - n)
    return Math.round(x[Math.min(x.length - 1, Math.floor((p / 100) * x.length))]! * 10) / 10
  }
  console.log(
    JSON.stringify({
      kind: 'query',
      combos: pageTimes.length / 3,
      listWithCount: { p50: pct(pageTimes, 50), p95: pct(pageTimes, 95), max: pct(pageTimes, 100) },
      pageRowsOnly: rowsOnly.some((x) => x > 0.01) ? { p50: pct(rowsOnly, 50), p95: pct(rowsOnly, 95), max: pct(rowsOnly, 100) } : null,
      countOnly: countTimes.some((x) => x > 0.01)
        ? { p50: pct(countTimes, 50), p95: pct(countTimes, 95), max: pct(countTimes, 100) }
        : null,
      summary: { p50: pct(summaryTimes, 50), p95: pct(summaryTimes, 95), max: pct(summaryTimes, 100) },
      exportOneMonth: { rows: exp.rows, ms: Math.round(exportMs) },
      slowCombos: slow.slice(0, 15)
    })
  )
}

/** The PostgreSQL baseline: a bare COPY of the file's rows into an unindexed table, in one transaction. */
async function pgBaselineSeconds(url: string, file: string): Promise<number> {
  const { default: pg } = await import('pg')
  const { from: copyFrom } = await import('pg-copy-streams')
  const { pipeline } = await import('node:stream/promises')
  const { createReadStream } = await import('node:fs')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`CREATE TABLE bench_baseline (${Array.from({ length: 18 }, (_, i) => `c${i} text`).join(', ')})`)
  const t0 = performance.now()
  await client.query('BEGIN')
  await pipeline(createReadStream(file, { start: Buffer.byteLength(HEADER) }), client.query(copyFrom('COPY bench_baseline FROM STDIN')))
  await client.query('COMMIT')
  const seconds = (performance.now() - t0) / 1000
  await client.query('DROP TABLE bench_baseline')
  await client.end()
  return seconds
}

async function pgChild(server: string, file: string) {
  const { readFileSync } = await import('node:fs')
  const { createHash, randomBytes } = await import('node:crypto')
  const { default: pg } = await import('pg')
  const { silentLogger } = await import('../src/main/log')
  const { migrateTeamDb, openTeamDb } = await import('../src/main/team/pg/db')
  const { Accounts } = await import('../src/main/team/server/accounts')
  const { storeFile } = await import('../src/main/team/server/files')
  const { addStore } = await import('../src/main/team/server/stores')
  const { applyCommand } = await import('../src/main/team/server/ledger')
  const { reimbursementsDomain, lastImportPhases } = await import('../src/main/team/server/reimbursements')
  const name = `sbo_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const u = new URL(server)
  u.pathname = `/${name}`
  const url = u.toString()
  const db = openTeamDb(url)
  try {
    await migrateTeamDb(db, { url, migrationsFolder: resolve(__dirname, '../drizzle/pg'), log: silentLogger })
    const baseline = await pgBaselineSeconds(url, file)
    const user = await new Accounts(db).addUser('bench', 'finance', 'bench-password-1')
    await addStore(db, { id: 'bench-us', name: 'Bench US', region: 'NA', sellerId: 'A2C4E6G8I0K2M4', marketplaceIds: ['ATVPDKIKX0DER'] })
    const bytes = readFileSync(file)
    const fileId = createHash('sha256').update(bytes).digest('hex')
    await storeFile(db, user.id, fileId, 'reimbursements.tsv', bytes)
    const actor = { userId: user.id, name: 'bench', role: 'finance' as const }
    const run = async () => {
      const t = performance.now()
      const out = await applyCommand(
        db,
        actor,
        {
          id: uuidv7(),
          channel: 'reimbursements.import',
          input: { storeId: 'bench-us', fileId, detailLimit: 100 },
          issuedAt: new Date().toISOString()
        },
        reimbursementsDomain.commands
      )
      if (out.status !== 'applied') throw new Error(JSON.stringify(out.error))
      return {
        seconds: (performance.now() - t) / 1000,
        result: out.result as { rows: number; inserted: number; updated: number; unchanged: number; rejectedCount: number },
        phases: Object.fromEntries(lastImportPhases)
      }
    }
    const first = await run()
    const rssMb = process.resourceUsage().maxRSS / 1024
    const again = await run()
    console.log(
      JSON.stringify({
        kind: 'pg-import',
        baselineSeconds: baseline,
        rows: first.result.rows,
        inserted: first.result.inserted,
        rejected: first.result.rejectedCount,
        importSeconds: first.seconds,
        phases: first.phases,
        rssMb,
        reimport: {
          seconds: again.seconds,
          phases: again.phases,
          inserted: again.result.inserted,
          updated: again.result.updated,
          unchanged: again.result.unchanged
        }
      })
    )
  } finally {
    await db.$client.end()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

import { dirname } from 'node:path'

async function main() {
  if (process.env.REIMB_BENCH_PG_CHILD) {
    await pgChild(process.env.SBO_TEST_PG_URL!, process.env.REIMB_BENCH_PG_CHILD)
    return
  }
  if (process.env.REIMB_BENCH_CHILD) {
    const [dbFile, file] = process.env.REIMB_BENCH_CHILD.split('|') as [string, string]
    await child(dbFile, file)
    return
  }
  const keep = process.env.REIMB_BENCH_KEEP
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'sbo-reimb-bench-'))
  try {
    const file = join(dir, 'reimbursements.tsv')
    const g0 = performance.now()
    if (keep) mkdirSync(keep, { recursive: true })
    if (!keep || !existsSync(file)) await generateFile(file, ROWS)
    console.log(
      `generated ${ROWS.toLocaleString('en')} rows (${(statSync(file).size / 1024 ** 2).toFixed(0)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`
    )
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename], {
      env: { ...process.env, REIMB_BENCH_CHILD: `${join(dir, 'bench.sqlite')}|${file}` },
      encoding: 'utf8',
      maxBuffer: 1 << 24
    })
    if (r.status !== 0) {
      console.error(r.stderr)
      process.exit(1)
    }
    for (const l of r.stdout.split('\n').filter((x) => x.startsWith('{'))) {
      const j = JSON.parse(l) as Record<string, unknown>
      if (j.kind === 'import') {
        console.log(
          `import: ${j.rows} rows, ${j.inserted} inserted, ${j.rejected} rejected in ${(j.importSeconds as number).toFixed(2)} s (target < 10 s); peak RSS ${(j.rssMb as number).toFixed(0)} MB (target < 300 MB)`
        )
        console.log(`  phases (ms since start, end of each): ${JSON.stringify(j.phases)}`)
        const base = j.baselineSeconds as number
        console.log(
          `  baseline (bare better-sqlite3 insert loop, ${ROWS.toLocaleString('en')} rows, same process and disk): ${base.toFixed(2)} s; import / baseline = ${((j.importSeconds as number) / base).toFixed(2)}, re-import / baseline = ${((j.reimport as { seconds: number }).seconds / base).toFixed(2)}`
        )
        console.log(`re-import of the same file: ${JSON.stringify(j.reimport)}`)
      } else {
        console.log(`queries over ${j.combos} filter x sort combinations (3 rounds):`)
        console.log(`  first page + total count: ${JSON.stringify(j.listWithCount)} ms (target p95 < 50 ms)`)
        if (j.pageRowsOnly) console.log(`  page rows only:           ${JSON.stringify(j.pageRowsOnly)} ms`)
        if (j.countOnly) console.log(`  total count only:         ${JSON.stringify(j.countOnly)} ms`)
        console.log(`  totals + monthly chart:   ${JSON.stringify(j.summary)} ms`)
        console.log(`  CSV export, one month:    ${JSON.stringify(j.exportOneMonth)}`)
        if ((j.slowCombos as unknown[]).length) console.log(`  combos over 50 ms (last round): ${JSON.stringify(j.slowCombos)}`)
      }
    }
    if (!process.env.SBO_TEST_PG_URL) {
      console.log(
        "PostgreSQL: skipped (SBO_TEST_PG_URL is not set; `npm run bench` starts a throwaway server when Debian's postgresql is installed)"
      )
    } else {
      const p = spawnSync(process.execPath, [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename], {
        env: { ...process.env, REIMB_BENCH_PG_CHILD: file },
        encoding: 'utf8',
        maxBuffer: 1 << 24
      })
      if (p.status !== 0) {
        console.error(p.stderr)
        process.exit(1)
      }
      for (const l of p.stdout.split('\n').filter((x) => x.startsWith('{'))) {
        const j = JSON.parse(l) as {
          baselineSeconds: number
          rows: number
          inserted: number
          rejected: number
          importSeconds: number
          phases: unknown
          rssMb: number
          reimport: { seconds: number }
        }
        console.log(
          `PostgreSQL import (team server, COPY): ${j.rows} rows, ${j.inserted} inserted, ${j.rejected} rejected in ${j.importSeconds.toFixed(2)} s; peak RSS ${j.rssMb.toFixed(0)} MB (the file is held in memory: upload + parse)`
        )
        console.log(`  phases (ms since start, end of each): ${JSON.stringify(j.phases)}`)
        console.log(
          `  baseline (bare COPY of the same ${ROWS.toLocaleString('en')} rows into an unindexed table, same process and server): ${j.baselineSeconds.toFixed(2)} s; import / baseline = ${(j.importSeconds / j.baselineSeconds).toFixed(2)}, re-import / baseline = ${(j.reimport.seconds / j.baselineSeconds).toFixed(2)}`
        )
        console.log(`PostgreSQL re-import of the same file: ${JSON.stringify(j.reimport)}`)
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}

void main()
