/**
 * Staged files: the renderer hands a picked or dropped file to main (HTTP upload in browser
 * mode, IPC in the desktop app) and gets back an opaque id; import channels take that id, never a
 * path, so the renderer can't make main read arbitrary files.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { AppError } from './errors'

export type StagedFile = { id: string; name: string; path: string; size: number }

export class FileStaging {
  private readonly files = new Map<string, StagedFile>()
  constructor(private readonly dir: string, private readonly maxBytes = 2 * 1024 ** 3) {
    mkdirSync(dir, { recursive: true })
  }

  private target(name: string) {
    const id = randomUUID()
    const safe = basename(name).replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'upload'
    return { id, name: safe, path: join(this.dir, `${id}-${safe}`) }
  }

  async fromStream(name: string, body: Readable): Promise<StagedFile> {
    const t = this.target(name)
    let size = 0
    body.on('data', (c: Buffer) => {
      size += c.length
      if (size > this.maxBytes) body.destroy(new AppError('VALIDATION', `File larger than ${this.maxBytes} bytes`))
    })
    await pipeline(body, createWriteStream(t.path))
    const f = { ...t, size: statSync(t.path).size }
    this.files.set(f.id, f)
    return f
  }

  async fromBytes(name: string, bytes: Uint8Array): Promise<StagedFile> {
    if (bytes.byteLength > this.maxBytes) throw new AppError('VALIDATION', `File larger than ${this.maxBytes} bytes`)
    const t = this.target(name)
    await writeFile(t.path, bytes)
    const f = { ...t, size: bytes.byteLength }
    this.files.set(f.id, f)
    return f
  }

  /** Registers a file already on disk (CLI, tests). */
  register(path: string): StagedFile {
    const f = { id: randomUUID(), name: basename(path), path, size: statSync(path).size }
    this.files.set(f.id, f)
    return f
  }

  get(id: string): StagedFile {
    const f = this.files.get(id)
    if (!f) throw new AppError('NOT_FOUND', 'The uploaded file is no longer available; pick it again.')
    return f
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
