/**
 * `npm start` without an Electron binary: the same services and the built renderer, served on
 * 127.0.0.1 for a browser. Never imports electron.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { bootServices } from '../bootstrap'
import { createDispatch } from '../dispatch'
import { createHandlers } from '../handlers'
import { startHost } from './server'

function parsePort(v: string): number {
  const n = Number(v)
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0: a free one).')
  return n
}

const program = new Command()
  .name('seller-back-office-host')
  .option('--db <path>', 'SQLite database file (default: SBO_DB or the user-data folder)')
  .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', parsePort, 0)
  .parse()
const opts = program.opts<{ db?: string; port: number }>()

async function main() {
  const { appRoot, dbFile, services, extensions } = bootServices({ here: __dirname, dbFlag: opts.db, mode: 'browser' })
  const rendererDir = join(appRoot, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`The renderer is not built (${rendererDir} is missing). Run: npm run build`)
    process.exit(1)
  }
  const host = await startHost({
    dispatch: createDispatch(createHandlers(services), services.log),
    events: services.events,
    files: services.files,
    rendererDir,
    port: opts.port
  })
  services.network.start()
  await extensions.start()
  console.log(`Seller Back Office (browser mode) — database: ${dbFile}`)
  console.log(`Open: ${host.url}`)
  // SIGTERM/SIGINT (npm start forwards both): stop the scheduler and the server, close the
  // database, exit. A second signal while stopping exits at once.
  let stopping = false
  const stop = async () => {
    if (stopping) process.exit(1)
    stopping = true
    await extensions.stop()
    await host.close()
    services.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
