import { z } from 'zod'
import { ALL_MARKETPLACE_IDS, MARKETPLACES, Region, StoreId } from '../ids'
import type { ContractSlice } from './types'

export const MarketplaceId = z.string().refine((v) => ALL_MARKETPLACE_IDS.includes(v), { message: 'unknown Amazon marketplace id' })

/** What SQLite holds of a store. Secrets are never part of it (see `credentials`). */
export const Store = z.object({
  id: StoreId,
  name: z.string(),
  region: Region,
  /** Null for a file-only store. */
  sellerId: z.string().nullable(),
  marketplaceIds: z.array(z.string()),
  /** Null for a file-only store. */
  lwaClientId: z.string().nullable(),
  isDemo: z.boolean(),
  /**
   * No SP-API registration (no LWA client id): everything works from files — reports are
   * imported, refunds leave as Seller Central's Adjustments file. API access can be added later.
   */
  fileOnly: z.boolean(),
  /** Whether the keychain holds both the client secret and the refresh token. */
  hasCredentials: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type Store = z.infer<typeof Store>

const SellerIdField = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{8,20}$/, 'seller id: 8–20 capital letters and digits, e.g. A2C4E6G8I0K2M4')
const LwaClientIdField = z
  .string()
  .trim()
  .regex(/^amzn1\.application-oa2-client\.[A-Za-z0-9]+$/, 'LWA client id starts with amzn1.application-oa2-client.')

/** The region whose marketplaces these are (null when they span regions or are unknown). */
export function regionOfMarketplaces(ids: readonly string[]): Region | null {
  const regions = new Set(ids.map((id) => (Object.keys(MARKETPLACES) as Region[]).find((r) => MARKETPLACES[r].some((m) => m.id === id))))
  const [only] = [...regions]
  return regions.size === 1 && only ? only : null
}

/**
 * A store is a name and its marketplaces. The SP-API fields are optional: without them the store
 * is file-only. The seller id (a feed's MerchantIdentifier) comes with the LWA client id.
 */
const StoreFields = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100),
    region: Region,
    sellerId: SellerIdField.nullable(),
    marketplaceIds: z.array(MarketplaceId).min(1, 'choose at least one marketplace'),
    lwaClientId: LwaClientIdField.nullable()
  })
  .strict()

/** Secrets: input-only. No output schema anywhere contains them (a unit test walks them all). */
export const StoreSecrets = z
  .object({
    lwaClientSecret: z.string().min(1).max(4096).optional(),
    refreshToken: z.string().min(1).max(4096).optional()
  })
  .strict()

export const StoreCreate = StoreFields.extend({
  /** Optional: derived from the marketplaces when left out. */
  region: Region.optional(),
  sellerId: SellerIdField.nullable().optional(),
  lwaClientId: LwaClientIdField.nullable().optional(),
  secrets: StoreSecrets.optional()
})
  .strict()
  .superRefine((v, ctx) => {
    if (!v.region && v.marketplaceIds.length > 0 && !regionOfMarketplaces(v.marketplaceIds))
      ctx.addIssue({ code: 'custom', path: ['marketplaceIds'], message: 'marketplaces of one region only (NA, EU or FE)' })
    for (const issue of apiFieldsProblems(v)) ctx.addIssue(issue)
  })

/** SP-API fields come together: a seller id and an LWA client id, or neither; secrets need both. */
export function apiFieldsProblems(v: {
  sellerId?: string | null
  lwaClientId?: string | null
  secrets?: { lwaClientSecret?: string; refreshToken?: string }
}): { code: 'custom'; path: string[]; message: string }[] {
  const out: { code: 'custom'; path: string[]; message: string }[] = []
  if (v.lwaClientId && !v.sellerId) out.push({ code: 'custom', path: ['sellerId'], message: 'seller id is required with an LWA client id' })
  if (v.sellerId && !v.lwaClientId)
    out.push({ code: 'custom', path: ['lwaClientId'], message: 'LWA client id is required with a seller id' })
  if ((v.secrets?.lwaClientSecret || v.secrets?.refreshToken) && !v.lwaClientId)
    out.push({ code: 'custom', path: ['lwaClientId'], message: 'API secrets need an LWA client id and a seller id' })
  return out
}
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
