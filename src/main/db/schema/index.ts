export * from './core'
export * from './orders'
export * from './returns'
export * from './reimbursements'
