/**
 * What the emulator's API modules share: the request an operation handler receives, Amazon's
 * error shape, page tokens, and marketplace names.
 */
import type { OperationName } from '../../spapi/operations'
import type { Handled, Seller } from '../context'

/** One authorised, throttled and validated SP-API request. */
export type ApiRequest = {
  /** Path parameters in the order of the operation's path template. */
  params: string[]
  query: URLSearchParams
  /** The JSON body (null when there is none). */
  body: unknown
  seller: Seller
  /** Amazon's time when the request is handled. */
  now: number
}

export type OperationHandler = (req: ApiRequest) => Handled

/** An API module's operations: one handler per operation it serves. */
export type ApiHandlers<Op extends OperationName> = Record<Op, OperationHandler>

export const DAY = 86_400_000
export const iso = (ms: number) => new Date(ms).toISOString()

export const apiError = (code: string, message: string, details = '') => ({ errors: [{ code, message, details }] })
export const badRequest = (message: string): Handled => ({ status: 400, body: apiError('InvalidInput', message) })
export const notFound = (message: string): Handled => ({ status: 404, body: apiError('NotFound', message) })

/** A comma-separated query parameter as a list. */
export const csv = (q: URLSearchParams, k: string) =>
  (q.get(k) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** Page tokens: the filters of the first call and the offset, base64url JSON. */
export const encodeToken = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
export const decodeToken = <T>(s: string): T | null => {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString()) as T
  } catch {
    return null
  }
}

export const MARKETPLACE_NAMES: Record<string, { name: string; domain: string; lang: string }> = {
  US: { name: 'Amazon.com', domain: 'www.amazon.com', lang: 'en_US' },
  CA: { name: 'Amazon.ca', domain: 'www.amazon.ca', lang: 'en_CA' },
  MX: { name: 'Amazon.com.mx', domain: 'www.amazon.com.mx', lang: 'es_MX' },
  UK: { name: 'Amazon.co.uk', domain: 'www.amazon.co.uk', lang: 'en_GB' },
  DE: { name: 'Amazon.de', domain: 'www.amazon.de', lang: 'de_DE' },
  FR: { name: 'Amazon.fr', domain: 'www.amazon.fr', lang: 'fr_FR' },
  IT: { name: 'Amazon.it', domain: 'www.amazon.it', lang: 'it_IT' },
  ES: { name: 'Amazon.es', domain: 'www.amazon.es', lang: 'es_ES' },
  JP: { name: 'Amazon.co.jp', domain: 'www.amazon.co.jp', lang: 'ja_JP' }
}
