/**
 * Logger with secret redaction. Every log line passes through `redact`, so a token that ends up
 * in an error message or a URL never reaches stdout or a log file.
 */
import { basename, dirname, join } from 'node:path'
// rotating-file-stream: a small, dependency-free Writable made for exactly this (size rotation,
// classical `.1`…`.N` names, the oldest dropped). It fits our own redacting logger as a sink and
// runs in plain Node: the browser-mode host and the CLI have no Electron, so electron-log's
// main-process file transport is not usable there; pino would add a second logger for one sink.
import { createStream, type RotatingFileStream } from 'rotating-file-stream'
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

export const LOG_FILE_NAME = 'seller-back-office.log'
/** The logs folder beside the database: the user-data folder's `logs/` for the app's default database. */
export function logDir(dbFile: string): string {
  return join(dirname(dbFile), 'logs')
}
/** The log file of the process that works on `dbFile`. */
export function logFile(dbFile: string): string {
  return join(logDir(dbFile), LOG_FILE_NAME)
}

/** Rotation: a file is renamed `.1` once it passes `maxBytes` (older ones shift up); past `keep` rotated files, the oldest is deleted. */
export type LogRotation = { maxBytes: number; keep: number }
export const LOG_ROTATION: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 5 }

/**
 * One stream per log file in this process: the host boots its services again after a restore and
 * must not open a second writer on the same file. Several processes (the app and a CLI run) may
 * append to the same file; each line is one append, so lines do not mix, but one process's
 * rotation can leave the other's next lines in the `.1` file until it rotates in turn.
 */
const openFiles = new Map<string, RotatingFileStream>()

function openLogFile(path: string, rotation: LogRotation): RotatingFileStream | null {
  const open = openFiles.get(path)
  if (open && open.writable) return open
  let stream: RotatingFileStream
  try {
    stream = createStream(basename(path), {
      path: dirname(path),
      size: `${rotation.maxBytes}B`,
      rotate: rotation.keep,
      mode: 0o600
    })
  } catch (e) {
    process.stderr.write(redactText(`Log file ${path} not opened: ${e instanceof Error ? e.message : String(e)}`) + '\n')
    return null
  }
  // A log file that cannot be written (no space, no permission) is said once on stderr; logging
  // goes on to stderr alone and never stops the app.
  stream.on('error', (e: Error) => {
    if (openFiles.get(path) === stream) {
      openFiles.delete(path)
      process.stderr.write(redactText(`Log file ${path} not written: ${e.message}`) + '\n')
    }
  })
  stream.on('warning', () => undefined)
  openFiles.set(path, stream)
  return stream
}

/**
 * Flushes and closes every log file this process opened; lines logged afterwards go to stderr
 * only. Never rejects: call it before `process.exit(code)` without risking the code.
 */
export async function closeLogFiles(): Promise<void> {
  const streams = [...openFiles.values()]
  openFiles.clear()
  await Promise.all(
    streams.map(
      (s) =>
        new Promise<void>((done) => {
          if (s.destroyed || s.closed) return done()
          s.once('close', () => done())
          s.once('error', () => done())
          s.end()
        })
    )
  )
}

/**
 * Writes JSON lines to the given sink (stderr by default) and, with `file`, to that rotating log
 * file too — the same redacted line. The file takes `info` and above (or the sink's level when
 * that is lower), whatever SBO_LOG_LEVEL keeps off stderr; it starts with a line naming the
 * process (pid and `startMeta`), so each run can be told apart.
 */
export function createLogger(
  opts: {
    level?: LogLevel
    sink?: (line: string) => void
    file?: { path: string; rotation?: LogRotation; startMeta?: Record<string, unknown> }
  } = {}
): Logger {
  const min = ORDER[opts.level ?? (process.env.SBO_LOG_LEVEL as LogLevel | undefined) ?? 'info']
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'))
  const file = opts.file ? openLogFile(opts.file.path, opts.file.rotation ?? LOG_ROTATION) : null
  const fileMin = file ? Math.min(min, ORDER.info) : min
  const line = (level: LogLevel, msg: string, meta?: unknown) => {
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg: redact(msg) }
    if (meta !== undefined) entry.meta = redact(meta)
    return JSON.stringify(entry)
  }
  const toFile = (text: string) => {
    if (file && file.writable && openFiles.get(opts.file!.path) === file) file.write(text + '\n')
  }
  const write = (level: LogLevel) => (msg: string, meta?: unknown) => {
    if (ORDER[level] < fileMin) return
    const text = line(level, msg, meta)
    if (ORDER[level] >= min) sink(text)
    if (ORDER[level] >= fileMin) toFile(text)
  }
  toFile(line('info', 'logging started', { pid: process.pid, ...opts.file?.startMeta }))
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
