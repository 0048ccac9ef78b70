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
import { restoreBackup } from '../backups/restore'
import { migrationsFolder } from '../paths'
import { closeLogFiles } from '../log'

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
  let port = opts.port
  let token: string | undefined
  let running: { stop(): Promise<void> } | null = null

  const boot = async (): Promise<{ stop(): Promise<void> }> => {
    let stopAll: () => Promise<void> = async () => undefined
    // Restore: answer the request, then close everything, swap the files, start again.
    const onRestore = (file: string) => {
      setTimeout(() => {
        void (async () => {
          await stopAll()
          try {
            const r = restoreBackup({
              dbFile,
              backupFile: file,
              migrationsFolder: migrationsFolder({ isPackaged: false, appRoot }),
              now: new Date()
            })
            console.log(`Restored ${r.restoredFrom}; the previous database is kept as ${r.keptAside ?? '(none)'}.`)
          } catch (e) {
            console.error(`Restore failed, starting again on the current database: ${e instanceof Error ? e.message : String(e)}`)
          }
          running = await boot()
        })().catch((e: unknown) => {
          console.error(e instanceof Error ? e.message : e)
          process.exit(1)
        })
      }, 100)
    }
    const { appRoot, dbFile, services } = bootServices({ here: __dirname, dbFlag: opts.db, mode: 'browser', onRestore })
    const rendererDir = join(appRoot, 'out', 'renderer')
    if (!existsSync(join(rendererDir, 'index.html'))) {
      console.error(`The renderer is not built (${rendererDir} is missing). Run: npm run build`)
      process.exit(1)
    }
    const host = await startHost({
      dispatch: createDispatch(createHandlers(services), services.log),
      events: services.events,
      files: services.files,
      caseEvidence: (ref) => services.cases.evidenceFile(ref),
      rendererDir,
      port,
      ...(token ? { token } : {})
    })
    // A restart (after a restore) keeps the address and token, so the open page just reloads.
    port = host.port
    token = host.token
    stopAll = async () => {
      await services.stop()
      await host.close()
      services.close()
    }
    await services.start()
    console.log(`Seller Back Office (browser mode) — database: ${dbFile}`)
    console.log(`Open: ${host.url}`)
    return { stop: stopAll }
  }

  // SIGTERM/SIGINT (npm start forwards both): stop the scheduler and the server, close the
  // database, exit. A second signal while stopping exits at once. Set before the first start, so
  // a signal during start-up is handled too.
  let stopping = false
  const stop = async () => {
    if (stopping) process.exit(1)
    stopping = true
    await running?.stop()
    await closeLogFiles() // never rejects: the exit code stays 0
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())

  running = await boot()
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  void closeLogFiles().finally(() => process.exit(1))
})
