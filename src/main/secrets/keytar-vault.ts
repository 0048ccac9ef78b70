/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Vault
 * on Windows). No fallback to a weaker store: if the keychain is unavailable we fail with
 * KEYCHAIN_UNAVAILABLE (Signal refuses `basic_text` for the same reason).
 */
import keytar from 'keytar'
import { AppError } from '../errors'
import { VAULT_SERVICE, type Vault } from './vault'

const wrap = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
  try {
    return await f()
  } catch (e) {
    throw new AppError(
      'KEYCHAIN_UNAVAILABLE',
      `The OS keychain could not ${what}. On Linux a Secret Service (gnome-keyring or KWallet) must be running and unlocked.`,
      { cause: e instanceof Error ? e.message : String(e) }
    )
  }
}

export function createKeytarVault(service = VAULT_SERVICE): Vault {
  return {
    get: (account) => wrap('read a secret', () => keytar.getPassword(service, account)),
    set: (account, secret) => wrap('store a secret', () => keytar.setPassword(service, account, secret)),
    delete: (account) => wrap('delete a secret', () => keytar.deletePassword(service, account))
  }
}
