export * from './core'
export * from './orders'
