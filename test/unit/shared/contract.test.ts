import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { contract } from '../../../src/shared/contract'
import { CHANNELS, EVENTS } from '../../../src/shared/contract/channels'

const SECRET = /secret|token|password/i

function propertyNames(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, out))
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' && v && typeof v === 'object') out.push(...Object.keys(v))
      propertyNames(v, out)
    }
  }
  return out
}

describe('contract', () => {
  it('lists the same channel names for the preload as the contract has', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort())
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length)
  })
  it('names channels domain.action', () => {
    for (const name of Object.keys(contract)) expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/)
    for (const name of EVENTS) expect(name).toMatch(/^[a-z]+\.[a-z]+$/)
  })
  it('never carries a secret in any output schema', () => {
    for (const [name, def] of Object.entries(contract)) {
      const json = z.toJSONSchema(def.output, { unrepresentable: 'any', io: 'output' })
      const leaks = propertyNames(json).filter((p) => SECRET.test(p))
      expect(leaks, `${name} output has secret-looking fields`).toEqual([])
    }
  })
  it('accepts secrets only as input to the store channels and the team login', () => {
    const withSecrets = Object.entries(contract)
      .filter(([, def]) => propertyNames(z.toJSONSchema(def.input, { unrepresentable: 'any', io: 'input' })).some((p) => SECRET.test(p)))
      .map(([n]) => n)
    // team.connect: the team server's password, passed once to its login (never stored or logged).
    expect(withSecrets.every((n) => n.startsWith('stores.') || n === 'team.connect')).toBe(true)
    expect(withSecrets).toContain('team.connect')
  })
})
