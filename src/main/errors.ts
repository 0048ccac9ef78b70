import type { ErrorCode, ErrorPayload } from '../shared/errors'

/** The only error type services throw on purpose; its code crosses the boundary intact. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

export function toErrorPayload(e: unknown): ErrorPayload {
  if (isAppError(e)) {
    return e.details === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, details: e.details }
  }
  // Anything unexpected: keep the message generic on the wire; the stack goes to the log.
  return { code: 'INTERNAL', message: 'Internal error' }
}
