/**
 * What every domain's CLI commands share: the context a command runs with, the one wrapper that
 * opens and closes it, and the one exit-code rule of imports. Kept apart from cli-commands.ts
 * (which registers every domain's commands) so that a domain's cli.ts never imports its registrar.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Clock } from './clock'
import type { FileStaging } from './files'

/**
 * What every command gets: `call` (a contract channel through dispatch, as the screens use it),
 * the clock, file staging, and `close`. A domain whose commands need its own service asks for it
 * in its register function's type (e.g. `CliContext & { queue: QueueService }`); cli.ts builds
 * one object that has them all.
 */
export type CliContext = {
  call: (channel: string, input: unknown) => Promise<unknown>
  clock: Clock
  files: Pick<FileStaging, 'register'>
  /**
   * Stops what the command started in the background (the queue's engine, jobs) and waits for it,
   * then closes the database: nothing runs after the database is closed.
   */
  close(): void | Promise<void>
}

/** Stages a file named on the command line (resolved against the working directory): its file id, or NOT_FOUND. */
export function stageFile(ctx: Pick<CliContext, 'files'>, file: string): string {
  const path = resolve(file)
  if (!existsSync(path)) throw new Error(`NOT_FOUND: no file ${path}`)
  return ctx.files.register(path).id
}

/**
 * The one exit-code rule of every import command (README, "Import exit codes"):
 * - 0: every row of the file is in (or the file has no data rows at all);
 * - 2: some rows were rejected — listed with line and reason — and the rest imported;
 * - 1: the file was refused and nothing was written (a failed call exits 1 on its own; this
 *   covers an importer that writes nothing because of its rejected rows, as the order import does).
 * A preview exits as the import would. Call it after printing the summary.
 */
export function setImportExitCode(outcome: {
  rejectedCount: number
  written: 'rest' | 'nothing-when-rejected'
  preview?: boolean
}): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0
  if (outcome.rejectedCount > 0) code = outcome.written === 'rest' ? 2 : 1
  if (code === 1)
    console.error(
      `${outcome.preview ? 'The import would refuse this file' : 'File refused, nothing imported'}: ${outcome.rejectedCount} ${outcome.rejectedCount === 1 ? 'row was' : 'rows were'} rejected (listed above with line and reason). Fix ${outcome.rejectedCount === 1 ? 'it' : 'them'} and import the file again.`
    )
  else if (code === 2)
    console.error(
      `${outcome.rejectedCount} ${outcome.rejectedCount === 1 ? 'row was' : 'rows were'} rejected (listed above with line and reason); ${outcome.preview ? 'the import would bring in the other rows' : 'the other rows were imported'}.`
    )
  if (code !== 0) process.exitCode = code
  return code
}

/** A rejected row as the importers report it: its line, the column at fault (none: the whole line), what was wrong. */
export type RejectedRow = { line: number; column?: string | null; reason: string }

/** What an import command prints (printImportSummary). */
export type ImportSummaryOutput = {
  /** The file's name: it starts each rejected row's line and the counts line. */
  file: string
  rejected: readonly RejectedRow[]
  /** Every rejected row, also those beyond the listed detail. */
  rejectedCount: number
  /** Nothing was written (a preview, or a file imported before): the exit code says what the import would do. */
  preview: boolean
  /** Default 'rest' (see setImportExitCode). */
  written?: 'rest' | 'nothing-when-rejected'
  /**
   * Printed as JSON on stdout instead of the text form (--json, or a command whose output is
   * JSON): the rejected rows are in it.
   */
  json?: unknown
  /** The text form: "<file> (<what>): <counts><status>" on stdout, then the detail lines. */
  what?: string
  counts?: string
  /** After the counts; default " (preview: nothing written)" for a preview, nothing otherwise. */
  status?: string
  details?: readonly string[]
  /** Remarks on stderr after the summary (both forms), e.g. "note: already imported on …". */
  notes?: readonly string[]
}

/**
 * The one summary printer of every import command: the JSON, or each rejected row on stderr as
 * "<file>: line N, column C: reason" and the counts on stdout; then the notes, then the exit code
 * by setImportExitCode's rule. Returns that code.
 */
export function printImportSummary(s: ImportSummaryOutput): 0 | 1 | 2 {
  if (s.json !== undefined) console.log(JSON.stringify(s.json, null, 2))
  else {
    for (const r of s.rejected) console.error(`${s.file}: line ${r.line}${r.column ? `, column ${r.column}` : ''}: ${r.reason}`)
    const status = s.status ?? (s.preview ? ' (preview: nothing written)' : '')
    console.log(`${s.file}${s.what ? ` (${s.what})` : ''}: ${s.counts ?? `${s.rejectedCount} rejected`}${status}`)
    for (const d of s.details ?? []) console.log(d)
  }
  for (const n of s.notes ?? []) console.error(n)
  return setImportExitCode({ rejectedCount: s.rejectedCount, written: s.written ?? 'rest', preview: s.preview })
}

/** Runs a command body with a fresh context and closes the database afterwards. */
export const withContext =
  <C extends CliContext, A extends unknown[]>(ctxOf: () => C, body: (ctx: C, ...args: A) => Promise<void>) =>
  async (...args: A) => {
    const ctx = ctxOf()
    try {
      await body(ctx, ...args)
    } finally {
      await ctx.close()
    }
  }
