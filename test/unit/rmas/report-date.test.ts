import { describe, expect, it } from 'vitest'
import { parseReportDate } from '../../../src/main/amazon/reports/returns-types'

describe('parseReportDate, XML form 2025-07-14T12:44:17Z (fast path)', () => {
  it('gives the same instant as the other ISO forms', () => {
    expect(parseReportDate('2025-07-14T12:44:17Z', 'd')).toBe('2025-07-14T12:44:17.000Z')
    expect(parseReportDate('2025-07-14T12:44:17+00:00', 'd')).toBe('2025-07-14T12:44:17.000Z')
    expect(parseReportDate('2025-07-14 12:44:17 UTC', 'd')).toBe('2025-07-14T12:44:17.000Z')
  })
  it('still refuses impossible times', () => {
    expect(() => parseReportDate('2025-07-14T25:44:17Z', 'd')).toThrow(/not a real date/)
  })
})
