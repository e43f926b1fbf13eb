// vue-i18n set-up. Every file in ./zh-CN/*.ts and ./en/*.ts default-exports an object keyed by its module name
// (common.ts → { common: {...} }); they are merged here, so each page helper adds its own file and never edits
// another's. zh-CN is the default and the fallback; the choice is kept in localStorage.
import { createLocale, type Locale, type Messages } from './locale'

export { savedLocale, LOCALE_STORAGE_KEY, type Locale } from './locale'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]
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

const locale = createLocale({ 'zh-CN': zhCN, en })
const composer = locale.composer
export const { i18n, currentLocale, setLocale, applyDocumentLocale } = locale

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
