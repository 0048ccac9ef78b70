/**
 * Picks the transport: Electron IPC through the preload's window.api, or the browser-mode HTTP
 * bridge (same origin; the HttpOnly cookie carries the token). Screens can't tell which.
 */
import type { Result } from '../../../shared/errors'
import type { EventMap, EventName } from '../../../shared/events'

export type Uploaded = { fileId: string; name: string; size: number }

export type Transport = {
  kind: 'ipc' | 'http'
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  on<E extends EventName>(event: E, cb: (payload: EventMap[E]) => void): () => void
  upload(file: File): Promise<Result<Uploaded>>
}

const networkError = (e: unknown): Result<never> => ({
  ok: false,
  error: {
    code: 'OFFLINE',
    message: `The app's back end did not answer (${e instanceof Error ? e.message : String(e)}). Is \`npm start\` still running?`
  }
})

function ipcTransport(api: NonNullable<Window['api']>): Transport {
  return {
    kind: 'ipc',
    invoke: (channel, input) => api.invoke(channel, input),
    on: (event, cb) => api.on(event, cb as (p: unknown) => void),
    upload: async (file) => api.upload(file.name, new Uint8Array(await file.arrayBuffer()))
  }
}

function httpTransport(): Transport {
  let source: EventSource | null = null
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const ensureSource = () => {
    if (source) return
    source = new EventSource('/events')
    for (const name of listeners.keys()) attach(name)
  }
  const attached = new Set<string>()
  const attach = (name: string) => {
    if (!source || attached.has(name)) return
    attached.add(name)
    source.addEventListener(name, (ev) => {
      const payload = JSON.parse((ev as MessageEvent<string>).data) as unknown
      for (const cb of listeners.get(name) ?? []) cb(payload)
    })
  }
  return {
    kind: 'http',
    invoke: async (channel, input) => {
      try {
        const res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin'
        })
        return (await res.json()) as Result<unknown>
      } catch (e) {
        return networkError(e)
      }
    },
    on: (event, cb) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(cb as (p: unknown) => void)
      ensureSource()
      attach(event)
      return () => set.delete(cb as (p: unknown) => void)
    },
    upload: async (file) => {
      try {
        const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, credentials: 'same-origin' })
        return (await res.json()) as Result<Uploaded>
      } catch (e) {
        return networkError(e)
      }
    }
  }
}

export const transport: Transport = window.api ? ipcTransport(window.api) : httpTransport()
