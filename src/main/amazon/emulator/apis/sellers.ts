/** Sellers API v1: getMarketplaceParticipations (the cheap call behind "Test connection"). */
import { MARKETPLACES } from '../../../../shared/ids'
import type { EmulatorContext, Handled } from '../context'
import { MARKETPLACE_NAMES, type ApiHandlers, type ApiRequest } from './common'

function getMarketplaceParticipations({ seller }: ApiRequest): Handled {
  const sellerId = seller.data.config.sellerId
  return {
    status: 200,
    body: {
      payload: seller.data.config.marketplaceIds.map((id) => {
        const m = Object.values(MARKETPLACES)
          .flat()
          .find((x) => x.id === id)!
        const names = MARKETPLACE_NAMES[m.country] ?? {
          name: `Amazon ${m.country}`,
          domain: `www.amazon.${m.country.toLowerCase()}`,
          lang: 'en_US'
        }
        return {
          marketplace: {
            id,
            name: names.name,
            countryCode: m.country,
            defaultCurrencyCode: m.currency,
            defaultLanguageCode: names.lang,
            domainName: names.domain
          },
          participation: { isParticipating: true, hasSuspendedListings: false },
          storeName: `Emulated store ${sellerId}`
        }
      })
    }
  }
}

export const sellersApi = (_ctx: EmulatorContext): ApiHandlers<'getMarketplaceParticipations'> => ({
  getMarketplaceParticipations
})
