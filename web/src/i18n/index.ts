// vue-i18n set-up. Every file in ./zh-CN/*.ts and ./en/*.ts default-exports an object keyed by its module name
// (common.ts → { common: {...} }); they are merged here, so each page helper adds its own file and never edits
// another's. zh-CN is the default and the fallback; the choice is kept in localStorage.
import { createI18n } from 'vue-i18n'
import { computed, type Ref } from 'vue'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]
export const LOCALE_STORAGE_KEY = 'xf.locale'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Messages = Record<string, any>
type Module = { default: Messages }

export function mergeModules(mods: Record<string, Module>): Messages {
  const out: Messages = {}
  for (const [path, mod] of Object.entries(mods)) {
    for (const [key, value] of Object.entries(mod.default ?? {})) {
      if (key in out) console.warn(`[i18n] module key "${key}" defined twice (again in ${path})`)
      out[key] = value
    }
  }
  return out
}

const zhCN = mergeModules(import.meta.glob<Module>('./zh-CN/*.ts', { eager: true }))
const en = mergeModules(import.meta.glob<Module>('./en/*.ts', { eager: true }))

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

// A plain view of the global composer (vue-i18n's generic types are too deep for the checker here).
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
  if (typeof document === 'undefined') return
  document.documentElement.lang = locale
}

/** Translate outside components (API client, router guard, utilities). */
export function t(key: string, ...args: unknown[]): string {
  return composer.t(key, ...args)
}

/**
 * Label of an enumeration value: `enumLabel('state', 'accepted')` → 办理中 / In handling. Falls back to the
 * server-provided Chinese label (e.g. `state_label`), then the code itself.
 */
export type EnumKind =
  | 'channel'
  | 'purpose'
  | 'caseKind'
  | 'state'
  | 'outcome'
  | 'rating'
  | 'action'
  | 'clockKind'
  | 'clockUnit'
  | 'role'
  | 'scope'
  | 'orgLevel'
  | 'orgKind'
  | 'actorKind'

export function enumLabel(kind: EnumKind, code: string | null | undefined, serverLabel?: string | null): string {
  if (!code) return serverLabel ?? ''
  const key = `enums.${kind}.${code}`
  if (composer.te(key)) return t(key)
  return serverLabel || code
}
