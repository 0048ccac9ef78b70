/**
 * Errors cross every boundary (IPC, HTTP bridge, CLI) as data, never as thrown Error objects:
 * Electron's IPC drops every field but `message` (electron/electron#24427).
 */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'OFFLINE',
  'THROTTLED',
  'UNAVAILABLE',
  'AMAZON_REJECTED',
  'UNAUTHORIZED',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_IMPLEMENTED',
  'DATABASE_CORRUPT',
  'INTERNAL'
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional()
})
export type ErrorPayload = z.infer<typeof ErrorPayload>

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload }

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const err = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details }
})
