/**
 * 500 getReport polls against the emulator under Amazon's published plan for getReport
 * (2 req/s, burst 15), sped up SPEED_UP times so it runs in well under a minute.
 * Prints requests sent vs 429s received for our client (token bucket per store+operation) and,
 * for comparison, for a naive poller that only reacts to 429s (what the popular npm client does).
 * Run: npx tsx bench/spapi-throttle.bench.ts
 */
import { startEmulator } from '../src/main/amazon/emulator/server'
import { DEMO_SELLER } from '../src/main/amazon/emulator/demo-stores'
import { createSpApiFactory, resolveEndpoints, OPERATIONS } from '../src/main/amazon/spapi'
import { silentLogger } from '../src/main/log'

const SPEED_UP = 16
const POLLS = 500

async function main() {
  const emu = await startEmulator({ seed: 'bench', speedUp: SPEED_UP, stores: [DEMO_SELLER] })
  const factory = createSpApiFactory({
    stores: {
      get: async (id) => ({ id, region: 'NA', sellerId: DEMO_SELLER.sellerId, marketplaceIds: DEMO_SELLER.marketplaceIds, isDemo: false }),
      credentials: async () => ({
        lwaClientId: DEMO_SELLER.clientId,
        lwaClientSecret: DEMO_SELLER.clientSecret,
        refreshToken: DEMO_SELLER.refreshToken
      })
    },
    endpoints: resolveEndpoints({ spApiBaseUrl: emu.baseUrl, lwaTokenUrl: emu.lwaTokenUrl }),
    log: silentLogger,
    rateScale: SPEED_UP
  })
  const client = await factory.forStore('bench')
  const { reportId } = await client.createReport({ reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: DEMO_SELLER.marketplaceIds })
  const { rate, burst } = OPERATIONS.getReport
  const ideal = (POLLS - burst) / (rate * SPEED_UP)
  console.log(
    `getReport plan: ${rate}/s burst ${burst}; speed-up ${SPEED_UP}x; ${POLLS} polls (ideal ≥ ${ideal.toFixed(1)} s at the full rate)`
  )

  // 1. Our client: 4 pollers sharing the store's bucket.
  emu.resetStats()
  let t0 = performance.now()
  let left = POLLS
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await client.getReport(reportId)
    })
  )
  let s = emu.stats()
  const ours = { sent: s.requests.getReport ?? 0, throttled: s.throttled.getReport ?? 0, secs: (performance.now() - t0) / 1000 }

  // 2. Naive: same 4 pollers, no limiter, wait 1/rate after a 429 and retry (uncapped).
  const token = (
    (await (
      await fetch(emu.lwaTokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: DEMO_SELLER.refreshToken,
          client_id: DEMO_SELLER.clientId,
          client_secret: DEMO_SELLER.clientSecret
        })
      })
    ).json()) as { access_token: string }
  ).access_token
  await new Promise((r) => setTimeout(r, (burst / (rate * SPEED_UP)) * 1000)) // let the bucket refill
  emu.resetStats()
  t0 = performance.now()
  left = POLLS
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) {
        for (;;) {
          const res = await fetch(`${emu.baseUrl}/reports/2021-06-30/reports/${reportId}`, { headers: { 'x-amz-access-token': token } })
          await res.arrayBuffer()
          if (res.status !== 429) break
          await new Promise((r) => setTimeout(r, 1000 / (rate * SPEED_UP)))
        }
      }
    })
  )
  s = emu.stats()
  const naive = { sent: s.requests.getReport ?? 0, throttled: s.throttled.getReport ?? 0, secs: (performance.now() - t0) / 1000 }
  await emu.close()

  console.table({
    'token-bucket client': {
      'requests sent': ours.sent,
      '429 received': ours.throttled,
      seconds: ours.secs.toFixed(1),
      'x real time (s)': (ours.secs * SPEED_UP).toFixed(0)
    },
    'naive (retry on 429 only)': {
      'requests sent': naive.sent,
      '429 received': naive.throttled,
      seconds: naive.secs.toFixed(1),
      'x real time (s)': (naive.secs * SPEED_UP).toFixed(0)
    }
  })
  if (ours.throttled > 0) process.exitCode = 1
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
