import { describe, expect, it } from 'vitest'
import { createLogger, redact } from '../../../src/main/log'

describe('log redaction', () => {
  it('removes tokens and secrets from messages and metadata', () => {
    const lines: string[] = []
    const log = createLogger({ sink: (l) => lines.push(l), level: 'debug' })
    log.info('refresh failed for Atzr|IwEBIAbc-123_x with secret amzn1.oa2-cs.v1.deadbeef', {
      refreshToken: 'Atzr|plain',
      nested: { lwaClientSecret: 'shh', url: 'http://127.0.0.1:1/?t=abc123&x=1', ok: 'visible' },
      headers: { Authorization: 'Bearer x', 'x-amz-access-token': 'Atza|tok' }
    })
    const out = lines.join('\n')
    for (const s of ['IwEBIAbc', 'deadbeef', 'Atzr|plain', 'shh', 'abc123', 'Atza|tok', 'Bearer x']) expect(out).not.toContain(s)
    expect(out).toContain('visible')
    expect(out).toContain('x=1')
  })
  it('redacts inside errors', () => {
    const r = redact(new Error('bad token Atza|secretvalue')) as { message: string }
    expect(r.message).toBe('bad token [redacted]')
  })
})

describe('stored secrets', () => {
  it('any value equal to a registered secret is redacted in logs and outputs, whatever its shape', async () => {
    const { registerSecret, redactOutput } = await import('../../../src/main/log')
    registerSecret('OrdinaryLookingSecret-123')
    registerSecret('short') // too short to register: would redact ordinary words
    const lines: string[] = []
    createLogger({ sink: (l) => lines.push(l) }).warn('Amazon said: bad value OrdinaryLookingSecret-123 for client', {
      body: 'x=OrdinaryLookingSecret-123'
    })
    expect(lines.join('')).not.toContain('OrdinaryLookingSecret-123')
    expect(redactOutput({ message: 'echo OrdinaryLookingSecret-123 short', tokenRefreshes: 2 })).toEqual({
      message: 'echo [redacted] short',
      tokenRefreshes: 2
    })
  })
})
