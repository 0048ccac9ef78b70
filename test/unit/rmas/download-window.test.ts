import { describe, expect, it } from 'vitest'
import { downloadWindow } from '../../../src/main/rmas/download.job'

describe('scheduled returns report download window', () => {
  const now = new Date('2026-11-22T10:00:00.000Z')
  it('first run: the last 30 days', () => {
    expect(downloadWindow(now, null)).toEqual({ start: new Date('2026-10-23T10:00:00.000Z'), end: now })
  })
  it('catch-up: from the last success minus a day of overlap', () => {
    expect(downloadWindow(now, '2026-11-20T06:00:00.000Z').start).toEqual(new Date('2026-11-19T06:00:00.000Z'))
  })
  it('never further back than Amazon allows (60 days)', () => {
    expect(downloadWindow(now, '2026-01-01T00:00:00.000Z').start).toEqual(new Date('2026-09-23T10:01:00.000Z'))
  })
})
