/**
 * Security policy as pure values and predicates, unit-tested without a window. index.ts and
 * ipc.ts apply them; the renderer's index.html carries the same CSP (a test compares them).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine writes style attributes and <style> tags at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https://m.media-amazon.com",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://bundle`

export function webPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false
  } as const
}

/** Pages the window may show: our app:// bundle, or the Vite dev server when not packaged. */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return false
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === 'bundle') return true
  if (devServerUrl) {
    try {
      return u.origin === new URL(devServerUrl).origin
    } catch {
      return false
    }
  }
  return false
}

/** Links we hand to the OS browser: https to Amazon's seller sites only (never plain http, which anyone on the network can rewrite). */
const AMAZON_DOMAINS = 'com|ca|com\\.mx|com\\.br|co\\.uk|ie|de|fr|it|es|nl|se|pl|com\\.be|com\\.tr|ae|sa|eg|in|co\\.za|co\\.jp|com\\.au|sg'
const EXTERNAL_HOSTS = new RegExp(`(^|\\.)amazon\\.(${AMAZON_DOMAINS})$`)
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw)
    return u.protocol === 'https:' && EXTERNAL_HOSTS.test(u.hostname) && !u.username && !u.password && (u.port === '' || u.port === '443')
  } catch {
    return false
  }
}

/** An IPC call is trusted when it comes from the main frame showing our app. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null, devServerUrl?: string): boolean {
  return frame !== null && frame.isMainFrame && isAppUrl(frame.url, devServerUrl)
}

/** Resolves a request path inside the bundle folder; null when it would escape it. */
export function containedPath(root: string, requestPath: string, sep = '/'): string | null {
  const parts: string[] = []
  for (const seg of decodeURIComponent(requestPath).split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') return null
    parts.push(seg)
  }
  return [root.replace(/[\\/]+$/, ''), ...parts].join(sep)
}
