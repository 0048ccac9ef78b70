/** Hold rules (pure): when to hold, when to flag, shippable orders, the 48-hour deadline and its notification. */
import { describe, expect, it } from 'vitest'
import {
  acceptBlocker,
  decideBuyerCancel,
  holdDueAt,
  isShippable,
  notificationDue,
  parseCancelFlag,
  shippingStatusOf
} from '../../../src/main/orders/buyer-cancel-rules'

const base = { flagged: true, shippingStatus: 'Unshipped', localStatus: 'In Process', cancelled: false, hasRequest: false }

describe('decideBuyerCancel', () => {
  it('holds only an Unshipped order that is In Process', () => {
    expect(decideBuyerCancel(base)).toEqual({ kind: 'hold' })
    expect(decideBuyerCancel({ ...base, localStatus: null }).kind).toBe('none')
    expect(decideBuyerCancel({ ...base, localStatus: 'On Hold' }).kind).toBe('none')
    expect(decideBuyerCancel({ ...base, localStatus: 'Cancelled' }).kind).toBe('none')
  })
  it('flags a shipped or partly shipped order for follow-up instead', () => {
    expect(decideBuyerCancel({ ...base, shippingStatus: 'Shipped', localStatus: 'Completed' })).toEqual({ kind: 'follow-up' })
    expect(decideBuyerCancel({ ...base, shippingStatus: 'PartiallyShipped' })).toEqual({ kind: 'follow-up' })
  })
  it('does nothing without the flag, twice, or for a cancelled order', () => {
    expect(decideBuyerCancel({ ...base, flagged: false }).kind).toBe('none')
    expect(decideBuyerCancel({ ...base, hasRequest: true })).toEqual({ kind: 'none', why: 'the request is already recorded' })
    expect(decideBuyerCancel({ ...base, cancelled: true }).kind).toBe('none')
  })
})

describe('parseCancelFlag', () => {
  it('reads the Orders API strings and report values, not truthiness', () => {
    expect(parseCancelFlag('true')).toBe(true)
    expect(parseCancelFlag('false')).toBe(false)
    expect(parseCancelFlag('TRUE')).toBe(true)
    expect(parseCancelFlag('')).toBe(false)
    expect(parseCancelFlag(undefined)).toBe(false)
  })
})

describe('shippingStatusOf', () => {
  it('uses the status, then the quantities', () => {
    expect(shippingStatusOf('Shipped', [{ quantityOrdered: 1, quantityShipped: 0 }])).toBe('Shipped')
    expect(shippingStatusOf('Unshipped', [{ quantityOrdered: 2, quantityShipped: 0 }])).toBe('Unshipped')
    expect(shippingStatusOf(null, [{ quantityOrdered: 2, quantityShipped: 1 }])).toBe('PartiallyShipped')
    expect(shippingStatusOf(undefined, [{ quantityOrdered: 2, quantityShipped: 2 }])).toBe('Shipped')
  })
})

describe('isShippable / acceptBlocker', () => {
  const o = { cancelledAt: null, localStatus: 'In Process', shippingStatus: 'Unshipped', status: 'Unshipped' }
  it('leaves out held, cancelled and shipped orders', () => {
    expect(isShippable(o)).toBe(true)
    expect(isShippable({ ...o, localStatus: 'On Hold' })).toBe(false)
    expect(isShippable({ ...o, cancelledAt: '2026-11-22T10:00:00.000Z' })).toBe(false)
    expect(isShippable({ ...o, status: 'Canceled' })).toBe(false)
    expect(isShippable({ ...o, shippingStatus: 'Shipped', status: 'Shipped' })).toBe(false)
  })
  it('refuses to accept a request for an order that shipped meanwhile', () => {
    expect(acceptBlocker(o)).toBeNull()
    expect(acceptBlocker({ ...o, shippingStatus: 'Shipped', status: 'Shipped' })).toMatch(/shipped meanwhile/)
  })
})

describe('deadline: requestedAt + exactly 48 h, an instant', () => {
  it('adds 48 hours in UTC, whatever the offset of the input', () => {
    expect(holdDueAt('2026-11-22T10:00:00.000Z')).toBe('2026-11-24T10:00:00.000Z')
    expect(holdDueAt('2026-10-31T03:00:00-07:00')).toBe('2026-11-02T10:00:00.000Z')
  })
  it('is 48 elapsed hours across the US DST change (America/Los_Angeles, 2026-11-01)', () => {
    // Requested Sat 31 Oct 2026 10:00 PDT (UTC-7); the clocks go back at 02:00 on Sun 1 Nov.
    const requested = '2026-10-31T17:00:00.000Z'
    const due = holdDueAt(requested)
    expect(Date.parse(due) - Date.parse(requested)).toBe(48 * 3600_000)
    // On the wall clock in Los Angeles that is Mon 2 Nov 09:00 PST: 47 wall-clock hours, 48 real ones.
    const la = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      dateStyle: 'short',
      timeStyle: 'short',
      hourCycle: 'h23'
    })
    expect(la.format(new Date(requested))).toBe('10/31/26, 10:00')
    expect(la.format(new Date(due))).toBe('11/2/26, 09:00')
  })
  it('notifies once when 12 hours are left', () => {
    const h = { status: 'open', dueAt: '2026-11-24T10:00:00.000Z', notifiedAt: null }
    expect(notificationDue(h, new Date('2026-11-23T21:59:59.000Z'))).toBe(false)
    expect(notificationDue(h, new Date('2026-11-23T22:00:00.000Z'))).toBe(true)
    expect(notificationDue({ ...h, notifiedAt: '2026-11-23T22:00:00.000Z' }, new Date('2026-11-23T23:00:00.000Z'))).toBe(false)
    expect(notificationDue({ ...h, status: 'declined' }, new Date('2026-11-23T23:00:00.000Z'))).toBe(false)
  })
})
