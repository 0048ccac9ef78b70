/**
 * Tokens: the LWA token endpoint (`POST /auth/o2/token`, refresh_token grant → access token) and
 * the Tokens API 2021-03-01 (`createRestrictedDataToken`), plus how the emulator signs and checks
 * both kinds of token (HMAC with the run's secret; claims: seller, expiry, issue time, and for a
 * restricted data token the "METHOD path" list it opens).
 */
import type { EmulatorContext, Handled } from '../context'
import { badRequest, type ApiHandlers, type ApiRequest } from './common'

export type TokenClaims = { s: string; e: number; i: number; p?: string[] }

export function issueToken(ctx: EmulatorContext, prefix: string, claims: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${prefix}emu.${payload}.${ctx.sign(payload)}`
}

/** The claims of a token this emulator issued (null: not one of ours, or tampered with). */
export function verifyToken(ctx: EmulatorContext, token: string | undefined): { claims: TokenClaims; rdt: boolean } | null {
  if (!token) return null
  const m = /^(Atza\||Atz\.sprdt\|)emu\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token)
  if (!m || ctx.sign(m[2]!) !== m[3]) return null
  try {
    return { claims: JSON.parse(Buffer.from(m[2]!, 'base64url').toString()) as TokenClaims, rdt: m[1] === 'Atz.sprdt|' }
  } catch {
    return null
  }
}

/** LWA: POST /auth/o2/token (form or JSON body), refresh_token grant only. */
export function handleLwa(ctx: EmulatorContext, body: Buffer, contentType: string | undefined): Handled {
  let p: Record<string, string> = {}
  const text = body.toString('utf8')
  if (contentType?.includes('json')) {
    try {
      p = JSON.parse(text) as Record<string, string>
    } catch {
      return { status: 400, body: { error: 'invalid_request', error_description: 'Malformed request' } }
    }
  } else p = Object.fromEntries(new URLSearchParams(text))
  if (p.grant_type !== 'refresh_token')
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only refresh_token is supported by the emulator' } }
  const byClient = [...ctx.sellers.values()].filter((s) => s.data.config.clientId === p.client_id)
  if (byClient.length === 0 || !byClient.some((s) => s.data.config.clientSecret === p.client_secret)) {
    return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } }
  }
  const seller = byClient.find((s) => s.data.config.refreshToken === p.refresh_token && s.data.config.clientSecret === p.client_secret)
  if (!seller)
    return {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' }
    }
  const ttl = ctx.opts.tokenTtlSec ?? 3600
  ctx.stats.tokensIssued++
  const token = issueToken(ctx, 'Atza|', {
    s: seller.data.config.sellerId,
    e: ctx.now() + ttl * 1000,
    i: ctx.now(),
    n: ctx.stats.tokensIssued
  })
  return { status: 200, body: { access_token: token, refresh_token: p.refresh_token, token_type: 'bearer', expires_in: ttl } }
}

function createRestrictedDataToken(ctx: EmulatorContext, { body, seller, now }: ApiRequest): Handled {
  const spec = body as { restrictedResources?: { method?: string; path?: string }[] } | null
  const res = spec?.restrictedResources
  if (!Array.isArray(res) || res.length === 0 || res.length > 50 || res.some((r) => !r.method || !r.path)) {
    return badRequest('restrictedResources must list 1–50 {method, path}')
  }
  ctx.stats.rdtsIssued++
  const claims = { s: seller.data.config.sellerId, e: now + 3_600_000, i: now, p: res.map((r) => `${r.method} ${r.path}`) }
  return { status: 200, body: { restrictedDataToken: issueToken(ctx, 'Atz.sprdt|', claims), expiresIn: 3600 } }
}

/** Tokens API 2021-03-01. */
export const tokensApi = (ctx: EmulatorContext): ApiHandlers<'createRestrictedDataToken'> => ({
  createRestrictedDataToken: (req) => createRestrictedDataToken(ctx, req)
})
