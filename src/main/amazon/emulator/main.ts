/**
 * `npm run emulator [-- --port 4567 --seed 7 --speed-up 1 --clock-offset-ms -300000
 * --refund-posting-delay-ms 3600000]`: the SP-API emulator standalone, for manual work with the
 * app (SBO_SPAPI_BASE_URL / SBO_LWA_TOKEN_URL) or curl. `--clock-offset-ms`: Amazon's clock minus
 * this machine's; `--refund-posting-delay-ms`: how long after a refund feed Finances lists it
 * (Amazon's pace, divided by the speed-up). Ctrl-C stops.
 */
import { DEMO_SELLER } from './demo-stores'
import { startEmulator } from './server'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const emu = await startEmulator({
    seed: arg('seed') ?? 1,
    speedUp: Number(arg('speed-up') ?? 1),
    port: Number(arg('port') ?? 0),
    clockOffsetMs: Number(arg('clock-offset-ms') ?? 0),
    refundPostingDelayMs: Number(arg('refund-posting-delay-ms') ?? 0),
    stores: [DEMO_SELLER]
  })
  console.log(`SP-API emulator listening on ${emu.baseUrl}`)
  console.log(`  LWA token URL:   ${emu.lwaTokenUrl}`)
  console.log(
    `  seller id:       ${DEMO_SELLER.sellerId}  (marketplace ${DEMO_SELLER.marketplaceIds.join(',')}, region ${DEMO_SELLER.region})`
  )
  console.log(`  LWA client id:   ${DEMO_SELLER.clientId}`)
  console.log(`  client secret:   ${DEMO_SELLER.clientSecret}   (demo only, not a real secret)`)
  console.log(`  refresh token:   ${DEMO_SELLER.refreshToken}`)
  console.log('Point the app at it:')
  const scale = Number(arg('speed-up') ?? 1)
  console.log(
    `  SBO_SPAPI_BASE_URL=${emu.baseUrl} SBO_LWA_TOKEN_URL=${emu.lwaTokenUrl}${scale > 1 ? ` SBO_SPAPI_TIME_SCALE=${scale}` : ''} npm start`
  )
  console.log('Ctrl-C stops.')
  const stop = () => {
    void emu.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
