/**
 * Secrets port. The only implementation shipped is the OS keychain (keytar-vault.ts); the
 * in-memory one exists for unit tests of code that merely needs *a* vault.
 * Accounts are `<storeId>:<kind>` under service `seller-back-office` (ARCHITECTURE.md).
 */
export const VAULT_SERVICE = 'seller-back-office'
export type SecretKind = 'lwaClientSecret' | 'refreshToken'
export const vaultAccount = (storeId: string, kind: SecretKind): string => `${storeId}:${kind}`

export interface Vault {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export function createMemoryVault(): Vault & { entries(): Map<string, string> } {
  const m = new Map<string, string>()
  return {
    get: async (a) => m.get(a) ?? null,
    set: async (a, s) => {
      m.set(a, s)
    },
    delete: async (a) => m.delete(a),
    entries: () => m
  }
}
