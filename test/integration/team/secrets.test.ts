/**
 * The team server's secret store: a folder of files named <storeId>.<kind>; a file that group or
 * others may read is refused with what to do; values read are redacted from logs.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { redactText } from '../../../src/main/log'
import { fileSecretStore, secretsDirFrom } from '../../../src/main/team/server/secrets'

const dir = mkdtempSync(join(tmpdir(), 'sbo-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const put = (name: string, value: string, mode: number) => {
  writeFileSync(join(dir, name), `${value}\n`)
  chmodSync(join(dir, name), mode)
}

describe('team server secret store', () => {
  it('reads a store’s three files, and registers the secrets for redaction', async () => {
    put('us1.lwa-client-id', 'amzn1.application-oa2-client.abc', 0o600)
    put('us1.lwa-client-secret', 'amzn1.oa2-cs.v1.secretsecret', 0o400)
    put('us1.refresh-token', 'Atzr|IwEBIJ-refresh-token-value', 0o600)
    const store = fileSecretStore(dir)
    expect(await store.credentials('us1')).toEqual({
      lwaClientId: 'amzn1.application-oa2-client.abc',
      lwaClientSecret: 'amzn1.oa2-cs.v1.secretsecret',
      refreshToken: 'Atzr|IwEBIJ-refresh-token-value'
    })
    expect(store.present('us1')).toEqual({ lwaClientId: true, lwaClientSecret: true, refreshToken: true })
    expect(redactText('token Atzr|IwEBIJ-refresh-token-value here')).not.toContain('refresh-token-value')
    expect(await store.credentials('eu1')).toBeNull()
  })

  it('refuses a secret file that others may read, saying how to fix it', async () => {
    put('ca1.lwa-client-id', 'amzn1.application-oa2-client.ca', 0o600)
    put('ca1.lwa-client-secret', 'amzn1.oa2-cs.v1.caseccaseccasec', 0o644)
    put('ca1.refresh-token', 'Atzr|IwEBIJ-ca-token', 0o600)
    await expect(fileSecretStore(dir).credentials('ca1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/ca1\.lwa-client-secret may be read by other users \(mode 644\).*chmod 600/)
    })
    chmodSync(join(dir, 'ca1.lwa-client-secret'), 0o640)
    await expect(fileSecretStore(dir).credentials('ca1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('finds the folder: the option, then systemd’s CREDENTIALS_DIRECTORY', () => {
    expect(secretsDirFrom('/x', { CREDENTIALS_DIRECTORY: '/y' })).toBe('/x')
    expect(secretsDirFrom(undefined, { CREDENTIALS_DIRECTORY: '/y' })).toBe('/y')
  })
})
