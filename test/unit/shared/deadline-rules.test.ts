/**
 * Every order-side clock of #17, placed from the rule pack at its boundaries: just before / after,
 * across a DST change (the instant never moves; calendar days follow the marketplace's wall
 * clock), and a rule pack change (the 4-day return refund applies from 26 Jan 2026).
 */
import { describe, expect, it } from 'vitest'
import { RULES, localMidnightAfter, startOfLocalDate } from '../../../src/shared/rules'
import { stageOf } from '../../../src/shared/deadlines'
import { shipConfirmWindow } from '../../../src/main/orders/deadlines'
import { returnDeliveredAt } from '../../../src/main/rmas/deadlines'

const US = 'ATVPDKIKX0DER'
const UK = 'A1F83G8C2ARO7P'
const FR = 'A13V1IB3VIYZZH'
const JP = 'A1VC38T7YXB528'

describe('ship-confirm (30 days from the order; Amazon auto-cancels 7 days after LatestShipDate)', () => {
  it('is 30 × 24 h after the order instant, also across the US spring-forward (8 Mar 2026)', () => {
    const w = RULES.place('order.shipConfirm', US, '2026-02-20T18:30:00Z')!
    expect(w.closesAt).toBe('2026-03-22T18:30:00.000Z')
    expect(w.warnFrom).toBe('2026-03-15T18:30:00.000Z')
    expect(w.urgentFrom).toBe('2026-03-20T18:30:00.000Z')
    expect(w.rule.sources).toContain('AZ15')
  })
  it('takes whichever closes first: LatestShipDate + 7 days or order + 30 days', () => {
    const early = shipConfirmWindow({ marketplaceId: US, purchaseDate: '2026-05-01T00:00:00Z', latestShipDate: '2026-05-03T00:00:00Z' })!
    expect(early.rule.id).toBe('order.autoCancel')
    expect(early.closesAt).toBe('2026-05-10T00:00:00.000Z')
    const late = shipConfirmWindow({ marketplaceId: US, purchaseDate: '2026-05-01T00:00:00Z', latestShipDate: '2026-05-28T00:00:00Z' })!
    expect(late.rule.id).toBe('order.shipConfirm')
    expect(late.closesAt).toBe('2026-05-31T00:00:00.000Z')
    expect(shipConfirmWindow({ marketplaceId: US, purchaseDate: '2026-05-01T00:00:00Z', latestShipDate: null })!.rule.id).toBe(
      'order.shipConfirm'
    )
  })
})

describe('late shipment / late delivery', () => {
  it('closes at LatestShipDate itself, warns 24 h and is urgent 6 h before', () => {
    const w = RULES.place('order.lateShipment', US, '2026-11-01T06:59:59Z')!
    expect(w.closesAt).toBe('2026-11-01T06:59:59.000Z')
    expect(stageOf({ dueAt: w.closesAt, warnFrom: w.warnFrom, urgentFrom: w.urgentFrom }, Date.parse('2026-11-01T06:59:58.999Z'))).toBe(
      'urgent'
    )
    expect(stageOf({ dueAt: w.closesAt, warnFrom: w.warnFrom, urgentFrom: w.urgentFrom }, Date.parse('2026-11-01T06:59:59.000Z'))).toBe(
      'overdue'
    )
    expect(stageOf({ dueAt: w.closesAt, warnFrom: w.warnFrom, urgentFrom: w.urgentFrom }, Date.parse('2026-10-31T06:59:58Z'))).toBe('ok')
    expect(stageOf({ dueAt: w.closesAt, warnFrom: w.warnFrom, urgentFrom: w.urgentFrom }, Date.parse('2026-10-31T06:59:59Z'))).toBe('warn')
  })
  it('late delivery closes at LatestDeliveryDate', () => {
    expect(RULES.place('order.lateDelivery', UK, '2026-03-29T22:59:59Z')!.closesAt).toBe('2026-03-29T22:59:59.000Z')
  })
})

