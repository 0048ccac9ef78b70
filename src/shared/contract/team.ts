/**
 * Team mode on this desktop (src/main/team/client): the connection to a team server, the outbox of
 * commands waiting for it, and a sync. The password crosses once, in `team.connect`, and is never
 * stored, logged or echoed; the server's token goes to the keychain.
 */
import { z } from 'zod'
import { TeamError, TeamRole } from '../team'
import type { ContractSlice } from './types'

export const TeamStatus = z.object({
  connected: z.boolean(),
  serverUrl: z.string().nullable(),
  user: z.string().nullable(),
  role: TeamRole.nullable(),
  /** The server answered the last request (a network failure or a refused token says false). */
  online: z.boolean(),
  /** The server refused the stored token: log in again (commands wait in the outbox meanwhile). */
  needsLogin: z.boolean(),
  /** Plain http to a server that is not on this machine, allowed by the user. */
  insecure: z.boolean(),
  cursor: z.number().int(),
  lastContactAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Commands not yet decided by the server (pending + sent). */
  pending: z.number().int(),
  refused: z.number().int(),
  applied: z.number().int()
})
export type TeamStatus = z.infer<typeof TeamStatus>

export const OutboxState = z.enum(['pending', 'sent', 'applied', 'refused'])
export const OutboxEntry = z.object({
  id: z.string(),
  channel: z.string(),
  input: z.unknown(),
  /** This desktop's clock when the user acted (informational). */
  issuedAt: z.string(),
  state: OutboxState,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** The server's decision (applied: its result; refused: its reason) and its clock's time. */
  result: z.unknown().optional(),
  error: TeamError.nullable(),
  decidedAt: z.string().nullable(),
  duplicate: z.boolean()
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

export const SyncResult = z.object({
  online: z.boolean(),
  sent: z.number().int(),
  applied: z.number().int(),
  refused: z.number().int(),
  pending: z.number().int(),
  pulled: z.number().int(),
  cursor: z.number().int(),
  error: TeamError.nullable()
})
export type SyncResult = z.infer<typeof SyncResult>

export const ConnectInput = z
  .object({
    serverUrl: z.url({ protocol: /^https?$/ }).max(2000),
    user: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(1000),
    /** Allow plain http to a server that is not this machine (the token would cross the network in clear). */
    insecure: z.boolean().default(false)
  })
  .strict()

export const team = {
  'team.status': { input: z.object({}).strict(), output: TeamStatus },
  'team.connect': { input: ConnectInput, output: TeamStatus },
  'team.disconnect': {
    input: z.object({ discardPending: z.boolean().default(false) }).strict(),
    output: TeamStatus
  },
  'team.outbox': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.array(OutboxEntry)
  },
  'team.sync': { input: z.object({}).strict(), output: SyncResult }
} as const satisfies ContractSlice
