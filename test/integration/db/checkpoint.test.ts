/**
 * The background WAL checkpoint (db/checkpoint.ts) copies a bulk import's WAL into the database
 * file on a worker thread. Run with tsx in a child process, where the worker can start.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const t = tempDir('sbo-checkpoint-')
afterAll(() => t.cleanup())

const SCRIPT = `
const Database = require('better-sqlite3')
const { checkpointWalInBackground } = require(${JSON.stringify(join(ROOT, 'src/main/db/checkpoint.ts'))})
const file = process.argv[1]
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('wal_autocheckpoint = 0')
db.exec('CREATE TABLE t (x TEXT)')
const ins = db.prepare('INSERT INTO t VALUES (?)')
db.transaction(() => { for (let i = 0; i < 20000; i++) ins.run('x'.repeat(200) + i) })()
checkpointWalInBackground(file).then((r) => {
  console.log(JSON.stringify({ r, rows: db.prepare('SELECT count(*) FROM t').pluck().get() }))
  db.close()
})
`

describe('background WAL checkpoint', () => {
  it('checkpoints every frame of the WAL on a worker thread, readers unaffected', () => {
    const file = join(t.dir, 'cp.sqlite')
    const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['-e', SCRIPT, file], { cwd: ROOT, encoding: 'utf8' })
    const { r, rows } = JSON.parse(out) as { r: { busy: number; log: number; checkpointed: number } | null; rows: number }
    expect(rows).toBe(20000)
    expect(r).not.toBeNull()
    expect(r!.busy).toBe(0)
    expect(r!.log).toBeGreaterThan(100)
    expect(r!.checkpointed).toBe(r!.log)
  })
})
