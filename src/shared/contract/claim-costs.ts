/**
 * Manufacturing costs per SKU (the claims domain's `claim_costs`), listed and removed for the
 * Costs screen and the `costs` CLI. Import and set are `claims.previewCostsImport`,
 * `claims.importCosts`, `claims.setCost` (contract/claims.ts).
 */
import { z } from 'zod'
import { Money } from '../money'
import { StoreId } from '../ids'
import type { ContractSlice } from './types'

export const CostVersion = z.object({ fromDate: z.string(), cost: Money, updatedAt: z.string() })

export const SkuCosts = z.object({
  storeId: z.string(),
  storeName: z.string(),
  sku: z.string(),
  /** Newest first: the first one is in force today (when its from-date has come). */
  versions: z.array(CostVersion)
})
export type SkuCosts = z.infer<typeof SkuCosts>

export const claimCosts = {
  'claims.listCosts': {
    input: z.object({ storeId: StoreId.optional(), sku: z.string().trim().max(200).optional() }).strict(),
    output: z.array(SkuCosts)
  },
  'claims.removeCost': {
    input: z.object({ storeId: StoreId, sku: z.string().trim().min(1).max(200), fromDate: z.iso.date() }).strict(),
    output: z.object({ removed: z.boolean() })
  }
} as const satisfies ContractSlice
