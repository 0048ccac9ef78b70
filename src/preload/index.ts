/**
 * [electron] The renderer's only door to main: invoke(channel, input) for contract channels,
 * on(event, cb) for known events, upload(name, bytes) for files. No ipcRenderer is exposed.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNELS, EVENTS } from '../shared/contract/channels'

const channels = new Set<string>(CHANNELS)
const events = new Set<string>(EVENTS)

contextBridge.exposeInMainWorld('api', {
  invoke: (channel: string, input: unknown) => {
    if (!channels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel ${channel}` } })
    return ipcRenderer.invoke(channel, input)
  },
  on: (event: string, cb: (payload: unknown) => void) => {
    if (!events.has(event)) return () => {}
    const listener = (_e: unknown, payload: unknown) => cb(payload)
    ipcRenderer.on(`event:${event}`, listener)
    return () => ipcRenderer.off(`event:${event}`, listener)
  },
  upload: (name: string, bytes: Uint8Array) => ipcRenderer.invoke('files.upload', name, bytes)
})
