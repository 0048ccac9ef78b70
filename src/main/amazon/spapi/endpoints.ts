/**
 * Where the client talks to. Defaults are Amazon's production endpoints (sp-api-notes §4,
 * developer-docs /docs/sp-api-endpoints); every one can be replaced so the loopback emulator or
 * Amazon's sandbox can stand in.
 *
 * Environment overrides (read once at start-up by `endpointsFromEnv`):
 *   SBO_SPAPI_BASE_URL  one base URL for every region (e.g. http://127.0.0.1:4567 for the
 *                       emulator, https://sandbox.sellingpartnerapi-na.amazon.com for the sandbox)
 *   SBO_LWA_TOKEN_URL   LWA token endpoint (e.g. http://127.0.0.1:4567/auth/o2/token)
 */
import type { Region } from '../../../shared/ids'

export const SPAPI_BASE_URLS: Record<Region, string> = {
  NA: 'https://sellingpartnerapi-na.amazon.com',
  EU: 'https://sellingpartnerapi-eu.amazon.com',
  FE: 'https://sellingpartnerapi-fe.amazon.com'
}

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token'

export type Endpoints = { spApiBaseUrl: Record<Region, string>; lwaTokenUrl: string }

export const DEFAULT_ENDPOINTS: Endpoints = { spApiBaseUrl: { ...SPAPI_BASE_URLS }, lwaTokenUrl: LWA_TOKEN_URL }

const trimSlash = (u: string) => u.replace(/\/+$/, '')

export function resolveEndpoints(over: { spApiBaseUrl?: string | Partial<Record<Region, string>>; lwaTokenUrl?: string } = {}): Endpoints {
  const base = { ...SPAPI_BASE_URLS }
  if (typeof over.spApiBaseUrl === 'string') {
    for (const r of Object.keys(base) as Region[]) base[r] = trimSlash(over.spApiBaseUrl)
  } else if (over.spApiBaseUrl) {
    for (const [r, u] of Object.entries(over.spApiBaseUrl)) if (u) base[r as Region] = trimSlash(u)
  }
  return { spApiBaseUrl: base, lwaTokenUrl: over.lwaTokenUrl ?? LWA_TOKEN_URL }
}

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoints {
  return resolveEndpoints({
    spApiBaseUrl: env.SBO_SPAPI_BASE_URL || undefined,
    lwaTokenUrl: env.SBO_LWA_TOKEN_URL || undefined
  })
}

/**
 * SBO_SPAPI_TIME_SCALE: how many times faster than Amazon the endpoint in SBO_SPAPI_BASE_URL
 * runs (the emulator's --speed-up). Scales rate limits, polling and feed spacing; ignored
 * (1) unless SBO_SPAPI_BASE_URL is set, so a real Amazon endpoint is always paced as Amazon.
 */
export function timeScaleFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  if (!env.SBO_SPAPI_BASE_URL) return 1
  const n = Number(env.SBO_SPAPI_TIME_SCALE ?? '1')
  return Number.isFinite(n) && n >= 1 ? n : 1
}
