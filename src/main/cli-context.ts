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
