/**
 * `npm run cli -- backup now [--to DIR] | list | restore FILE | folder [DIR]`, `export FILE`,
 * `import FILE`. These work on the files without starting the services, so a database the app
 * refuses to open (damaged, or from a newer version) can still be backed up from or restored.
 * Restore and import replace the database: close the app first.
 */
import type { Command } from 'commander'
import { resolve } from 'node:path'
import { findAppRoot, migrationsFolder, resolveDbPath } from '../paths'
import { exportArchive, importArchive } from './archive'
import { backupFolder, listBackups, pruneBackups, writeBackup, readBackupSettings, writeBackupSettings } from '../db/backup-files'
import { inspectBackup, restoreBackup } from './restore'

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))
const size = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`)

export function registerBackupCommands(program: Command): void {
  const dbFile = () => resolveDbPath({ flag: program.opts<{ db?: string }>().db })
  const migrations = () => migrationsFolder({ isPackaged: false, appRoot: findAppRoot(__dirname) })

  const backup = program.command('backup').description('verified backups of the database (and evidence) and restore')
  backup
    .command('now')
    .description('take a verified backup now (into the backup folder, or --to DIR)')
    .option('--to <dir>', 'write it into this folder instead (no retention there)')
    .option('--json', 'print JSON')
    .action((o: { to?: string; json?: boolean }) => {
      const folder = o.to ? resolve(o.to) : backupFolder(dbFile())
      const entry = writeBackup({ dbFile: dbFile(), folder, reason: 'manual', now: new Date() })
      if (!o.to) pruneBackups(folder)
      if (o.json) return print(entry)
      console.log(`Backed up and verified: ${entry.file} (${size(entry.sizeBytes)}${entry.evidence ? ', with evidence' : ''})`)
    })
  backup
    .command('list')
    .description('backups in the backup folder, newest first, with size, time and whether verified')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const folder = backupFolder(dbFile())
      const rows = listBackups(folder)
      if (o.json) return print(rows)
      if (rows.length === 0) return console.log(`No backups in ${folder} yet. Take one: npm run cli -- backup now`)
      console.log(`Backups in ${folder}:`)
      console.table(
        rows.map((r) => ({
          time: r.createdAt,
          reason: r.reason,
          size: size(r.sizeBytes),
          verified: r.verified ? 'yes' : 'NO',
          evidence: r.evidence ? 'yes' : '',
          file: r.name
        }))
      )
    })
  backup
    .command('show <file>')
    .description('what a backup holds: rows per table, newest dates, schema, work in flight')
    .action((file: string) => print(inspectBackup(resolve(backupFolderFile(file)), migrations())))
  backup
    .command('restore <file>')
    .description('put a backup in place of the database (close the app first); the current file is kept aside')
    .action((file: string) => {
      const r = restoreBackup({ dbFile: dbFile(), backupFile: backupFolderFile(file), migrationsFolder: migrations(), now: new Date() })
      print(r)
      console.error(
        `Restored ${r.restoredFrom}.` +
          (r.keptAside ? ` The previous database is kept as ${r.keptAside}.` : '') +
          (r.uncertain.batches + r.uncertain.entries > 0
            ? ` ${r.uncertain.batches} batch(es) and ${r.uncertain.entries} queue entr(ies) that were not final are now "uncertain": check them against Amazon's record before sending anything again.`
            : '')
      )
    })
  backup
    .command('folder [dir]')
    .description('show the backup folder, or set it (an absolute path; "default" for the folder beside the database)')
    .action((dir?: string) => {
      if (dir) writeBackupSettings(dbFile(), { ...readBackupSettings(dbFile()), folder: dir === 'default' ? undefined : resolve(dir) })
      console.log(backupFolder(dbFile()))
    })

  /** A bare file name means a backup in the backup folder. */
  function backupFolderFile(file: string): string {
    return /[\\/]/.test(file) ? resolve(file) : resolve(backupFolder(dbFile()), file)
  }

  program
    .command('export <file>')
    .description('one .tar.gz for a new machine: database + evidence + settings (no secrets: they stay in the keychain)')
    .action(async (file: string) => {
      const r = await exportArchive({ dbFile: dbFile(), out: file, now: new Date() })
      console.log(
        `Exported to ${r.file} (${size(r.sizeBytes)}). Secrets are not in it: enter each store's LWA client secret and refresh token again on the new machine (Setup > Stores > Edit).`
      )
    })
  program
    .command('import <file>')
    .description('take over an export from another machine (close the app first); the current database is kept aside')
    .action(async (file: string) => {
      const r = await importArchive({ dbFile: dbFile(), archive: file, migrationsFolder: migrations(), now: new Date() })
      print(r)
      console.error(
        `Imported ${r.restoredFrom}. Enter each store's LWA client secret and refresh token again (Setup > Stores > Edit): secrets are never exported.`
      )
    })
}
