/**
 * #6: build and submit a batch of 10,000 refund entries against the SP-API emulator. Prints how
 * long building the feed document takes (claiming the entries + XML + storing it, one
 * transaction), its size, the end-to-end time to a processed batch, and how many SP-API calls
 * it took per operation (a handful, not thousands).
 *   npx tsx bench/queue.bench.ts [entries]
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startEmulator } from '../src/main/amazon/emulator/server'
import { realSleep, resolveEndpoints } from '../src/main/amazon/spapi'
import { silentLogger } from '../src/main/log'
import { createMemoryVault } from '../src/main/secrets/vault'
import { createServices } from '../src/main/services'

const N = Number(process.argv[2] ?? 10_000)
const SPEED_UP = 200
const seller = {
  sellerId: 'A2BENCHSELLER1',
  clientId: 'amzn1.application-oa2-client.bench',
  clientSecret: 'amzn1.oa2-cs.v1.benchsecret0123456789',
  refreshToken: 'Atzr|IwEBIbenchrefreshtoken-0123456789',
  region: 'NA' as const,
  marketplaceIds: ['ATVPDKIKX0DER']
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sbo-bench-queue-'))
  const emu = await startEmulator({ seed: 5, speedUp: SPEED_UP, stores: [seller] })
  const s = createServices({
    dbFile: join(dir, 'db.sqlite'),
    migrationsFolder: resolve(__dirname, '../drizzle'),
    vault: createMemoryVault(),
    mode: 'cli',
    log: silentLogger,
    spApi: {
      endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
      rateScale: SPEED_UP,
      sleep: realSleep
    }
  })
  try {
    const store = await s.stores.create({
      name: 'Bench',
      region: 'NA',
      sellerId: seller.sellerId,
      marketplaceIds: seller.marketplaceIds,
      lwaClientId: seller.clientId,
      secrets: { lwaClientSecret: seller.clientSecret, refreshToken: seller.refreshToken }
    })
    s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
    const engine = s.queue.submission!
    // 10,000 shipped orders with one item each (the emulator does not know them: its processing
    // report answers every message, which exercises the result mapping at full size too).
    const now = new Date().toISOString()
    const insO = s.sqlite.prepare(
      "INSERT INTO orders (id, store_id, amazon_order_id, status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, ?, 'Shipped', 'Shipped', 'USD', 0, ?, ?)"
    )
    s.sqlite.transaction(() => {
      for (let i = 0; i < N; i++) {
        const id = randomUUID()
        insO.run(id, store.id, `111-${String(1000000 + i)}-${String(2000000 + i)}`, now, now)
        const lines = [
          {
            orderItemId: String(30000000000000 + i),
            sku: `SKU-${i % 500}`,
            quantity: 1,
            components: [
              { type: 'Principal', amountMinor: 1999 },
              { type: 'Tax', amountMinor: 160 }
            ]
          }
        ]
        s.queue.add({
          storeId: store.id,
          orderId: id,
          kind: 'refund',
          reason: 'CustomerReturn',
          lines,
          currency: 'USD',
          totalMinor: 2159,
          source: 'order'
        })
      }
    })()
    const ids = s.queue.queuedIds(store.id, 'refund')
    emu.resetStats()
    const t0 = performance.now()
    const batchIds = s.queue.createBatches(store.id, 'refund', ids, ['queued'], null)
    const buildMs = performance.now() - t0
    const sizes = batchIds.map(
      (id) => (s.sqlite.prepare('SELECT content_bytes AS b FROM queue_batches WHERE id = ?').get(id) as { b: number }).b
    )
    const t1 = performance.now()
    const out = await engine.settle(batchIds, { deadlineMs: 5 * 60_000 })
    const sendMs = performance.now() - t1
    const stats = emu.stats()
    const detail = s.queue.batch(batchIds[0]!)
    console.log(`entries:                 ${N}`)
    console.log(
      `feed documents:          ${batchIds.length} (${sizes.map((b) => `${(b / 1024 / 1024).toFixed(2)} MiB`).join(', ')}; Amazon's limit 10 MiB)`
    )
    console.log(`build batch (claim + XML + store): ${buildMs.toFixed(0)} ms   (target < 1000 ms)`)
    console.log(
      `submit to processed (emulator at ${SPEED_UP}x): ${sendMs.toFixed(0)} ms; states: ${[...out.values()].map((r) => r.state).join(', ')}`
    )
    console.log(
      `per-entry results mapped: ${detail.entries.length} (${detail.batch.okCount} ok, ${detail.batch.errorCount} errors from the processing report)`
    )
    console.log(
      `SP-API calls: ${stats.totalRequests} in total (plus one upload PUT and one report GET on presigned URLs) — ${Object.entries(
        stats.requests
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; 429s: ${stats.totalThrottled}`
    )
  } finally {
    s.close()
    await emu.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
