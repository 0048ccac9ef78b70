import { z } from 'zod'

export const StoreId = z.string().min(1).max(64)
export const IsoDateTime = z.iso.datetime({ offset: true })
export const IsoDate = z.iso.date()

/** Amazon regions of the Selling Partner API. */
export const Region = z.enum(['NA', 'EU', 'FE'])
export type Region = z.infer<typeof Region>

/** Marketplace ids per region (sp-api-notes.md §4). */
export const MARKETPLACES: Record<Region, { id: string; country: string; currency: string }[]> = {
  NA: [
    { id: 'ATVPDKIKX0DER', country: 'US', currency: 'USD' },
    { id: 'A2EUQ1WTGCTBG2', country: 'CA', currency: 'CAD' },
    { id: 'A1AM78C64UM0Y8', country: 'MX', currency: 'MXN' },
    { id: 'A2Q3Y263D00KWC', country: 'BR', currency: 'BRL' }
  ],
  EU: [
    { id: 'A1F83G8C2ARO7P', country: 'UK', currency: 'GBP' },
    { id: 'A28R8C7NBKEWEA', country: 'IE', currency: 'EUR' },
    { id: 'AE08WJ6YKNBMC', country: 'ZA', currency: 'ZAR' },
    { id: 'A1PA6795UKMFR9', country: 'DE', currency: 'EUR' },
    { id: 'A13V1IB3VIYZZH', country: 'FR', currency: 'EUR' },
    { id: 'APJ6JRA9NG5V4', country: 'IT', currency: 'EUR' },
    { id: 'A1RKKUPIHCS9HS', country: 'ES', currency: 'EUR' },
    { id: 'A1805IZSGTT6HS', country: 'NL', currency: 'EUR' },
    { id: 'A2NODRKZP88ZB9', country: 'SE', currency: 'SEK' },
    { id: 'A1C3SOZRARQ6R3', country: 'PL', currency: 'PLN' },
    { id: 'AMEN7PMS3EDWL', country: 'BE', currency: 'EUR' },
    { id: 'A33AVAJ2PDY3EV', country: 'TR', currency: 'TRY' },
    { id: 'A2VIGQ35RCS4UG', country: 'AE', currency: 'AED' },
    { id: 'A17E79C6D8DWNP', country: 'SA', currency: 'SAR' },
    { id: 'ARBP9OOSHTCHU', country: 'EG', currency: 'EGP' },
    { id: 'A21TJRUUN4KGV', country: 'IN', currency: 'INR' }
  ],
  FE: [
    { id: 'A1VC38T7YXB528', country: 'JP', currency: 'JPY' },
    { id: 'A39IBJ37TRP1C6', country: 'AU', currency: 'AUD' },
    { id: 'A19VAU5U5O7RUS', country: 'SG', currency: 'SGD' }
  ]
}
export const ALL_MARKETPLACE_IDS = Object.values(MARKETPLACES).flatMap((l) => l.map((m) => m.id))

/**
 * Amazon's `sales-channel` / Orders API `SalesChannel` value (the store's domain, "Amazon.com",
 * "Amazon.co.uk") -> marketplace id. The domains are those of the marketplace ids table in
 * developer-docs /docs/marketplace-ids. Null for anything else ("Non-Amazon" multi-channel orders).
 */
const SALES_CHANNELS: Record<string, string> = {
  'amazon.com': 'ATVPDKIKX0DER',
  'amazon.ca': 'A2EUQ1WTGCTBG2',
  'amazon.com.mx': 'A1AM78C64UM0Y8',
  'amazon.com.br': 'A2Q3Y263D00KWC',
  'amazon.co.uk': 'A1F83G8C2ARO7P',
  'amazon.ie': 'A28R8C7NBKEWEA',
  'amazon.co.za': 'AE08WJ6YKNBMC',
  'amazon.de': 'A1PA6795UKMFR9',
  'amazon.fr': 'A13V1IB3VIYZZH',
  'amazon.it': 'APJ6JRA9NG5V4',
  'amazon.es': 'A1RKKUPIHCS9HS',
  'amazon.nl': 'A1805IZSGTT6HS',
  'amazon.se': 'A2NODRKZP88ZB9',
  'amazon.pl': 'A1C3SOZRARQ6R3',
  'amazon.com.be': 'AMEN7PMS3EDWL',
  'amazon.com.tr': 'A33AVAJ2PDY3EV',
  'amazon.ae': 'A2VIGQ35RCS4UG',
  'amazon.sa': 'A17E79C6D8DWNP',
  'amazon.eg': 'ARBP9OOSHTCHU',
  'amazon.in': 'A21TJRUUN4KGV',
  'amazon.co.jp': 'A1VC38T7YXB528',
  'amazon.com.au': 'A39IBJ37TRP1C6',
  'amazon.sg': 'A19VAU5U5O7RUS'
}

export function marketplaceOfSalesChannel(channel: string): string | null {
  return (
    SALES_CHANNELS[
      channel
        .trim()
        .toLowerCase()
        .replace(/^www\./, '')
    ] ?? null
  )
}
