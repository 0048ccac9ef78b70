export * from './core'
export * from './reimbursements'
