/**
 * The CLI's log file (README, "Logs"): the built CLI writes `<data dir>/logs/seller-back-office.log`
 * beside the database given by --db, info and above even when SBO_LOG_LEVEL keeps stderr quiet,
 * and prints nothing more on stdout.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { level: string; msg: string; meta?: Record<string, unknown> })

describe('CLI log file', () => {
  it('writes its log into logs/ beside the database, without extra output', () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const db = join(t.dir, 'x.sqlite')
    const file = join(t.dir, 'logs', 'seller-back-office.log')

    const list = runCli(['--db', db, 'stores', 'list'])
    expect(list.code, list.err).toBe(0)
    expect(list.out).toBe('No stores yet. Add one: npm run cli -- stores add --help\n')
    expect(existsSync(file)).toBe(true)
    expect(lines(file)).toEqual([
      expect.objectContaining({ level: 'info', msg: 'logging started', meta: expect.objectContaining({ mode: 'cli' }) })
    ])

    // stderr kept quiet by SBO_LOG_LEVEL; the file still gets the info line, appended.
    const add = runCli(
      [
        '--db',
        db,
        'stores',
        'add',
        '--name',
        'Logged store',
        '--region',
        'EU',
        '--seller-id',
        'A1B2C3D4E5F6G7',
        '--marketplaces',
        'A1PA6795UKMFR9',
        '--lwa-client-id',
        'amzn1.application-oa2-client.log'
      ],
      { SBO_LOG_LEVEL: 'error' }
    )
    expect(add.code, add.err).toBe(0)
    expect(add.err).toBe('')
    expect(() => JSON.parse(add.out) as unknown).not.toThrow()
    const after = lines(file)
    expect(after.map((l) => l.msg)).toEqual(['logging started', 'logging started', 'store created'])
    expect(after[2]).toMatchObject({ level: 'info', meta: { name: 'Logged store' } })
  })
})
