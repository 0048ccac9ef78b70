/**
 * The bounded channel between an importing thread and a parser worker (returns reports,
 * reimbursement reports). The worker posts on a MessagePort and counts PRODUCED in a shared
 * Int32Array; it waits while MAX-ahead messages are unread. The reader takes messages with
 * receiveMessageOnPort (not 'message' events: a worker's 'exit' event may arrive before its last
 * messages would be dispatched) and counts CONSUMED. The reader either blocks (an import inside a
 * synchronous SQLite transaction) or awaits (an import that awaits between chunks).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads'
import type { ErrorCode } from '../shared/errors'
import { AppError } from './errors'

const PRODUCED = 0
const CONSUMED = 1

/** What the worker gets in its workerData (the port goes in the transfer list). */
export type ChannelEnds = { port: MessagePort; sab: SharedArrayBuffer }

/** Worker side: a send function that first waits (blocking this thread) while `maxAhead` messages are unread. */
export function channelSender(ends: ChannelEnds, maxAhead: number): (m: unknown) => void {
  const sync = new Int32Array(ends.sab)
  return (m) => {
    while (Atomics.load(sync, PRODUCED) - Atomics.load(sync, CONSUMED) >= maxAhead)
      Atomics.wait(sync, CONSUMED, Atomics.load(sync, CONSUMED), 100)
    ends.port.postMessage(m)
    Atomics.add(sync, PRODUCED, 1)
    Atomics.notify(sync, PRODUCED)
  }
}

export class ChannelReader<M> {
  private readonly port: MessagePort
  private readonly sync: Int32Array
  private received = 0
  /** Milliseconds spent waiting for the worker (bench figures). */
  waitedMs = 0
  /** The ends to hand to the worker. */
  readonly ends: ChannelEnds

  constructor() {
    const { port1, port2 } = new MessageChannel()
    const sab = new SharedArrayBuffer(8)
    this.port = port1
    this.sync = new Int32Array(sab)
    this.ends = { port: port2, sab }
  }

  /** The next message if one was produced (waiting out one still in flight), else the PRODUCED count to wait on. */
  private poll(): { m: M } | { produced: number } {
    for (;;) {
      const r = receiveMessageOnPort(this.port)
      if (r) {
        this.received++
        Atomics.add(this.sync, CONSUMED, 1)
        Atomics.notify(this.sync, CONSUMED)
        return { m: r.message as M }
      }
      const produced = Atomics.load(this.sync, PRODUCED)
      if (produced <= this.received) return { produced }
    }
  }

  /** Blocks this thread until a message comes, or null after `timeoutMs`. */
  takeSync(timeoutMs: number): M | null {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const p = this.poll()
      if ('m' in p) return p.m
      const left = deadline - Date.now()
      if (left <= 0) return null
      Atomics.wait(this.sync, PRODUCED, p.produced, Math.min(left, 1000))
    }
  }

  /** Awaits the next message; null after `timeoutMs` or once `gone()` says the worker ended and nothing is left. */
  async take(timeoutMs: number, gone: () => boolean): Promise<M | null> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const p = this.poll()
      if ('m' in p) return p.m
      const left = deadline - Date.now()
      if (left <= 0 || gone()) return null
      const w = Atomics.waitAsync(this.sync, PRODUCED, p.produced, Math.min(left, 250))
      if (w.async) {
        const a = performance.now()
        await w.value
        this.waitedMs += performance.now() - a
      }
    }
  }

  close(): void {
    this.port.close()
  }
}

/** How a worker reports a failure (the parser's AppError, rebuilt on the reader's side by fail()). */
export type WorkerErrorMessage = { t: 'error'; code: string; message: string; details: unknown }

/** Worker side: a caught error as the message to send. */
export function errorMessage(e: unknown): WorkerErrorMessage {
  const err = e as { code?: string; message?: string; details?: unknown }
  return { t: 'error', code: err.code ?? 'INTERNAL', message: err.message ?? String(e), details: err.details }
}

export type StartedWorker<M> = {
  reader: ChannelReader<M>
  /** Whether the worker has exited or failed to load (its last messages may still be readable). */
  dead(): boolean
  /** Ends the worker and the channel; safe to call more than once. */
  close(): void
  /** Closes and throws the worker's error as the AppError the parser threw. */
  fail(m: WorkerErrorMessage): never
}

/**
 * Starts a worker with a channel (its ends added to `data`). Null when it can't be created.
 * `unref`: the worker does not keep the process alive (a blocking reader needs no event loop).
 */
export function startWorker<M>(
  file: string,
  data: object,
  opts: { resourceLimits?: ResourceLimits; unref?: boolean } = {}
): StartedWorker<M> | null {
  const reader = new ChannelReader<M>()
  let worker: Worker
  try {
    worker = new Worker(file, {
      workerData: { ...data, ...reader.ends },
      transferList: [reader.ends.port],
      ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {})
    })
  } catch {
    reader.close()
    return null
  }
  if (opts.unref) worker.unref()
  let dead = false
  worker.on('error', () => (dead = true))
  worker.on('exit', () => (dead = true))
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    reader.close()
    void worker.terminate()
  }
  return {
    reader,
    dead: () => dead,
    close,
    fail: (m) => {
      close()
      throw new AppError(m.code as ErrorCode, m.message, m.details)
    }
  }
}
