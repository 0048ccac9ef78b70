/**
 * Where later domains (SP-API client, emulator-backed demo store, schedulers) plug into the
 * services after they are built. Returns what must be started and stopped with the app.
 */
import type { Services } from './services'

export type Extensions = { start(): Promise<void>; stop(): Promise<void> }

export function wireExtensions(_services: Services): Extensions {
  return {
    start: async () => {},
    stop: async () => {}
  }
}
