/**
 * Where later domains (SP-API client, emulator-backed demo store, schedulers) plug into the
 * services after they are built. Returns what must be started and stopped with the app.
 */
import type { Services } from './services'

export type Extensions = { start(): Promise<void>; stop(): Promise<void> }

export function wireExtensions(services: Services): Extensions {
  return {
    start: async () => {
      // Jobs are registered by the domains above (services.scheduler.register); start ticking
      // and catch up on whatever fell due while the app was closed, asleep or offline.
      services.scheduler.start()
    },
    stop: async () => {
      await services.scheduler.stop()
    }
  }
}
