/**
 * The team server: `npm run server -- --database postgres://… [--host 127.0.0.1] [--port 8787]
 * [--tls-cert F --tls-key F] [--secrets-dir D]`, and its administration:
 * `users add NAME --role admin|finance|warehouse`, `users list`, `users disable|enable NAME`,
 * `users password NAME`, `tokens revoke NAME`, `stores add ID …`, `stores list`.
 * The database URL comes from --database or SBO_TEAM_DATABASE_URL. README: "Team mode — the server".
 */
import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { TeamRole } from '../shared/team'
import { isAppError } from './errors'
import { readPassword } from './read-password'
import { closeLogFiles, createLogger, redactText, silentLogger } from './log'
import { migrateTeamDb, openTeamDb, type TeamDb } from './team/pg/db'
import { Accounts } from './team/server/accounts'
import { startTeamServer } from './team/server/app'
import { secretsDirFrom } from './team/server/secrets'
import { addStore, listStores } from './team/server/stores'

// Everything printed passes the secret redaction (a token or secret never reaches a terminal or pipe).
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? redactText(chunk) : chunk, ...rest)) as typeof stream.write
}

const MIGRATIONS = resolve(__dirname, '../../drizzle/pg')

class Fail extends Error {}

function databaseUrl(flag: string | undefined): string {
  const url = flag ?? process.env.SBO_TEAM_DATABASE_URL
  if (!url) throw new Fail('Give the PostgreSQL database: --database postgres://USER@HOST/DB (or SBO_TEAM_DATABASE_URL).')
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Fail('--database must be a postgres:// URL.')
  return url
}

/** Opens and migrates (guarded) the database for an admin command, runs `f`, closes. */
async function withDb<T>(flag: string | undefined, f: (db: TeamDb) => Promise<T>): Promise<T> {
  const url = databaseUrl(flag)
  const db = openTeamDb(url, { max: 2 })
  try {
    await migrateTeamDb(db, { url, migrationsFolder: MIGRATIONS, backupDir: backupDir(undefined), log: silentLogger })
    return await f(db)
  } finally {
    await db.$client.end()
  }
}

function backupDir(flag: string | undefined): string {
  if (flag) return resolve(flag)
  if (process.env.SBO_TEAM_BACKUP_DIR) return resolve(process.env.SBO_TEAM_BACKUP_DIR)
  // systemd's StateDirectory= sets STATE_DIRECTORY.
  if (process.env.STATE_DIRECTORY) return resolve(process.env.STATE_DIRECTORY.split(':')[0]!, 'backups')
  return resolve('team-backups')
}

const dbOption = () => new Option('--database <url>', 'PostgreSQL URL (default: SBO_TEAM_DATABASE_URL)')

const program = new Command()
  .name('seller-back-office-server')
  .description('The Seller Back Office team server: the shared data set on PostgreSQL, over HTTP(S).')
  .showHelpAfterError()

