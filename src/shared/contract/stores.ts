import { z } from 'zod'
import { ALL_MARKETPLACE_IDS, Region, StoreId } from '../ids'
import type { ContractSlice } from './types'

export const MarketplaceId = z.string().refine((v) => ALL_MARKETPLACE_IDS.includes(v), { message: 'unknown Amazon marketplace id' })

/** What SQLite holds of a store. Secrets are never part of it (see `credentials`). */
export const Store = z.object({
  id: StoreId,
  name: z.string(),
  region: Region,
  sellerId: z.string(),
  marketplaceIds: z.array(z.string()),
  lwaClientId: z.string(),
  isDemo: z.boolean(),
  /** Whether the keychain holds both the client secret and the refresh token. */
  hasCredentials: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type Store = z.infer<typeof Store>

const StoreFields = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100),
    region: Region,
    sellerId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{8,20}$/, 'seller id: 8–20 capital letters and digits, e.g. A2C4E6G8I0K2M4'),
    marketplaceIds: z.array(MarketplaceId).min(1, 'choose at least one marketplace'),
    lwaClientId: z
      .string()
      .trim()
      .regex(/^amzn1\.application-oa2-client\.[A-Za-z0-9]+$/, 'LWA client id starts with amzn1.application-oa2-client.')
  })
  .strict()

/** Secrets: input-only. No output schema anywhere contains them (a unit test walks them all). */
export const StoreSecrets = z
  .object({
    lwaClientSecret: z.string().min(1).max(4096).optional(),
    refreshToken: z.string().min(1).max(4096).optional()
  })
  .strict()

export const StoreCreate = StoreFields.extend({ secrets: StoreSecrets.optional() }).strict()
export const StoreUpdate = z.object({ id: StoreId, patch: StoreFields.partial(), secrets: StoreSecrets.optional() }).strict()

export const ConnectionResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  checkedAt: z.string()
})

export const stores = {
  'stores.list': { input: z.object({}).strict(), output: z.array(Store) },
  'stores.get': { input: z.object({ id: StoreId }).strict(), output: Store },
  'stores.create': { input: StoreCreate, output: Store },
  'stores.update': { input: StoreUpdate, output: Store },
  'stores.remove': { input: z.object({ id: StoreId }).strict(), output: z.object({ removed: z.boolean() }) },
  'stores.testConnection': { input: z.object({ id: StoreId }).strict(), output: ConnectionResult }
} as const satisfies ContractSlice
