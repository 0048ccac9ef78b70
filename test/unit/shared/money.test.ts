import { describe, expect, it } from 'vitest'
import { formatMinor, parseMinor, totalsByCurrency } from '../../../src/shared/money'

describe('money', () => {
  it('parses decimal strings exactly into minor units', () => {
    expect(parseMinor('12.40', 'USD')).toBe(1240)
    expect(parseMinor('-9.87', 'USD')).toBe(-987)
    expect(parseMinor('0.1', 'USD')).toBe(10)
    expect(parseMinor('19.74', 'EUR')).toBe(1974)
    expect(parseMinor(' 7 ', 'USD')).toBe(700)
    expect(parseMinor('1500', 'JPY')).toBe(1500)
    // 0.1 + 0.2 style traps never happen: 1.005 * 100 is 100.49999… in floats.
    expect(parseMinor('1.005', 'USD')).toBeNull()
    expect(parseMinor('1.10', 'USD')).toBe(110)
  })
  it('rejects what is not a plain decimal or has too many digits', () => {
    for (const bad of ['', 'abc', '1,234.50', '12.4.0', '1e3', 'NaN', '12.345']) expect(parseMinor(bad, 'USD')).toBeNull()
    expect(parseMinor('12.5', 'JPY')).toBeNull()
    expect(parseMinor('12.000', 'USD')).toBe(1200)
  })
  it('formats minor units without floats', () => {
    expect(formatMinor(-987, 'USD')).toBe('-9.87')
    expect(formatMinor(5, 'USD')).toBe('0.05')
    expect(formatMinor(1500, 'JPY')).toBe('1500')
    expect(formatMinor(900719925474099, 'USD')).toBe('9007199254740.99')
  })
  it('totals per currency, never across currencies', () => {
    expect(
      totalsByCurrency([
        { amountMinor: 1974, currency: 'USD' },
        { amountMinor: -987, currency: 'USD' },
        { amountMinor: 500, currency: 'EUR' }
      ])
    ).toEqual([
      { currency: 'EUR', amountMinor: 500 },
      { currency: 'USD', amountMinor: 987 }
    ])
  })
})
