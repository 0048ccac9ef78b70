/** The Receive screen's rules (pages/receive/bench.ts): what a line means, counting, what a condition key receives. */
import { describe, expect, it } from 'vitest'
import type { ScanMatch } from '../../../src/shared/contract/rmas'
import { countUnit, parseLine, receiveLines, startParcel } from '../../../src/renderer/src/pages/receive/bench'

const match = (over: Partial<ScanMatch> = {}): ScanMatch => ({
  rmaId: 1,
  storeId: 's',
  storeName: 'S',
  amazonOrderId: '111-1111111-1111111',
  orderSourceRmaId: 'R1',
  status: 'Open',
  trackingId: null,
  matchedBy: 'tracking',
  itemIds: [],
  items: [
    { id: 10, sku: 'A', asin: null, itemName: null, quantity: 2, receivedQuantity: 1, condition: null },
    { id: 11, sku: 'B', asin: null, itemName: null, quantity: 3, receivedQuantity: 0, condition: null }
  ],
  ...over
})

describe('parseLine', () => {
  it('one character is a key (condition, match number, or unknown); longer is a scanned code', () => {
    expect(parseLine('s')).toEqual({ kind: 'condition', condition: 'sellable' })
    expect(parseLine('D')).toEqual({ kind: 'condition', condition: 'damaged' })
    expect(parseLine('f')).toEqual({ kind: 'condition', condition: 'defective' })
    expect(parseLine('3')).toEqual({ kind: 'choose', n: 3 })
    expect(parseLine('0')).toEqual({ kind: 'unknownKey', key: '0' })
    expect(parseLine('q')).toEqual({ kind: 'unknownKey', key: 'q' })
    expect(parseLine(' SKU-1 ')).toEqual({ kind: 'code', code: 'SKU-1' })
    expect(parseLine('   ')).toBeNull()
  })
})

describe('counting and receiving', () => {
  it('a product code counts one unit per scan up to what is still expected, then says over', () => {
    const { parcel, over } = startParcel(match({ matchedBy: 'sku', itemIds: [10] }), 'A')
    expect([parcel.counts, over]).toEqual([{ 10: 1 }, false])
    const again = countUnit(parcel, [10])
    expect([again.over, again.parcel.counts]).toEqual([true, { 10: 1 }]) // 2 returned, 1 received before
  })

  it('a condition key receives the counted units, or with nothing counted every unit still expected', () => {
    const byLabel = startParcel(match(), 'TRACK').parcel
    expect(receiveLines(byLabel, 'damaged')).toEqual([
      { itemId: 10, quantity: 1, condition: 'damaged' },
      { itemId: 11, quantity: 3, condition: 'damaged' }
    ])
    const counted = countUnit(countUnit(byLabel, [11]).parcel, [11]).parcel
    expect(receiveLines(counted, 'sellable')).toEqual([{ itemId: 11, quantity: 2, condition: 'sellable' }])
  })
})
