/**
 * Moving to a new machine: one .tar.gz with the database (a verified online copy), the evidence
 * folder and the backup settings — no secrets: LWA client secrets and refresh tokens stay in the
 * old machine's keychain and are entered again on the new one. Uses the `tar` package (npm's own
 * archive library): it refuses absolute paths and `..` entries when extracting.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import * as tar from 'tar'
import { AppError } from '../errors'
import { readBackupSettings, writeBackup, writeBackupSettings } from '../db/backup-files'
import { restoreBackup, type RestoreResult } from './restore'

const FORMAT = 'seller-back-office-export/1'
type ExportManifest = { format: typeof FORMAT; createdAt: string; schemaVersion: number; secrets: string }

const ALLOWED = /^(manifest\.json|settings\.json|database\.sqlite|database\.evidence(\/.*)?)$/

export async function exportArchive(opts: { dbFile: string; out: string; now: Date }): Promise<{ file: string; sizeBytes: number }> {
  const out = resolve(opts.out)
  const work = mkdtempSync(join(tmpdir(), 'sbo-export-'))
  try {
    const entry = writeBackup({ dbFile: opts.dbFile, folder: work, reason: 'manual', now: opts.now })
    renameSync(entry.file, join(work, 'database.sqlite'))
    const evidence = entry.file.replace(/\.sqlite$/, '.evidence')
    if (existsSync(evidence)) renameSync(evidence, join(work, 'database.evidence'))
    const backupManifest = JSON.parse(readFileSync(`${entry.file}.json`, 'utf8')) as { schemaVersion: number }
    rmSync(`${entry.file}.json`)
    const manifest: ExportManifest = {
      format: FORMAT,
      createdAt: opts.now.toISOString(),
      schemaVersion: backupManifest.schemaVersion,
      secrets:
        'not included: LWA client secrets and refresh tokens stay in the keychain; enter them again on the new machine (Setup > Stores > Edit)'
    }
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
    writeFileSync(join(work, 'settings.json'), JSON.stringify(readBackupSettings(opts.dbFile), null, 2) + '\n')
    mkdirSync(dirname(out), { recursive: true })
    const parts = [
      'manifest.json',
      'settings.json',
      'database.sqlite',
      ...(existsSync(join(work, 'database.evidence')) ? ['database.evidence'] : [])
    ]
    await tar.c({ gzip: true, file: `${out}.partial`, cwd: work, portable: true }, parts)
    renameSync(`${out}.partial`, out)
    return { file: out, sizeBytes: statSync(out).size }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * Puts an exported archive in place of `dbFile` (the app must be closed): the current database
 * and evidence are kept aside, refund/cancel work that was in flight comes back `uncertain`
 * (see restoreBackup). The backup folder setting is taken over only if that folder exists here.
 */
export async function importArchive(opts: {
  dbFile: string
  archive: string
  migrationsFolder: string
  now: Date
}): Promise<RestoreResult> {
  const archive = resolve(opts.archive)
  if (!existsSync(archive)) throw new AppError('NOT_FOUND', `No file ${archive}`)
  const work = mkdtempSync(join(tmpdir(), 'sbo-import-'))
  try {
    const refused: string[] = []
    try {
      await tar.x({
        file: archive,
        cwd: work,
        strict: true,
        filter: (p) => (ALLOWED.test(p.replace(/^\.\//, '')) ? true : (refused.push(p), false))
      })
    } catch (e) {
      throw new AppError('VALIDATION', `${archive} is not an export of Seller Back Office (${e instanceof Error ? e.message : String(e)}).`)
    }
    let manifest: ExportManifest | null = null
    try {
      manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as ExportManifest
    } catch {
      manifest = null
    }
    if (manifest?.format !== FORMAT || !existsSync(join(work, 'database.sqlite'))) {
      throw new AppError('VALIDATION', `${archive} is not an export of Seller Back Office (no ${FORMAT} manifest or no database in it).`)
    }
    if (refused.length)
      throw new AppError('VALIDATION', `${archive} holds unexpected entries (${refused.slice(0, 3).join(', ')}); nothing was imported.`)
    const result = restoreBackup({
      dbFile: opts.dbFile,
      backupFile: join(work, 'database.sqlite'),
      migrationsFolder: opts.migrationsFolder,
      now: opts.now
    })
    try {
      const settings = JSON.parse(readFileSync(join(work, 'settings.json'), 'utf8')) as { folder?: string }
      if (settings.folder && existsSync(settings.folder))
        writeBackupSettings(opts.dbFile, { ...readBackupSettings(opts.dbFile), folder: settings.folder })
    } catch {
      /* settings are optional */
    }
    return { ...result, restoredFrom: archive }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
