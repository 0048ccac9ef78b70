import { describe, expect, it } from 'vitest'
import Big from 'big.js'
import { formatMinor, parseLocaleMinor, parseMinor, totalsByCurrency } from '../../../src/shared/money'

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
    expect(formatMinor(-5, 'USD')).toBe('-0.05')
    expect(formatMinor(0, 'USD')).toBe('0.00')
    expect(formatMinor(-100, 'JPY')).toBe('-100')
    // The string path equals Big's exact division on every amount from -100.00 to 100.00 (and JPY).
    for (let m = -10_000; m <= 10_000; m++) {
      expect(formatMinor(m, 'EUR')).toBe(new Big(m).div(100).toFixed(2))
      if (m % 97 === 0) expect(formatMinor(m, 'JPY')).toBe(String(m))
    }
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
  it('parses local formats strictly with the decimal mark the caller decided', () => {
    const ok = (t: string, c: string, m: '.' | ',') => {
      const r = parseLocaleMinor(t, c, m)
      return r.ok ? r.amountMinor : r.reason
    }
    expect(ok('95,00', 'EUR', ',')).toBe(9500)
    expect(ok('1.234,50', 'EUR', ',')).toBe(123450)
    expect(ok('-1.234.567,89', 'EUR', ',')).toBe(-123456789)
    expect(ok('1,234.50', 'USD', '.')).toBe(123450)
    expect(ok('14.9', 'USD', '.')).toBe(1490)
    expect(ok('12,800', 'JPY', '.')).toBe(12800)
    expect(ok('3980', 'JPY', '.')).toBe(3980)
    // the other convention, bad grouping, too many decimals, ambiguity, junk
    expect(ok('12.50', 'EUR', ',')).toContain('is not an amount')
    expect(ok('95,00', 'USD', '.')).toContain('is not an amount')
    expect(ok('1.23,45', 'EUR', ',')).toContain('is not an amount')
    expect(ok('1,234', 'EUR', ',')).toContain('more decimals than EUR allows')
    expect(ok('1.234', 'EUR', ',')).toContain('is ambiguous')
    expect(ok('1,234', 'USD', '.')).toContain('is ambiguous')
    expect(ok('12,5', 'JPY', ',')).toContain('more decimals than JPY allows')
    for (const junk of ['', '€95,00', '95,00 €', '1e3', '9 500,00', '--1']) expect(typeof ok(junk, 'EUR', ',')).toBe('string')
  })
})
