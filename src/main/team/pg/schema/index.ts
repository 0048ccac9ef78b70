export * from './core'
export * from './reimbursements'
export * from './rmas'
