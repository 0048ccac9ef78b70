export * from './core'
export * from './rmas'
