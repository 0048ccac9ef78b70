/**
 * [electron] ipcMain.handle per contract channel -> sender check -> dispatch(). Nothing else.
 * Events from the bus are forwarded to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS } from '../shared/contract/channels'
import { err } from '../shared/errors'
import type { Dispatch } from './dispatch'
import type { EventBus } from './events'
import type { FileStaging } from './files'
import { isTrustedSender } from './security'

export const UPLOAD_CHANNEL = 'files.upload'

function trusted(e: IpcMainInvokeEvent, devServerUrl?: string): boolean {
  const f = e.senderFrame
  return isTrustedSender(f ? { url: f.url, isMainFrame: f === e.sender.mainFrame } : null, devServerUrl)
}

export function registerIpc(opts: {
  dispatch: Dispatch
  events: EventBus
  files: FileStaging
  window: () => BrowserWindow | null
  devServerUrl?: string
}): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (e, raw: unknown) => {
      if (!trusted(e, opts.devServerUrl)) return err('UNAUTHORIZED', 'IPC from an untrusted frame')
      return opts.dispatch(channel, raw)
    })
  }
  ipcMain.handle(UPLOAD_CHANNEL, async (e, name: unknown, bytes: unknown) => {
    if (!trusted(e, opts.devServerUrl)) return err('UNAUTHORIZED', 'IPC from an untrusted frame')
    if (typeof name !== 'string' || !(bytes instanceof Uint8Array)) return err('VALIDATION', 'upload needs a name and bytes')
    const f = await opts.files.fromBytes(name, bytes)
    return { ok: true, data: { fileId: f.id, name: f.name, size: f.size } }
  })
  const off = opts.events.onAny((name, payload) => {
    const w = opts.window()
    if (w && !w.isDestroyed()) w.webContents.send(`event:${name}`, payload)
  })
  return () => {
    off()
    for (const channel of CHANNELS) ipcMain.removeHandler(channel)
    ipcMain.removeHandler(UPLOAD_CHANNEL)
  }
}
