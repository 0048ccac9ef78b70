import { z } from 'zod'
import { StoreId } from '../ids'
import type { ContractSlice } from './types'

/**
 * The Sellercloud client settings this product honours, per store. Defaults are Sellercloud's
 * (everything off), so nothing surprising happens on a new store.
 */
export const StoreSettingsValues = z.object({
  downloadRmaReport: z.boolean(),
  allowOverRefund: z.boolean(),
  allowZeroInventoryOnCancel: z.boolean(),
  noRmaForReturnlessRefunds: z.boolean(),
  allowCancelWithoutAmazon: z.boolean(),
  queueRefundsAndCancellations: z.boolean(),
  queueAutoSubmit: z.boolean(),
  refundOnReceipt: z.boolean()
})
export type StoreSettingsValues = z.infer<typeof StoreSettingsValues>

export const SETTING_KEYS = Object.keys(StoreSettingsValues.shape) as (keyof StoreSettingsValues)[]

export const StoreSettings = StoreSettingsValues.extend({ storeId: StoreId, updatedAt: z.string() })
export type StoreSettings = z.infer<typeof StoreSettings>

export const settings = {
  'settings.get': { input: z.object({ storeId: StoreId }).strict(), output: StoreSettings },
  'settings.update': {
    input: z.object({ storeId: StoreId, patch: StoreSettingsValues.partial().strict() }).strict(),
    output: StoreSettings
  }
} as const satisfies ContractSlice
