/**
 * Small pieces shared by the LWA and SP-API calls: what a failed fetch means, and URLs that are
 * safe to log (presigned document URLs carry signatures in their query string).
 */
import { AppError } from '../../errors'

export type FetchFn = typeof fetch
export type Sleep = (ms: number) => Promise<void>
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

export type NetworkFailure = {
  /** unreachable: nothing was sent (refused, DNS, no route). dropped: the connection broke after
   * the request may have been sent. timeout: no answer in time (may have been processed). */
  kind: 'unreachable' | 'dropped' | 'timeout'
  code: string
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT'
])

/** Undici reports network failures as TypeError('fetch failed') with the cause chained. */
export function classifyNetworkError(e: unknown): NetworkFailure | null {
  if (e instanceof AppError) return null
  const err = e as { name?: string; message?: string; code?: string; cause?: unknown }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return { kind: 'timeout', code: 'ETIMEDOUT' }
  let cur: unknown = e
  for (let i = 0; i < 5 && cur; i++) {
    const c = cur as { code?: string; message?: string; cause?: unknown; errors?: unknown[] }
    const code = c.code ?? (Array.isArray(c.errors) ? (c.errors[0] as { code?: string } | undefined)?.code : undefined)
    if (code && UNREACHABLE.has(code)) return { kind: 'unreachable', code }
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED')
      return { kind: 'dropped', code }
    if (typeof c.message === 'string' && /socket hang up|other side closed|terminated/i.test(c.message))
      return { kind: 'dropped', code: code ?? 'ECONNRESET' }
    cur = c.cause
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message ?? '')) return { kind: 'dropped', code: 'FETCH_FAILED' }
  return null
}

/** Origin + path only: drops query strings (presigned signatures, tokens). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return '[invalid url]'
  }
}

export function offlineError(target: string, f: NetworkFailure, mayHaveBeenProcessed = false): AppError {
  const msg =
    f.kind === 'timeout'
      ? `No answer from ${target} in time; check your internet connection.`
      : `Cannot reach ${target} (${f.code}); check your internet connection.`
  return new AppError('OFFLINE', msg, { network: f.code, ...(mayHaveBeenProcessed ? { mayHaveBeenProcessed: true } : {}) })
}
