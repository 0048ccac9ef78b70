/**
 * Buffers rows for one INSERT and writes them `rowsPerStatement` at a time with a prepared
 * multi-row `INSERT … VALUES (…), (…), …`: far fewer statement executions for a bulk import.
 * Rows are written in the order they were added. Call flush() before anything reads the table
 * and before the transaction ends.
 */
import type Database from 'better-sqlite3'

export class BatchedInsert {
  private readonly one: Database.Statement
  private readonly many: Database.Statement
  private buf: unknown[] = []
  private readonly width: number

  constructor(
    sqlite: Database.Database,
    /** e.g. `INSERT INTO t (a, b, c) VALUES` */
    head: string,
    /** e.g. `(?, ?, 'x', ?)`: the value tuple; its `?` count is the row's width. */
    tuple: string,
    private readonly rowsPerStatement = 100
  ) {
    this.width = (tuple.match(/\?/g) ?? []).length
    this.one = sqlite.prepare(`${head} ${tuple}`)
    this.many = sqlite.prepare(`${head} ${Array.from({ length: rowsPerStatement }, () => tuple).join(', ')}`)
  }

  add(...values: unknown[]): void {
    if (values.length !== this.width) throw new Error(`BatchedInsert: expected ${this.width} values, got ${values.length}`)
    for (const v of values) this.buf.push(v)
    if (this.buf.length >= this.width * this.rowsPerStatement) {
      this.many.run(this.buf)
      this.buf = []
    }
  }

  flush(): void {
    for (let i = 0; i < this.buf.length; i += this.width) this.one.run(this.buf.slice(i, i + this.width))
    this.buf = []
  }

  /** Drops buffered rows (after a failed transaction). */
  discard(): void {
    this.buf = []
  }
}
