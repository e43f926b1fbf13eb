// The portal's own vue-i18n instance (not the console's: its first load stays small). zh-CN is the default and
// the fallback; the choice is shared with the console through localStorage `xf.locale`.
import { createI18n } from 'vue-i18n'
import { computed, type Ref } from 'vue'
import zhCN from './zh-CN'
import en from './en'
import type { Msg } from '../utils/validate'

export type Locale = 'zh-CN' | 'en'
export const LOCALE_STORAGE_KEY = 'xf.locale'

export function savedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

const composer = i18n.global as unknown as {
  locale: Ref<string>
  t: (key: string, ...args: unknown[]) => string
  te: (key: string, locale?: string) => boolean
}

export const currentLocale = computed<Locale>(() => composer.locale.value as Locale)

export function setLocale(locale: Locale): void {
  composer.locale.value = locale
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    /* storage unavailable */
  }
  applyDocumentLocale(locale)
}

export function applyDocumentLocale(locale: Locale = currentLocale.value): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function t(key: string, params?: Record<string, unknown>): string {
  return params ? composer.t(key, params) : composer.t(key)
}

export function te(key: string): boolean {
  return composer.te(key)
}

/** A validation message: its `field` parameter is an i18n key of the field name. */
export function msgText(m: Msg | null | undefined): string {
  if (!m) return ''
  const params = { ...(m.params ?? {}) }
  if (typeof params.field === 'string') params.field = t(params.field)
  return t(m.key, params)
}

/** Label of an enumeration code (`enums.state.accepted`); in Chinese the server's label wins when given. */
export function enumText(kind: string, code: string | null | undefined, serverLabel?: string | null): string {
  if (currentLocale.value === 'zh-CN' && serverLabel) return serverLabel
  if (code && te(`enums.${kind}.${code}`)) return t(`enums.${kind}.${code}`)
  return serverLabel || code || ''
}
