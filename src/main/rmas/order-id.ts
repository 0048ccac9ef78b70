/**
 * Time-ordered ids (UUIDv7 layout, RFC 9562 §5.7 with the "fixed-length counter" method) for the
 * minimal orders an RMA import creates. orders.id is text and ids made by OrdersService are random
 * UUIDv4; both are 36-char UUIDs. A bulk import creating 200,000 orders with random ids scatters
 * writes over the whole orders primary-key index; ids that grow monotonically append to its right
 * edge instead.
 * Layout: 48-bit Unix ms | version 7 | 12-bit counter | variant 10 | 62 random bits. Within one
 * process ids strictly increase: when the clock hasn't moved (or went back) the counter is bumped,
 * and when it overflows the timestamp is advanced by one ms.
 */
import { randomFillSync } from 'node:crypto'

let lastMs = -1
let counter = 0
const pool = Buffer.alloc(8 * 1024)
let poolAt = pool.length

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

/** `nowMs` is wall time (Date.now()); only ordering and uniqueness matter, not its exact value. */
export function timeOrderedId(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs
    counter = 0
  } else if (++counter > 0xfff) {
    lastMs++
    counter = 0
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool)
    poolAt = 0
  }
  const r0 = pool.readUInt32BE(poolAt)
  // r0's low 16 bits and r1, as 12 hex digits.
  const rest = pool.toString('hex', poolAt + 2, poolAt + 8)
  poolAt += 8
  if (prefixMs !== lastMs) {
    const ts = hex(lastMs, 12)
    prefix = `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7`
    prefixMs = lastMs
  }
  // variant 10xx in the top 2 bits of r0's top 16 bits; 62 random bits follow.
  const v = ((r0 >>> 16) & 0x3fff) | 0x8000
  return `${prefix}${hex(counter, 3)}-${v.toString(16)}-${rest}`
}

/** The id text up to the counter, for lastMs (it changes at most once per millisecond). */
let prefixMs = -1
let prefix = ''
