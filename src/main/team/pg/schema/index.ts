export * from './core'
export * from './orders'
export * from './queue'
