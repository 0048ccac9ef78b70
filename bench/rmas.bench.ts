/**
 * `npx tsx bench/rmas.bench.ts`: generates a 200,000-row merchant returns report as TSV and as
 * XML, imports each into a fresh SQLite file (real services, real migrations) in its own process,
 * and prints seconds and peak RSS. Target: < 5 s each, memory bounded (streaming; the file is
 * parsed on a worker thread from 4 MB on, see src/main/amazon/reports/returns-parallel.ts:
 * SBO_RMA_PARALLEL_BYTES=1e15 measures the single-thread path).
 * Each return is a different order (so every row also creates a minimal order: the worst case);
 * 10% are not Approved, every 50th SKU is a kit parent.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'

// Row count: `npx tsx bench/rmas.bench.ts 20000` (or RMA_BENCH_ROWS); the target is for 200,000.
const rowsArg = process.argv[2] !== '--one' ? process.argv[2] : undefined
const ROWS = Number(rowsArg ?? process.env.RMA_BENCH_ROWS ?? 200_000)

const HEADER =
  'Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\tMerchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\tOrder Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\tSafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount'

function rowValues(i: number) {
  const order = `${String(100 + (i % 900)).padStart(3, '0')}-${String(i).padStart(7, '0')}-${String((i * 7919) % 10_000_000).padStart(7, '0')}`
  const sku = i % 50 === 0 ? 'KIT-PARENT' : `SKU-${i % 5000}`
  return {
    order,
    rma: `R${i.toString(36).toUpperCase().padStart(8, '0')}RMA`,
    status: i % 10 === 9 ? 'Closed' : 'Approved',
    sku,
    tracking: `1Z999AA1${String(i).padStart(10, '0')}`,
    name: `Ceramic Mug ${i % 97} oz "Special" & more`,
    qty: 1 + (i % 3),
    amount: `${10 + (i % 90)}.${String(i % 100).padStart(2, '0')}`
  }
}

async function write(path: string, lines: (i: number) => string, head: string, tail: string) {
  const out = createWriteStream(path)
  out.write(head)
  for (let i = 0; i < ROWS; i++) if (!out.write(lines(i))) await once(out, 'drain')
  out.end(tail)
  await once(out, 'finish')
}

async function generate(dir: string) {
  const tsv = join(dir, 'returns.tsv')
  const xml = join(dir, 'returns.xml')
  await write(
    tsv,
    (i) => {
      const v = rowValues(i)
      return `${v.order}\t10-Jul-2025\t14-Jul-2025\t${v.status}\t${v.rma}\t\tAmazonPrePaidLabel\t4.14\tUSD\tUPS\t${v.tracking}\tSeller\tN\tN\tB0CXYZ1234\t${v.sku}\t${v.name}\t${v.qty}\tAMZ-PG-BAD-DESC\tY\tC-Returns\tStandardRefund\t\t\t${v.amount}\t${v.qty}\t\t\t\t\t\t${v.amount}\n`
    },
    HEADER + '\n',
    ''
  )
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  await write(
    xml,
    (i) => {
      const v = rowValues(i)
      return `    <return_details>
      <item_details>
        <item_name>${esc(v.name)}</item_name><asin>B0CXYZ1234</asin>
        <return_reason_code>AMZ-PG-BAD-DESC</return_reason_code><merchant_sku>${v.sku}</merchant_sku>
        <in_policy>Y</in_policy><return_quantity>${v.qty}</return_quantity><resolution>StandardRefund</resolution>
        <category>Kitchen</category><refund_amount>${v.amount}</refund_amount>
      </item_details>
      <order_id>${v.order}</order_id><order_date>2025-07-10T17:08:47Z</order_date>
      <amazon_rma_id>${v.rma}</amazon_rma_id><return_request_date>2025-07-14T12:44:17Z</return_request_date>
      <return_request_status>${v.status}</return_request_status><a_to_z_claim>false</a_to_z_claim><is_prime>N</is_prime>
      <label_details><tracking_id>${v.tracking}</tracking_id><return_carrier>UPS</return_carrier>
        <currency_code>USD</currency_code><label_cost>4.14</label_cost><label_type>AmazonPrePaidLabel</label_type></label_details>
      <label_to_be_paid_by>Seller</label_to_be_paid_by><return_type>C-Returns</return_type>
      <order_amount>${v.amount}</order_amount><order_quantity>${v.qty}</order_quantity>
    </return_details>
`
    },
    '<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">\n  <Header><DocumentVersion>1.00</DocumentVersion></Header>\n  <MessageType>Returns-Report</MessageType>\n  <Message>\n',
    '  </Message>\n</AmazonEnvelope>\n'
  )
  return { tsv, xml }
}

/** Child process: import one file into a fresh database and print figures as JSON. */
async function importOne(file: string, dir: string) {
  const { createServices } = await import('../src/main/services')
  const { createMemoryVault } = await import('../src/main/secrets/vault')
  const { silentLogger } = await import('../src/main/log')
  const services = createServices({
    dbFile: join(dir, `bench-${Date.now()}.sqlite`),
    migrationsFolder: join(__dirname, '..', 'drizzle'),
    vault: createMemoryVault(),
    mode: 'cli',
    log: silentLogger,
    stagingDir: join(dir, 'staging')
  })
  const store = await services.stores.create({
    name: 'Bench',
    region: 'NA',
    sellerId: 'A2C4E6G8I0K2M4',
    marketplaceIds: ['ATVPDKIKX0DER'],
    lwaClientId: 'amzn1.application-oa2-client.bench'
  })
  services.kits.save(store.id, 'KIT-PARENT', 'KIT-PART-A', 1)
  services.kits.save(store.id, 'KIT-PARENT', 'KIT-PART-B', 2)
  const rssBefore = process.memoryUsage().rss
  const t0 = performance.now()
  const s = await services.rmas.importReport({
    storeId: store.id,
    source: file,
    fileName: file.split('/').pop()!,
    commit: true,
    detailLimit: 1000
  })
  const seconds = (performance.now() - t0) / 1000
  const t1 = performance.now()
  const again = await services.rmas.importReport({
    storeId: store.id,
    source: file,
    fileName: file.split('/').pop()!,
    commit: true,
    detailLimit: 1000
  })
  const reimportSeconds = (performance.now() - t1) / 1000
  services.close()
  console.log(
    JSON.stringify({
      seconds,
      reimportSeconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb: rssBefore / 1024 / 1024,
      rows: s.rows,
      created: s.created,
      skipped: s.skippedCount,
      rejected: s.rejectedCount,
      reimport: { created: again.created, updated: again.updated, unchanged: again.unchanged }
    })
  )
}

