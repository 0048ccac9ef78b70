/**
 * The emulated seller behind the demo store and `npm run emulator`. These credentials are not
 * secrets: they only open the loopback emulator.
 */
import type { EmuStoreConfig } from './data'

export const DEMO_SELLER: EmuStoreConfig = {
  sellerId: 'A1DEMOSELLER01',
  clientId: 'amzn1.application-oa2-client.demo000000000001',
  clientSecret: 'demo-client-secret-not-a-real-secret',
  refreshToken: 'Atzr|demo-refresh-token-not-a-real-secret',
  region: 'NA',
  marketplaceIds: ['ATVPDKIKX0DER'],
  reportCharset: 'Cp1252',
  // A seller with FBA volume: a few hundred reimbursement lines over the 18 months the sync fetches.
  reimbursementsPerMonth: [12, 20],
  // Orders and returns near each of the seller's clocks: the demo's Deadlines screen shows them all.
  nearDeadlines: true
}
