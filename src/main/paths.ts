/** Pure path resolution shared by the Electron entry, the host, the CLI and tests. */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { homedir } from 'node:os'

/** Walks up from `start` to the folder that holds package.json (the app root in dev/host/CLI). */
export function findAppRoot(start: string): string {
  let dir = resolve(start)
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`No app root (package.json + drizzle/) above ${start}`)
    dir = up
  }
}

export function migrationsFolder(opts: { isPackaged: boolean; resourcesPath?: string; appRoot: string }): string {
  return opts.isPackaged && opts.resourcesPath ? join(opts.resourcesPath, 'drizzle') : join(opts.appRoot, 'drizzle')
}

/** Same folder Electron's app.getPath('userData') gives for this app name, for Node entry points. */
export function defaultUserDataDir(appName = 'Seller Back Office'): string {
  const home = homedir()
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), appName)
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', appName)
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), appName)
}

/** `--db PATH` wins, then SBO_DB, then the user-data folder. */
export function resolveDbPath(opts: { flag?: string; env?: NodeJS.ProcessEnv; userDataDir?: string }): string {
  const env = opts.env ?? process.env
  if (opts.flag) return resolve(opts.flag)
  if (env.SBO_DB) return resolve(env.SBO_DB)
  return join(opts.userDataDir ?? defaultUserDataDir(), 'seller-back-office.sqlite')
}
