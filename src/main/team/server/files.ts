/**
 * Report files uploaded to the team server (`PUT /v1/files/<sha256>`), addressed by their
 * SHA-256: the server hashes the bytes it received and refuses them when the hash is not the one
 * in the path (a truncated or altered upload), and an upload sent twice is stored once. A
 * command then names the file by that hash (`fileId`), so an outbox command made offline and
 * its file arrive independently and the command still means exactly those bytes.
 *
 * `team_files.content` is a text column: the bytes are kept base64-encoded, so a report in any
 * encoding (Shift-JIS, Windows-1252) comes back byte for byte and the parser decides the encoding
 * as it does on the desktop.
 */
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { AppError } from '../../errors'
import type { TeamDb, TeamTx } from '../pg/db'
import { teamFiles } from '../pg/schema'

export const SHA256_HEX = /^[0-9a-f]{64}$/

export type StoredFile = { fileId: string; name: string; bytes: number; stored: boolean }

/** A safe display name for an uploaded file (no path, no control characters). */
export function fileName(raw: string | null | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return clean.slice(0, 255) || 'upload'
}

/** Stores the bytes under their SHA-256 once; throws VALIDATION when the bytes do not hash to `sha256`. */
export async function storeFile(db: TeamDb, userId: number, sha256: string, name: string, bytes: Buffer): Promise<StoredFile> {
  const expected = sha256.toLowerCase()
  if (!SHA256_HEX.test(expected)) throw new AppError('VALIDATION', 'The file id must be the SHA-256 of the file, as 64 hex digits.')
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (actual !== expected)
    throw new AppError(
      'VALIDATION',
      `The uploaded bytes do not match their SHA-256 (expected ${expected}, received ${actual}); upload the file again.`,
      {
        expected,
        actual,
        bytes: bytes.length
      }
    )
  const inserted = await db
    .insert(teamFiles)
    .values({ sha256: expected, name: fileName(name), bytes: bytes.length, content: bytes.toString('base64'), uploadedBy: userId })
    .onConflictDoNothing({ target: teamFiles.sha256 })
    .returning({ sha256: teamFiles.sha256 })
  return { fileId: expected, name: fileName(name), bytes: bytes.length, stored: inserted.length > 0 }
}

/** An uploaded file's name and bytes; NOT_FOUND (a refusal) when it was never uploaded. */
export async function readFile(db: TeamDb | TeamTx, fileId: string): Promise<{ name: string; bytes: Buffer }> {
  const id = fileId.toLowerCase()
  const [row] = SHA256_HEX.test(id) ? await db.select().from(teamFiles).where(eq(teamFiles.sha256, id)) : []
  if (!row)
    throw new AppError(
      'NOT_FOUND',
      `File ${fileId} was not uploaded to the server; upload it (PUT /v1/files/<sha256>) before the command that uses it.`
    )
  return { name: row.name, bytes: Buffer.from(row.content, 'base64') }
}

/** Whether a file is on the server (a client checks before uploading again). */
export async function hasFile(db: TeamDb, fileId: string): Promise<boolean> {
  const id = fileId.toLowerCase()
  if (!SHA256_HEX.test(id)) return false
  const [row] = await db.select({ sha256: teamFiles.sha256 }).from(teamFiles).where(eq(teamFiles.sha256, id))
  return row !== undefined
}
