import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { containedPath, CSP, isAppUrl, isSafeExternalUrl, isTrustedSender, webPreferences } from '../../../src/main/security'

describe('security policy', () => {
  it('has the same CSP in index.html as the one main sends', () => {
    const html = readFileSync(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CSP)
    expect(CSP).toContain("script-src 'self'")
    expect(CSP).not.toMatch(/script-src[^;]*unsafe/)
    expect(CSP).toContain("object-src 'none'")
  })
  it('locks the renderer down', () => {
    const p = webPreferences('/x/preload.js')
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false })
  })
  it('recognises only our app URLs', () => {
    expect(isAppUrl('app://bundle/index.html')).toBe(true)
    expect(isAppUrl('app://evil/index.html')).toBe(false)
    expect(isAppUrl('https://example.com')).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })
  it('opens only Amazon seller links externally', () => {
    expect(isSafeExternalUrl('https://sellercentral.amazon.com/orders-v3/order/113-1')).toBe(true)
    expect(isSafeExternalUrl('https://www.amazon.co.jp/dp/B0CXYZ1234')).toBe(true)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('https://amazon.com.evil.io/')).toBe(false)
    expect(isSafeExternalUrl('https://user:pw@sellercentral.amazon.com/')).toBe(false)
  })
  it('opens https only: plain http (rewritable on the way) and other ports are refused', () => {
    expect(isSafeExternalUrl('http://sellercentral.amazon.com/orders-v3/order/113-1')).toBe(false)
    expect(isSafeExternalUrl('HTTP://sellercentral.amazon.com/')).toBe(false)
    expect(isSafeExternalUrl('https://sellercentral.amazon.com:8443/')).toBe(false)
    expect(isSafeExternalUrl('https://sellercentral.amazon.com:443/x')).toBe(true)
  })
  it('trusts IPC only from the main frame of the app', () => {
    expect(isTrustedSender({ url: 'app://bundle/index.html', isMainFrame: true })).toBe(true)
    expect(isTrustedSender({ url: 'app://bundle/index.html', isMainFrame: false })).toBe(false)
    expect(isTrustedSender({ url: 'https://x.test/', isMainFrame: true })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
  it('keeps protocol paths inside the bundle', () => {
    expect(containedPath('/app/renderer', '/assets/a.js')).toBe('/app/renderer/assets/a.js')
    expect(containedPath('/app/renderer', '/../../etc/passwd')).toBeNull()
    expect(containedPath('/app/renderer', '/assets/%2e%2e/%2e%2e/x')).toBeNull()
  })
})