program
  .command('serve', { isDefault: true })
  .description('run the server (the default command)')
  .addOption(dbOption())
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 = any free port)', '8787')
  .option('--tls-cert <file>', 'PEM certificate (chain) for HTTPS')
  .option('--tls-key <file>', 'PEM private key for HTTPS')
  .option('--secrets-dir <dir>', "the stores' LWA secrets (default: $CREDENTIALS_DIRECTORY, else /run/secrets)")
  .option(
    '--backup-dir <dir>',
    'where pg_dump backs up before migrating (default: SBO_TEAM_BACKUP_DIR, $STATE_DIRECTORY/backups or ./team-backups)'
  )
  .option('--max-upload-mb <n>', 'largest report file accepted', '256')
  .action(
    async (o: {
      database?: string
      host: string
      port: string
      tlsCert?: string
      tlsKey?: string
      secretsDir?: string
      backupDir?: string
      maxUploadMb: string
    }) => {
      const port = Number(o.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Fail(`--port ${o.port} is not a port number (0–65535).`)
      const uploadMb = Number(o.maxUploadMb)
      if (!Number.isFinite(uploadMb) || uploadMb <= 0) throw new Fail(`--max-upload-mb ${o.maxUploadMb} is not a positive number.`)
      const log = createLogger()
      const running = await startTeamServer({
        databaseUrl: databaseUrl(o.database),
        migrationsFolder: MIGRATIONS,
        host: o.host,
        port,
        tlsCert: o.tlsCert,
        tlsKey: o.tlsKey,
        secretsDir: secretsDirFrom(o.secretsDir),
        backupDir: backupDir(o.backupDir),
        log,
        limits: { fileBytes: Math.round(uploadMb * 1024 * 1024) }
      })
      console.log(`team server listening on ${running.url}`)
      await new Promise<void>((done) => {
        let stopping = false
        // process.on, not once: under systemd and tsx a signal can arrive twice (the whole cgroup, then
        // relayed by tsx), and a second SIGTERM with no listener would kill the process mid-stop.
        const stop = (signal: string) => {
          if (stopping) return
          stopping = true
          log.info('team server stopping', { signal })
          running.stop().then(done, (e: unknown) => {
            log.error('team server did not stop cleanly', { error: e })
            process.exitCode = 1
            done()
          })
        }
        process.on('SIGTERM', () => stop('SIGTERM'))
        process.on('SIGINT', () => stop('SIGINT'))
      })
      log.info('team server stopped')
    }
  )

const users = program.command('users').description('team accounts')
users
  .command('add <name>')
  .description('add a user (password from SBO_TEAM_PASSWORD, else read from stdin)')
  .addOption(new Option('--role <role>', 'admin, finance or warehouse').choices(TeamRole.options).makeOptionMandatory())
  .addOption(dbOption())
  .action(async (name: string, o: { role: TeamRole; database?: string }) => {
    const password = await readPassword(`Password for ${name}: `)
    const u = await withDb(o.database, (db) => new Accounts(db).addUser(name, o.role, password))
    console.log(`user ${u.name} added (${u.role})`)
  })
users
  .command('list')
  .description('list the users')
  .option('--json', 'JSON output')
  .addOption(dbOption())
  .action(async (o: { json?: boolean; database?: string }) => {
    const list = await withDb(o.database, (db) => new Accounts(db).listUsers())
    if (o.json) return void console.log(JSON.stringify(list, null, 2))
    if (list.length === 0) return void console.log('no users yet: npm run server -- users add NAME --role admin')
    for (const u of list) console.log(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\tsince ${u.createdAt}`)
  })
for (const [cmd, disabled] of [
  ['disable', true],
  ['enable', false]
] as const)
  users
    .command(`${cmd} <name>`)
    .description(disabled ? 'disable a user (logins and tokens refused at once)' : 'enable a disabled user')
    .addOption(dbOption())
    .action(async (name: string, o: { database?: string }) => {
      await withDb(o.database, (db) => new Accounts(db).setDisabled(name, disabled))
      console.log(`user ${name} ${disabled ? 'disabled' : 'enabled'}`)
    })
users
  .command('password <name>')
  .description("set a user's password (from SBO_TEAM_PASSWORD, else stdin)")
  .addOption(dbOption())
  .action(async (name: string, o: { database?: string }) => {
    const password = await readPassword(`New password for ${name}: `)
    await withDb(o.database, (db) => new Accounts(db).setPassword(name, password))
    console.log(`password of ${name} changed`)
  })

program
  .command('tokens')
  .description('bearer tokens')
  .command('revoke <name>')
  .description('revoke every token of a user (a lost laptop); they log in again with their password')
  .addOption(dbOption())
  .action(async (name: string, o: { database?: string }) => {
    const n = await withDb(o.database, (db) => new Accounts(db).revokeUserTokens(name))
    console.log(`${n} token${n === 1 ? '' : 's'} of ${name} revoked`)
  })

const stores = program.command('stores').description("the server's stores (credentials: the secret store)")
stores
  .command('add <id>')
  .description('add a store (its LWA secrets go in the secret store as <id>.lwa-client-id, <id>.lwa-client-secret, <id>.refresh-token)')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--region <region>', 'NA, EU or FE').choices(['NA', 'EU', 'FE']).makeOptionMandatory())
  .requiredOption('--seller-id <id>', 'the seller (merchant) id')
  .requiredOption('--marketplace <id...>', 'marketplace id(s), e.g. ATVPDKIKX0DER')
  .addOption(dbOption())
  .action(
    async (id: string, o: { name: string; region: 'NA' | 'EU' | 'FE'; sellerId: string; marketplace: string[]; database?: string }) => {
      const s = await withDb(o.database, (db) =>
        addStore(db, { id, name: o.name, region: o.region, sellerId: o.sellerId, marketplaceIds: o.marketplace })
      )
      console.log(`store ${s.id} added (${s.name}, ${s.region}, ${s.marketplaceIds.join(', ')})`)
    }
  )
stores
  .command('list')
  .description('list the stores')
  .option('--json', 'JSON output')
  .addOption(dbOption())
  .action(async (o: { json?: boolean; database?: string }) => {
    const list = await withDb(o.database, (db) => listStores(db))
    if (o.json) return void console.log(JSON.stringify(list, null, 2))
    if (list.length === 0)
      return void console.log('no stores yet: npm run server -- stores add ID --name … --region NA --seller-id … --marketplace …')
    for (const s of list) console.log(`${s.id}\t${s.name}\t${s.region}\t${s.sellerId ?? ''}\t${s.marketplaceIds.join(',')}`)
  })

program
  .parseAsync()
  .catch((e: unknown) => {
    const code = isAppError(e) ? `${e.code}: ` : ''
    const message = e instanceof Error ? e.message : String(e)
    const pg = (e as { code?: string }).code
    if (e instanceof Fail || isAppError(e)) console.error(`${code}${message}`)
    else if (pg === 'ECONNREFUSED' || pg === 'ENOTFOUND' || pg === '3D000' || pg === '28P01' || pg === '28000')
      console.error(`Cannot use the PostgreSQL database: ${message}`)
    else console.error(e instanceof Error ? (e.stack ?? message) : message)
    process.exitCode = 1
  })
  .finally(closeLogFiles)
