/**
 * Login with Amazon: refresh-token grant (sp-api-notes §4). The access token lives only in
 * memory, is reused until 60 s before it expires (the official Java client's margin), and can
 * be invalidated when Amazon says it has expired. Concurrent callers share one refresh.
 */
import type { Clock } from '../../clock'
import { AppError } from '../../errors'
import type { Logger } from '../../log'
import { DEFAULT_RETRY, fullJitterDelay, type RetryPolicy } from './backoff'
import { classifyNetworkError, offlineError, safeUrl, type FetchFn, type Sleep } from './transport'
import type { LwaErrorResponse, LwaTokenResponse } from './types'

export type LwaCredentials = { lwaClientId: string; lwaClientSecret: string; refreshToken: string }

export const EXPIRY_MARGIN_MS = 60_000

export class LwaTokenProvider {
  private token: { value: string; expiresAt: number } | null = null
  private inflight: Promise<string> | null = null
  /** Number of successful token exchanges (for tests and diagnostics). */
  refreshes = 0

  constructor(
    private readonly deps: {
      tokenUrl: string
      credentials: () => Promise<LwaCredentials>
      fetch: FetchFn
      clock: Clock
      log: Logger
      sleep: Sleep
      random: () => number
      retry?: RetryPolicy
      timeoutMs?: number
    }
  ) {}

  invalidate(): void {
    this.token = null
  }

  async getToken(): Promise<string> {
    const now = this.deps.clock.now().getTime()
    if (this.token && now < this.token.expiresAt - EXPIRY_MARGIN_MS) return this.token.value
    if (!this.inflight) {
      this.inflight = this.exchange().finally(() => {
        this.inflight = null
      })
    }
    return this.inflight
  }

  private async exchange(): Promise<string> {
    const creds = await this.deps.credentials()
    const retry = this.deps.retry ?? DEFAULT_RETRY
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: creds.refreshToken,
      client_id: creds.lwaClientId,
      client_secret: creds.lwaClientSecret
    }).toString()
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await this.deps.fetch(this.deps.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(this.deps.timeoutMs ?? 30_000)
        })
      } catch (e) {
        const f = classifyNetworkError(e)
        if (!f) throw e
        if (f.kind !== 'unreachable' && attempt < retry.maxRetries) {
          await this.deps.sleep(fullJitterDelay(attempt, retry, this.deps.random))
          continue
        }
        this.deps.log.warn('LWA token endpoint unreachable', { url: safeUrl(this.deps.tokenUrl), network: f.code })
        throw offlineError('Amazon (Login with Amazon)', f)
      }
      const text = await res.text()
      if (res.ok) {
        let json: LwaTokenResponse
        try {
          json = JSON.parse(text) as LwaTokenResponse
        } catch {
          throw new AppError('UNAVAILABLE', 'Login with Amazon returned an unreadable answer.')
        }
        if (!json.access_token) throw new AppError('UNAVAILABLE', 'Login with Amazon returned no access token.')
        const ttl = (Number(json.expires_in) || 3600) * 1000
        this.token = { value: json.access_token, expiresAt: this.deps.clock.now().getTime() + ttl }
        this.refreshes++
        this.deps.log.debug('LWA access token refreshed', { expiresInSec: json.expires_in })
        return json.access_token
      }
      if ((res.status === 429 || res.status >= 500) && attempt < retry.maxRetries) {
        await this.deps.sleep(fullJitterDelay(attempt, retry, this.deps.random))
        continue
      }
      let err: LwaErrorResponse | null = null
      try {
        err = JSON.parse(text) as LwaErrorResponse
      } catch {
        err = null
      }
      const code = err?.error ?? `HTTP ${res.status}`
      this.deps.log.warn('LWA token exchange failed', { status: res.status, error: code })
      if (res.status === 429) throw new AppError('THROTTLED', 'Login with Amazon is throttling token requests; try again shortly.')
      if (res.status >= 500) throw new AppError('UNAVAILABLE', `Login with Amazon is unavailable (HTTP ${res.status}).`)
      const hint =
        code === 'invalid_grant'
          ? 'the refresh token was refused (revoked, expired or mistyped); authorize the app again in Seller Central'
          : code === 'invalid_client' || code === 'unauthorized_client'
            ? 'the LWA client id or client secret was refused'
            : (err?.error_description ?? 'the request was refused')
      throw new AppError('UNAUTHORIZED', `Login with Amazon failed (${code}): ${hint}.`, { lwaError: code })
    }
  }
}
