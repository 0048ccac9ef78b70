/**
 * i18n: one namespace per domain, one JSON file per namespace and language under
 * locales/<lng>/<ns>.json, discovered at build time (so a new domain only adds its two files).
 */
import i18n, { type FormatterModule } from 'i18next'
import { initReactI18next } from 'react-i18next'

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true })
const resources: Record<string, Record<string, Record<string, unknown>>> = {}
for (const [path, mod] of Object.entries(files)) {
  const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)
  if (!m) continue
  const [, lng, ns] = m as unknown as [string, string, string]
  ;(resources[lng] ??= {})[ns] = mod.default
}

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('sbo.language') : null
const initial: Language =
  stored === 'en' || stored === 'zh-CN' ? stored : navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'

/**
 * Every number a message interpolates is a count shown with the language's thousands separators
 * ("12,345" / "12,345", issue 18) — except values that name something (ids, sequence, line and
 * column numbers, versions, years), shown as written. `{{x, number}}` formats explicitly.
 * A formatter module of our own: i18next's built-in one formats only values that name a format.
 */
const IDENTITY_KEY = /^(?:id|seq|line|column|version|year|port|number|code)$|Id$/
const countFormatter: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  format(value, format, lng, options) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return value
    const key = (options as { interpolationkey?: string } | undefined)?.interpolationkey ?? ''
    if (format === 'number' || (format === undefined && !IDENTITY_KEY.test(key))) return new Intl.NumberFormat(lng).format(value)
    return value
  }
}

void i18n
  .use(initReactI18next)
  .use(countFormatter)
  .init({
    resources,
    lng: initial,
    fallbackLng: 'en',
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false
  })

export function setLanguage(lng: Language) {
  localStorage.setItem('sbo.language', lng)
  void i18n.changeLanguage(lng)
  document.documentElement.lang = lng
}

export { i18n }
