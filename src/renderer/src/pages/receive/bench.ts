/**
 * The Receive screen's rules, without React: what a line typed by the scanner (or a key and
 * Enter) means in the current state. A line of one character is a key (a condition or a match's
 * number); anything longer is a scanned code — a scanner never sends one character.
 */
import type { ItemCondition, ScanLookup, ScanMatch } from '../../../../shared/contract/rmas'

export const CONDITION_KEYS: Record<string, ItemCondition> = { s: 'sellable', d: 'damaged', f: 'defective' }

export type Parcel = {
  /** The RMA being received. */
  rma: ScanMatch
  /** Units counted by product scans, per item id (none counted: the whole parcel is received). */
  counts: Record<number, number>
  /** The code that found the RMA. */
  code: string
}

export type Unexpected = { codes: string[]; quantity: number }

export type BenchState = {
  parcel: Parcel | null
  /** Several RMAs match: choose one with its number; a product scan counts on the chosen one. */
  choice: { lookup: ScanLookup } | null
  /** Scanned, nothing open: to record as an unexpected return with a condition key. */
  unexpected: Unexpected | null
}

export const emptyBench: BenchState = { parcel: null, choice: null, unexpected: null }

export type Line =
  | { kind: 'condition'; condition: ItemCondition }
  | { kind: 'choose'; n: number }
  | { kind: 'code'; code: string }
  | { kind: 'unknownKey'; key: string }

export function parseLine(text: string): Line | null {
  const v = text.trim()
  if (!v) return null
  if (v.length === 1) {
    const k = v.toLowerCase()
    if (CONDITION_KEYS[k]) return { kind: 'condition', condition: CONDITION_KEYS[k] }
    if (/^[1-9]$/.test(k)) return { kind: 'choose', n: Number(k) }
    return { kind: 'unknownKey', key: v }
  }
  return { kind: 'code', code: v }
}

export const remaining = (i: ScanMatch['items'][number]) => i.quantity - i.receivedQuantity

/** A product scan on the parcel: one more unit on the first matched item with room, else over. */
export function countUnit(p: Parcel, itemIds: number[]): { parcel: Parcel; over: boolean; itemId: number } {
  const items = p.rma.items.filter((i) => itemIds.includes(i.id))
  const room = items.find((i) => (p.counts[i.id] ?? 0) < remaining(i))
  if (!room) return { parcel: p, over: true, itemId: items[0]?.id ?? itemIds[0]! }
  return { parcel: { ...p, counts: { ...p.counts, [room.id]: (p.counts[room.id] ?? 0) + 1 } }, over: false, itemId: room.id }
}

/** The parcel a match starts (a product code counts its first unit). */
export function startParcel(rma: ScanMatch, code: string): { parcel: Parcel; over: boolean } {
  const p: Parcel = { rma, counts: {}, code }
  if (rma.itemIds.length === 0) return { parcel: p, over: false }
  const r = countUnit(p, rma.itemIds)
  return { parcel: r.parcel, over: r.over }
}

/** What Enter with a condition receives: the counted units, or every unit still expected. */
export function receiveLines(p: Parcel, condition: ItemCondition): { itemId: number; quantity: number; condition: ItemCondition }[] {
  const counted = Object.entries(p.counts).filter(([, n]) => n > 0)
  if (counted.length > 0) return counted.map(([id, n]) => ({ itemId: Number(id), quantity: n, condition }))
  return p.rma.items.filter((i) => remaining(i) > 0).map((i) => ({ itemId: i.id, quantity: remaining(i), condition }))
}

export const countedTotal = (p: Parcel) => Object.values(p.counts).reduce((a, n) => a + n, 0)
