/// <reference types="vite/client" />
import type { Result } from '../../shared/errors'

declare global {
  interface Window {
    /** Present in the Electron window (preload); absent in browser mode. */
    api?: {
      invoke(channel: string, input: unknown): Promise<Result<unknown>>
      on(event: string, cb: (payload: unknown) => void): () => void
      upload(name: string, bytes: Uint8Array): Promise<Result<{ fileId: string; name: string; size: number }>>
    }
  }
}
export {}
