/**
 * Staged files: the renderer hands a picked or dropped file to main (HTTP upload in browser
 * mode, IPC in the desktop app) and gets back an opaque id; import channels take that id, never a
 * path, so the renderer can't make main read arbitrary files.
 *
 * Reports carry buyer names and addresses, so staged copies are private and short-lived:
 * - one root folder per OS user (`<tmp>/seller-back-office-staging-<uid>`), mode 0700, refused
 *   when it is a symlink or belongs to someone else; inside it one folder per process (0700);
 * - every staged file is created new (never through an existing path) with mode 0600;
 * - a staged file is deleted as soon as its import was committed (`release`), the process's
 *   folder when the app closes (`cleanup`), and folders of processes that died when the next one
 *   starts (crash, kill -9);
 * - one upload may be at most `maxBytes` (512 MB by default): a larger one is refused with a
 *   message saying what to do, before it fills the disk.
 * Files registered from the user's own disk (CLI) are only read, never moved or deleted.
 */
import { randomUUID } from 'node:crypto'
import { chmodSync, createWriteStream, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { AppError } from './errors'
import { pidAlive } from './pid'

export type StagedFile = { id: string; name: string; path: string; size: number }

/** The most one upload may be. Amazon's largest reports here (reimbursements, 18 months) stay far below it. */
export const DEFAULT_UPLOAD_MAX_BYTES = 512 * 1024 ** 2

/** `<tmp>/seller-back-office-staging-<uid>`: one per OS user (the uid, or the user name on Windows). */
export function defaultStagingRoot(base = tmpdir()): string {
  const who = typeof process.getuid === 'function' ? String(process.getuid()) : userInfo().username.replace(/[^\w.-]+/g, '_')
  return join(base, `seller-back-office-staging-${who}`)
}

const PROC_DIR = /^p(\d+)-[0-9a-f]{8}$/

export function tooLargeMessage(name: string, maxBytes: number): string {
  const mb = Math.round(maxBytes / 1024 ** 2)
  return `"${name}" is larger than ${mb} MB, the most one upload may be. Download the report for a shorter date range in Seller Central and import the parts one after the other.`
}

export class FileStaging {
  private readonly files = new Map<string, StagedFile & { staged: boolean }>()
  /** This process's own folder inside the per-user root. */
  readonly dir: string

  constructor(
    readonly root: string,
    readonly maxBytes = DEFAULT_UPLOAD_MAX_BYTES
  ) {
    mkdirSync(root, { recursive: true, mode: 0o700 })
    const st = lstatSync(root)
    if (st.isSymbolicLink() || !st.isDirectory())
      throw new AppError('VALIDATION', `The upload folder ${root} is not a plain folder; remove it and start again.`)
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      throw new AppError('VALIDATION', `The upload folder ${root} belongs to another user; remove it and start again.`)
    }
    chmodSync(root, 0o700)
    this.sweep()
    this.dir = join(root, `p${process.pid}-${randomUUID().slice(0, 8)}`)
    mkdirSync(this.dir, { mode: 0o700 })
    chmodSync(this.dir, 0o700)
  }

  /** Removes what processes that are gone left behind (a crash or kill skips `cleanup`). */
  private sweep(): void {
    for (const name of readdirSync(this.root)) {
      const m = PROC_DIR.exec(name)
      if (!m) continue
      const pid = Number(m[1])
      if (pid !== process.pid && !pidAlive(pid)) rmSync(join(this.root, name), { recursive: true, force: true })
    }
  }

  private target(name: string) {
    const id = randomUUID()
    const safe =
      basename(name)
        .replace(/[^\w.\- ]+/g, '_')
        .slice(0, 120) || 'upload'
    return { id, name: safe, path: join(this.dir, `${id}-${safe}`) }
  }

  /** Refuses an upload whose announced size (Content-Length) is already over the cap. */
  checkSize(name: string, bytes: number): void {
    if (bytes > this.maxBytes) throw new AppError('VALIDATION', tooLargeMessage(basename(name), this.maxBytes), { maxBytes: this.maxBytes })
  }

  async fromStream(name: string, body: Readable): Promise<StagedFile> {
    const t = this.target(name)
    let size = 0
    body.on('data', (c: Buffer) => {
      size += c.length
      if (size > this.maxBytes)
        body.destroy(new AppError('VALIDATION', tooLargeMessage(t.name, this.maxBytes), { maxBytes: this.maxBytes }))
    })
    try {
      // 'wx': created new, never through a file (or link) someone put there.
      await pipeline(body, createWriteStream(t.path, { mode: 0o600, flags: 'wx' }))
    } catch (e) {
      rmSync(t.path, { force: true })
      throw e
    }
    const f = { ...t, size: statSync(t.path).size, staged: true }
    this.files.set(f.id, f)
    return strip(f)
  }

  async fromBytes(name: string, bytes: Uint8Array): Promise<StagedFile> {
    const t = this.target(name)
    this.checkSize(t.name, bytes.byteLength)
    await writeFile(t.path, bytes, { mode: 0o600, flag: 'wx' })
    const f = { ...t, size: bytes.byteLength, staged: true }
    this.files.set(f.id, f)
    return strip(f)
  }

  /** Registers a file already on disk (CLI, tests): read in place, never deleted. */
  register(path: string): StagedFile {
    const f = { id: randomUUID(), name: basename(path), path, size: statSync(path).size, staged: false }
    this.files.set(f.id, f)
    return strip(f)
  }

  get(id: string): StagedFile {
    const f = this.files.get(id)
    if (!f) throw new AppError('NOT_FOUND', 'The uploaded file is no longer available; pick it again.')
    return strip(f)
  }

  /** The import is done (committed, or refused for good): the staged copy goes at once. */
  release(id: string): void {
    const f = this.files.get(id)
    if (!f) return
    this.files.delete(id)
    if (f.staged) rmSync(f.path, { force: true })
  }

  /** Runs a committing import and releases the staged file afterwards, whatever the outcome. */
  async consume<T>(id: string, run: () => Promise<T> | T): Promise<T> {
    try {
      return await run()
    } finally {
      this.release(id)
    }
  }

  cleanup(): void {
    this.files.clear()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

const strip = ({ staged: _s, ...f }: StagedFile & { staged: boolean }): StagedFile => f