describe('return refund: 4 calendar days after delivery, on the marketplace calendar, from 26 Jan 2026', () => {
  it('a return delivered on 16 Jul 2026 (US) is due at midnight Pacific starting 21 Jul', () => {
    const at = returnDeliveredAt({ 'Return delivery date': '16-Jul-2026' }, US)!
    expect(at).toBe('2026-07-16T07:00:00.000Z')
    const w = RULES.place('return.refund', US, at)!
    expect(w.closesAt).toBe('2026-07-21T07:00:00.000Z')
    expect(w.rule.sources).toEqual(['EB1'])
  })
  it('across the US spring-forward the window is 4 days + 1 day − 1 hour, closing at local midnight all the same', () => {
    // Delivered Sat 7 Mar 2026 (PST, UTC-8); DST starts Sun 8 Mar; due at the start of 12 Mar (PDT, UTC-7).
    const at = returnDeliveredAt({ 'Return delivery date': '07-Mar-2026' }, US)!
    expect(at).toBe('2026-03-07T08:00:00.000Z')
    expect(RULES.place('return.refund', US, at)!.closesAt).toBe('2026-03-12T07:00:00.000Z')
  })
  it('across the UK autumn change (25 Oct 2026) the window closes at London midnight (UTC+0 after the change)', () => {
    const at = returnDeliveredAt({ return_delivery_date: '2026-10-23' }, UK)!
    expect(at).toBe('2026-10-22T23:00:00.000Z')
    expect(RULES.place('return.refund', UK, at)!.closesAt).toBe('2026-10-28T00:00:00.000Z')
  })
  it('a delivery time with an offset is the instant itself; its local day counts (Tokyo, no DST)', () => {
    const at = returnDeliveredAt({ 'Return delivery date': '2026-06-01T20:00:00Z' }, JP)!
    // 2 Jun 05:00 in Tokyo: due at the start of 7 Jun Tokyo = 6 Jun 15:00 UTC.
    expect(RULES.place('return.refund', JP, at)!.closesAt).toBe('2026-06-06T15:00:00.000Z')
  })
  it('returns delivered before 26 Jan 2026 have no 4-day rule (the pack has no version for them)', () => {
    expect(RULES.place('return.refund', US, '2026-01-25T23:59:59Z')).toBeUndefined()
    expect(RULES.place('return.refund', US, '2026-01-26T00:00:00Z')).toBeDefined()
  })
  it('an empty or unreadable delivery date gives no clock', () => {
    expect(returnDeliveredAt({ 'Return delivery date': '' }, US)).toBeNull()
    expect(returnDeliveredAt({ 'Return delivery date': '31-Feb-2026' }, US)).toBeNull()
    expect(returnDeliveredAt(null, US)).toBeNull()
  })
})

describe('A-to-z and SAFE-T', () => {
  it('information request: 48 h exact across DST; during a US appeal 72 h, in France 48 h', () => {
    expect(RULES.place('atoz.infoRequest', US, '2026-11-01T08:30:00Z')!.closesAt).toBe('2026-11-03T08:30:00.000Z')
    expect(RULES.place('atoz.appealInfoRequest', US, '2026-11-01T08:30:00Z')!.closesAt).toBe('2026-11-04T08:30:00.000Z')
    expect(RULES.place('atoz.appealInfoRequest', FR, '2026-11-01T08:30:00Z')!.closesAt).toBe('2026-11-03T08:30:00.000Z')
  })
  it('appeal: 30 calendar days after the grant, to the end of the marketplace day', () => {
    // Granted 15 Oct 2026 10:00 Paris (CEST); 30 days later is 14 Nov; due at the start of 15 Nov Paris (CET, UTC+1).
    expect(RULES.place('atoz.appeal', FR, '2026-10-15T08:00:00Z')!.closesAt).toBe('2026-11-14T23:00:00.000Z')
  })
  it('SAFE-T: 60 days from Amazon’s refund', () => {
    const w = RULES.place('safet.file', US, '2026-09-01T12:00:00Z')!
    expect(w.closesAt).toBe('2026-10-31T12:00:00.000Z')
    expect(w.rule.sources).toEqual(['AZ25', 'AZ26'])
  })
})

describe('marketplace calendar helpers', () => {
  it('local midnight is found on both sides of a DST change', () => {
    expect(new Date(startOfLocalDate('2026-03-08', 'America/Los_Angeles')).toISOString()).toBe('2026-03-08T08:00:00.000Z')
    expect(new Date(startOfLocalDate('2026-03-09', 'America/Los_Angeles')).toISOString()).toBe('2026-03-09T07:00:00.000Z')
    expect(new Date(localMidnightAfter(Date.parse('2026-11-01T07:30:00Z'), 1, 'America/Los_Angeles')).toISOString()).toBe(
      '2026-11-02T08:00:00.000Z'
    )
    expect(new Date(startOfLocalDate('2026-06-01', 'UTC')).toISOString()).toBe('2026-06-01T00:00:00.000Z')
  })
})
