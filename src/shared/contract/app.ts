import { z } from 'zod'
import { StoreId } from '../ids'
import type { ContractSlice } from './types'

export const JobRun = z.object({
  id: z.number().int(),
  name: z.string(),
  storeId: z.string().nullable(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable()
})
export type JobRun = z.infer<typeof JobRun>

export const JobSchedule = z.object({
  name: z.string(),
  storeId: z.string(),
  intervalMs: z.number().int(),
  enabled: z.boolean(),
  running: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  lastMessage: z.string().nullable(),
  nextDueAt: z.string()
})

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dbPath: z.string(),
  spApiConfigured: z.boolean(),
  /** New on every start of the services: a page that asked for a restart waits until it changes. */
  bootId: z.string()
})

export const app = {
  'app.info': { input: z.object({}).strict(), output: AppInfo },
  /** Online for the selected store (its own SP-API endpoint; a demo store's emulator), else app-wide. */
  'app.networkStatus': {
    input: z.object({ storeId: StoreId.optional() }).strict(),
    output: z.object({
      online: z.boolean(),
      checkedAt: z.string(),
      storeId: z.string().nullable(),
      endpoint: z.enum(['demo', 'amazon', 'none'])
    })
  },
  'jobs.lastRun': { input: z.object({}).strict(), output: JobRun.nullable() },
  'jobs.recent': {
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    output: z.array(JobRun)
  },
  'jobs.schedule': {
    input: z.object({ storeId: z.string().min(1).optional() }).strict(),
    output: z.array(JobSchedule)
  },
  'jobs.runNow': {
    input: z.object({ name: z.string().min(1), storeId: z.string().min(1) }).strict(),
    output: z.object({ started: z.boolean() })
  }
} as const satisfies ContractSlice
