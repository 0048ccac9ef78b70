import { describe, expect, it } from 'vitest'
import { timeOrderedId } from '../../../src/main/rmas/order-id'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('timeOrderedId', () => {
  it('is a version-7 UUID carrying the timestamp', () => {
    const id = timeOrderedId(Date.UTC(2030, 0, 1))
    expect(id).toMatch(UUID)
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1))
  })

  it('strictly increases within the same millisecond, past the 12-bit counter, and when the clock goes back', () => {
    const t = Date.UTC(2031, 0, 1)
    const ids = [timeOrderedId(t)]
    for (let i = 0; i < 10_000; i++) ids.push(timeOrderedId(t))
    ids.push(timeOrderedId(t - 5000))
    for (const id of ids) expect(id).toMatch(UUID)
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('SeenSet (RMA IDs / order ids seen during an import)', () => {
  it('answers whether a string was added before, across growth', async () => {
    const { SeenSet } = await import('../../../src/main/rmas/import')
    const s = new SeenSet()
    for (let i = 0; i < 50_000; i++) expect(s.add(`R${i.toString(36)}RMA`)).toBe(false)
    for (let i = 0; i < 50_000; i += 7) expect(s.add(`R${i.toString(36)}RMA`)).toBe(true)
    expect(s.add('')).toBe(false)
    expect(s.add('')).toBe(true)
  })
})
