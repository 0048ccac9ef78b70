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

/**
 * Values known to be secret in this process (the keychain's client secrets and refresh tokens
 * once read or saved, LWA access tokens once received): any output that contains one, whatever
 * its shape or wherever it came from (an Amazon error text echoing a request, say), shows
 * [redacted] instead. Values shorter than 8 characters are not registered (they would redact
 * ordinary words), and no secret Amazon issues is that short.
 */
const KNOWN_SECRETS = new Set<string>()
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 8) KNOWN_SECRETS.add(value)
}

/** Replaces every known secret value and every secret-looking token in a string. */
export function redactText(text: string): string {
  let s = text
  for (const secret of KNOWN_SECRETS) if (s.includes(secret)) s = s.split(secret).join('[redacted]')
  for (const re of SECRET_VALUES) s = s.replace(re, (_m, p1?: string) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]'))
  return s
}

/**
 * For data that leaves the process (IPC/HTTP results, CLI output): every string redacted with
 * `redactText`; keys are kept as they are (unlike `redact`, which also blanks secret-named keys in logs).
 */
export function redactOutput<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactText(value) as T
  if (depth > 12 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => redactOutput(v, depth + 1)) as T
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = redactOutput(v, depth + 1)
  return out as T
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value)
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
