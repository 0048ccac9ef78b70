/**
 * The packaged app's Electron fuses (issue 12 §5): electron-builder flips them from
 * electron-builder.yml's `electronFuses`. Every option must be one electron-builder knows (its
 * own JSON schema), and the hardening ones must be set.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

/** The `electronFuses:` block of the YAML: flat `key: true|false` lines (kept flat on purpose). */
function fuses(): Record<string, boolean> {
  const lines = readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8').split('\n')
  const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l))
  expect(start, 'electron-builder.yml has an electronFuses block').toBeGreaterThanOrEqual(0)
  const out: Record<string, boolean> = {}
  for (const l of lines.slice(start + 1)) {
    const m = /^\s+(\w+):\s*(true|false)\s*$/.exec(l)
    if (!m) break
    out[m[1]!] = m[2] === 'true'
  }
  return out
}

describe('Electron fuses in the packaged app', () => {
  it('turn off RunAsNode, NODE_OPTIONS and --inspect; load only from asar; check asar integrity', () => {
    expect(fuses()).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
  })
  it('uses only options electron-builder knows (a typo would be silently ignored)', () => {
    const schema = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: Record<string, { properties: Record<string, unknown> }>
    }
    const known = Object.keys(schema.definitions.FuseOptionsV1!.properties)
    for (const k of Object.keys(fuses())) expect(known).toContain(k)
  })
})