async function main() {
  if (process.argv[2] === '--one') return importOne(process.argv[3]!, process.argv[4]!)
  const dir = mkdtempSync(join(tmpdir(), 'sbo-rmas-bench-'))
  try {
    const g0 = performance.now()
    const files = await generate(dir)
    console.log(
      `generated ${ROWS.toLocaleString('en-US')} returns in ${((performance.now() - g0) / 1000).toFixed(1)} s: TSV ${(statSync(files.tsv).size / 1e6).toFixed(0)} MB, XML ${(statSync(files.xml).size / 1e6).toFixed(0)} MB`
    )
    let failed = false
    for (const [name, file] of Object.entries(files)) {
      const r = spawnSync(
        process.execPath,
        [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename, '--one', file, dir],
        { encoding: 'utf8' }
      )
      if (r.status !== 0) {
        console.log(`${name}: failed\n${r.stderr}`)
        failed = true
        continue
      }
      const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        seconds: number
        reimportSeconds: number
        peakRssMb: number
        rssBeforeMb: number
        rows: number
        created: number
        skipped: number
        rejected: number
        reimport: { created: number; updated: number; unchanged: number }
      }
      const ok = f.seconds < 5 * (ROWS / 200_000)
      console.log(
        `${name.toUpperCase()}: import ${f.seconds.toFixed(2)} s (${ok ? 'OK' : 'OVER'} < ${(5 * (ROWS / 200_000)).toFixed(2)} s${ROWS === 200_000 ? '' : ', the 5 s target scaled to this row count'}), peak RSS ${f.peakRssMb.toFixed(0)} MB (at start ${f.rssBeforeMb.toFixed(0)} MB); ` +
          `${f.rows} rows -> ${f.created} RMAs, ${f.skipped} skipped, ${f.rejected} rejected; re-import ${f.reimportSeconds.toFixed(2)} s: ${f.reimport.created} created, ${f.reimport.updated} updated, ${f.reimport.unchanged} unchanged`
      )
      if (!ok) failed = true
    }
    process.exitCode = failed ? 1 : 0
  } finally {
    if (process.env.RMA_BENCH_KEEP) console.log(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

void main()
