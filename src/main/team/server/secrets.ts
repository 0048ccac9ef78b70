/**
 * The team server's secret store: a folder of files, one secret per file, named
 * `<storeId>.lwa-client-id`, `<storeId>.lwa-client-secret` and `<storeId>.refresh-token`.
 * The folder is systemd's `$CREDENTIALS_DIRECTORY` (LoadCredential=), Docker's `/run/secrets`,
 * or `--secrets-dir`. Files are read when a store's client needs them (a changed refresh token is
 * picked up without a restart) and every value read is registered with the log's redaction.
 *
 * A secret file that group or others may read is refused with what to do (chmod 600): on a shared
 * host a world-readable refresh token is as good as published.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { LwaCredentials } from '../../amazon/spapi/lwa'
import { AppError } from '../../errors'
import { registerSecret } from '../../log'

export const SECRET_FILES = { lwaClientId: 'lwa-client-id', lwaClientSecret: 'lwa-client-secret', refreshToken: 'refresh-token' } as const
type SecretKey = keyof typeof SECRET_FILES

/** Store ids the server accepts: they name files in the secret folder. */
export const SERVER_STORE_ID = /^[A-Za-z0-9_-]{1,64}$/

export interface SecretStore {
  /** Where the secrets are read from (for messages), or null when the server has none. */
  readonly dir: string | null
  /** The store's LWA credentials, or null when its files are not all there. Throws on an unsafe file. */
  credentials(storeId: string): Promise<LwaCredentials | null>
  /** Which of the store's files are present (no values). */
  present(storeId: string): Record<SecretKey, boolean>
}

/** The folder: `--secrets-dir`, else `$CREDENTIALS_DIRECTORY` (systemd), else `/run/secrets` if it exists (Docker), else none. */
export function secretsDirFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (option) return option
  if (env.CREDENTIALS_DIRECTORY) return env.CREDENTIALS_DIRECTORY
  try {
    if (statSync('/run/secrets').isDirectory()) return '/run/secrets'
  } catch {
    // no Docker secrets folder
  }
  return null
}

export function fileSecretStore(dir: string | null): SecretStore {
  const path = (storeId: string, key: SecretKey) => {
    if (!SERVER_STORE_ID.test(storeId)) throw new AppError('VALIDATION', `Store id '${storeId}' is not valid for the server.`)
    return join(dir!, `${storeId}.${SECRET_FILES[key]}`)
  }
  /** The file's trimmed content, or null when it does not exist. */
  const read = (file: string): string | null => {
    let mode: number
    try {
      mode = statSync(file).mode
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new AppError('UNAVAILABLE', `The secret file ${file} cannot be read: ${(e as Error).message}`)
    }
    if ((mode & 0o077) !== 0)
      throw new AppError(
        'UNAUTHORIZED',
        `The secret file ${file} may be read by other users (mode ${(mode & 0o777).toString(8)}); the server refuses to use it. Run: chmod 600 ${file}`,
        { file }
      )
    let value: string
    try {
      value = readFileSync(file, 'utf8').trim()
    } catch (e) {
      throw new AppError('UNAVAILABLE', `The secret file ${file} cannot be read: ${(e as Error).message}`)
    }
    return value === '' ? null : value
  }
  return {
    dir,
    async credentials(storeId) {
      if (!dir) return null
      const lwaClientId = read(path(storeId, 'lwaClientId'))
      const lwaClientSecret = read(path(storeId, 'lwaClientSecret'))
      const refreshToken = read(path(storeId, 'refreshToken'))
      registerSecret(lwaClientSecret)
      registerSecret(refreshToken)
      if (!lwaClientId || !lwaClientSecret || !refreshToken) return null
      return { lwaClientId, lwaClientSecret, refreshToken }
    },
    present(storeId) {
      const out = { lwaClientId: false, lwaClientSecret: false, refreshToken: false }
      if (!dir) return out
      for (const k of Object.keys(SECRET_FILES) as SecretKey[]) {
        try {
          out[k] = statSync(path(storeId, k)).isFile()
        } catch {
          out[k] = false
        }
      }
      return out
    }
  }
}
