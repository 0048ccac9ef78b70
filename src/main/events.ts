import { EventEmitter } from 'node:events'
import type { EventMap, EventName } from '../shared/events'

/** Typed event bus; ipc.ts forwards it to the window, host/server.ts to server-sent events. */
export class EventBus {
  private readonly ee = new EventEmitter()
  constructor() {
    this.ee.setMaxListeners(100)
  }
  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    this.ee.emit('event', name, payload)
  }
  /** Receives every event; returns an unsubscribe function. */
  onAny(listener: <E extends EventName>(name: E, payload: EventMap[E]) => void): () => void {
    this.ee.on('event', listener)
    return () => this.ee.off('event', listener)
  }
}
