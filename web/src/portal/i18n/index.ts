// The portal's own vue-i18n instance (not the console's: its first load stays small). zh-CN is the default and
// the fallback; the choice is shared with the console through localStorage `xf.locale`.
import zhCN from './zh-CN'
import en from './en'
import type { Msg } from '../utils/validate'
import { createLocale } from '../../i18n/locale'

export { savedLocale, LOCALE_STORAGE_KEY, type Locale } from '../../i18n/locale'

const locale = createLocale({ 'zh-CN': zhCN, en })
const composer = locale.composer
export const { i18n, currentLocale, setLocale, applyDocumentLocale } = locale

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
