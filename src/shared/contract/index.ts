/**
 * The whole IPC contract: every channel with its zod input and output schema, one module per
 * domain. Main, preload (names only), renderer and the browser-mode host all derive from it.
 */
import type { z } from 'zod'
import { app } from './app'
import { settings } from './settings'
import { stores } from './stores'
import { rmas } from './rmas'
import { reimbursements } from './reimbursements'
import { orders } from './orders'
import { queue } from './queue'
import { holds } from './holds'
import { backups } from './backups'
import { team } from './team'
import { updates } from './updates'
import { finances } from './finances'
import { deadlines } from './deadlines'
import { claims } from './claims'
import { catalog } from './catalog'
import { importLog } from './import-log'
import { cases } from './cases'
import { audits } from './audits'
import { claimCosts } from './claim-costs'

export * from './app'
export * from './settings'
export * from './stores'
export * from './rmas'
export * from './reimbursements'
export * from './orders'
export * from './queue'
export * from './holds'
export * from './backups'
export * from './team'
export * from './updates'
export * from './finances'
export * from './deadlines'
export * from './claims'
export * from './catalog'
export * from './import-log'
export * from './cases'
export * from './audits'
export * from './claim-costs'

export const contract = {
  ...app,
  ...stores,
  ...settings,
  ...rmas,
  ...reimbursements,
  ...orders,
  ...queue,
  ...holds,
  ...backups,
  ...team,
  ...updates,
  ...finances,
  ...deadlines,
  ...claims,
  ...catalog,
  ...importLog,
  ...cases,
  ...audits,
  ...claimCosts
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type Input<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type Output<C extends Channel> = z.output<Contract[C]['output']>

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name)
