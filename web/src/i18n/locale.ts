// One vue-i18n set-up for both pages of the build: the staff console (src/i18n) and the citizen portal
// (src/portal/i18n) each pass their own messages, so the portal never loads the console's. zh-CN is the default
// and the fallback; the choice is kept in localStorage `xf.locale`, shared by both pages.
import { createI18n } from 'vue-i18n'
import { computed, type Ref } from 'vue'

export type Locale = 'zh-CN' | 'en'
export const LOCALE_STORAGE_KEY = 'xf.locale'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Messages = Record<string, any>

export function savedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export function createLocale(messages: Record<Locale, Messages>) {
  const i18n = createI18n({
    legacy: false,
    globalInjection: true,
    locale: savedLocale(),
    fallbackLocale: 'zh-CN',
    messages,
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
  // A plain view of the global composer (vue-i18n's generic types are too deep for the checker here).
  const composer = i18n.global as unknown as {
    locale: Ref<string>
    t: (key: string, ...args: unknown[]) => string
    te: (key: string, locale?: string) => boolean
  }
  const currentLocale = computed<Locale>(() => composer.locale.value as Locale)
  function applyDocumentLocale(locale: Locale = currentLocale.value): void {
    if (typeof document === 'undefined') return
    document.documentElement.lang = locale
  }
  function setLocale(locale: Locale): void {
    composer.locale.value = locale
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale)
    } catch {
      /* storage unavailable */
    }
    applyDocumentLocale(locale)
  }
  return { i18n, composer, currentLocale, setLocale, applyDocumentLocale }
}
