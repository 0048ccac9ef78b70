/**
 * The rotating log file (README, "Logs"): real files in a temporary folder. Lines reach the file
 * only after closeLogFiles() has flushed them, so every test closes before it reads.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLogFiles, createLogger, logDir, logFile, registerSecret } from '../../../src/main/log'
import { tempDir } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(async () => {
  await closeLogFiles()
  cleanups.splice(0).forEach((c) => c())
})
const folder = () => {
  const t = tempDir('sbo-log-')
  cleanups.push(t.cleanup)
  return t.dir
}

describe('log file', () => {
  it('lives in logs/ beside the database', () => {
    expect(logDir('/data/Seller Back Office/seller-back-office.sqlite')).toBe('/data/Seller Back Office/logs')
    expect(logFile('/data/x.sqlite')).toBe('/data/logs/seller-back-office.log')
  })

  it('gets the same redacted lines as stderr: registered secrets and LWA tokens never reach the file', async () => {
    const file = logFile(join(folder(), 'x.sqlite'))
    registerSecret('FileLogStoredSecret-42')
    const stderr: string[] = []
    const log = createLogger({ level: 'info', sink: (l) => stderr.push(l), file: { path: file, startMeta: { mode: 'cli' } } })
    log.warn('Amazon said: bad client FileLogStoredSecret-42 with Atzr|IwEBIFileLogToken-abc', {
      body: 'echo FileLogStoredSecret-42',
      detail: 'refresh with Atzr|IwEBIMetaToken_xyz failed',
      refreshToken: 'plain-named-value',
      store: 'visible-store'
    })
    log.debug('below the level: not written')
    await closeLogFiles()

    const text = readFileSync(file, 'utf8')
    for (const s of ['FileLogStoredSecret-42', 'IwEBIFileLogToken', 'IwEBIMetaToken', 'plain-named-value', 'below the level'])
      expect(text).not.toContain(s)
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; msg: string; meta?: Record<string, unknown> })
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'logging started', meta: { pid: process.pid, mode: 'cli' } })
    expect(lines[1]).toMatchObject({
      level: 'warn',
      msg: 'Amazon said: bad client [redacted] with [redacted]',
      meta: { store: 'visible-store', refreshToken: '[redacted]' }
    })
    // stderr is unchanged: the same warn line, and not the file's start line.
    expect(stderr).toEqual([text.trim().split('\n')[1]])
  })

  it('keeps info and above in the file when stderr is quieter (SBO_LOG_LEVEL=error)', async () => {
    const file = logFile(join(folder(), 'x.sqlite'))
    const stderr: string[] = []
    const log = createLogger({ level: 'error', sink: (l) => stderr.push(l), file: { path: file } })
    log.info('store created')
    log.debug('SP-API call')
    await closeLogFiles()
    expect(stderr).toEqual([])
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('"msg":"store created"')
    expect(text).not.toContain('SP-API call')
  })

  it('rotates past the size limit and keeps only the newest rotated files', async () => {
    const dir = join(folder(), 'logs')
    const file = join(dir, 'seller-back-office.log')
    const log = createLogger({ level: 'info', sink: () => undefined, file: { path: file, rotation: { maxBytes: 400, keep: 2 } } })
    // Each line is about 100 bytes: 40 lines rotate about ten times.
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`)
    await closeLogFiles()

    expect(readdirSync(dir).sort()).toEqual(['seller-back-office.log', 'seller-back-office.log.1', 'seller-back-office.log.2'])
    const newestFirst = ['seller-back-office.log', 'seller-back-office.log.1', 'seller-back-office.log.2'].map((n) =>
      readFileSync(join(dir, n), 'utf8')
    )
    for (const [i, text] of newestFirst.entries()) {
      // A file is rotated right after the line that takes it past the limit.
      if (i > 0) expect(text.length).toBeGreaterThanOrEqual(400)
      expect(text.length).toBeLessThan(400 + 200)
    }
    const all = newestFirst.reverse().join('')
    expect(all).toContain('line 039')
    // The oldest lines went with the deleted files, and what is kept is in order, with no gap.
    expect(all).not.toContain('line 000')
    expect(all).not.toContain('logging started')
    const kept = [...all.matchAll(/line (\d{3})/g)].map((m) => Number(m[1]))
    expect(kept).toEqual(kept.map((_, i) => kept[0]! + i))
    expect(existsSync(join(dir, 'seller-back-office.log.3'))).toBe(false)
  })

  it('goes on writing to stderr when the log file cannot be opened', async () => {
    const dir = folder()
    const blocker = join(dir, 'logs')
    // A file where the logs folder should be: the log file cannot be created.
    writeFileSync(blocker, 'not a folder')
    const stderr: string[] = []
    const log = createLogger({ level: 'info', sink: (l) => stderr.push(l), file: { path: join(blocker, 'seller-back-office.log') } })
    log.info('still said')
    await closeLogFiles()
    expect(stderr.join('\n')).toContain('still said')
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder')
  })
})
