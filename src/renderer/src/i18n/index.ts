/**
 * i18n: one namespace per domain, one JSON file per namespace and language under
 * locales/<lng>/<ns>.json, discovered at build time (so a new domain only adds its two files).
 */
import i18n from 'i18next'
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

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: 'en',
  ns: Object.keys(resources.en ?? {}),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false
})

export function setLanguage(lng: Language) {
  localStorage.setItem('sbo.language', lng)
  void i18n.changeLanguage(lng)
  document.documentElement.lang = lng
}

export { i18n }
