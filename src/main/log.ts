/**
 * Logger with secret redaction. Every log line passes through `redact`, so a token that ends up
 * in an error message or a URL never reaches stdout or a log file.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  debug(msg: string, meta?: unknown): void
  info(msg: string, meta?: unknown): void
  warn(msg: string, meta?: unknown): void
  error(msg: string, meta?: unknown): void
}

const SECRET_KEYS = /secret|token|password|authorization|refresh|x-amz-access/i
const SECRET_VALUES = [
  /Atzr\|[A-Za-z0-9_\-|.]+/g, // LWA refresh tokens
  /Atza\|[A-Za-z0-9_\-|.]+/g, // LWA access tokens
  /amzn1\.oa2-cs\.v1\.[A-Za-z0-9]+/g, // LWA client secrets
  /([?&](?:t|token)=)[^&\s]+/g // tokens in URLs (browser-mode bridge)
]

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    let s = value
    for (const re of SECRET_VALUES) s = s.replace(re, (_m, p1?: string) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]'))
    return s
  }
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: redact(value.stack ?? '') }
  if (Array.isArray(value)) return depth > 5 ? '[…]' : value.map((v) => redact(v, depth + 1))
  if (value && typeof value === 'object') {
    if (depth > 5) return '[…]'
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)
    return out
  }
  return value
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Writes JSON lines to the given sink (stderr by default). */
export function createLogger(
  opts: { level?: LogLevel; sink?: (line: string) => void } = {}
): Logger {
  const min = ORDER[opts.level ?? ((process.env.SBO_LOG_LEVEL as LogLevel | undefined) ?? 'info')]
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'))
  const write = (level: LogLevel) => (msg: string, meta?: unknown) => {
    if (ORDER[level] < min) return
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg: redact(msg) }
    if (meta !== undefined) entry.meta = redact(meta)
    sink(JSON.stringify(entry))
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
