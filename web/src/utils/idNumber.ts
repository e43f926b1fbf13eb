// 居民身份证号码 (GB 11643-1999) and phone numbers: validation, normalisation and masking the way the server
// does it (src/domain/personal_data.cpp), so forms can say what is wrong before submitting.
import type { FormItemRule } from 'element-plus'
import { t } from '@/i18n'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

export type IdNumberErrorKey =
  | 'common.validation.idNumber.length'
  | 'common.validation.idNumber.format'
  | 'common.validation.idNumber.birth'
  | 'common.validation.idNumber.check'

/** Trims (also U+3000), turns full-width digits/Ｘ into ASCII and x into X — as the server does. */
export function normalizeIdNumber(value: string): string {
  return value
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xＸｘ]/g, 'X')
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/**
 * Validates an 18-character ID number (after normalizeIdNumber). Returns null when valid, else the i18n key of
 * the message: wrong length, not 17 digits + digit/X, impossible birth date, or wrong check character.
 */
export function validateIdNumber(raw: string): IdNumberErrorKey | null {
  const id = normalizeIdNumber(raw)
  if (id.length !== 18) return 'common.validation.idNumber.length'
  if (!/^\d{17}[\dX]$/.test(id)) return 'common.validation.idNumber.format'
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (
    year < 1900 ||
    year > 2100 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day
  )
    return 'common.validation.idNumber.birth'
  if (idCheckChar(id) !== id[17]) return 'common.validation.idNumber.check'
  return null
}

export function isValidIdNumber(raw: string): boolean {
  return validateIdNumber(raw) === null
}

/** Phone numbers as the server accepts them: mobiles 1[3-9]xxxxxxxxx, or 7–12 digit landlines with '-'. */
export function validatePhone(raw: string): 'common.validation.phone' | null {
  const phone = raw.trim()
  if (!/^\d+(-\d+)*$/.test(phone)) return 'common.validation.phone'
  const digits = phone.replace(/-/g, '')
  if (digits[0] === '1') return digits.length === 11 && digits[1] >= '3' ? null : 'common.validation.phone'
  if (digits.length < 7 || digits.length > 12) return 'common.validation.phone'
  if (digits[0] === '0' && digits.length < 10) return 'common.validation.phone'
  return null
}

function keepEnds(chars: string[], head: number, tail: number): string {
  return chars.map((c, i) => (i < head || i + tail >= chars.length ? c : '*')).join('')
}

/** `110101199003074514` → `1101**********4514` (first 4 and last 4 kept). */
export function maskIdNumber(value: string | null | undefined): string {
  const chars = Array.from((value ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
  if (chars.length > 8) return keepEnds(chars, 4, 4)
  return keepEnds(chars, 0, chars.length >= 4 ? 2 : 0)
}

/** `13812345678` → `138****5678`; shorter numbers keep their last 2 digits. */
export function maskPhone(value: string | null | undefined): string {
  const chars = Array.from((value ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
  if (chars.length >= 11) return keepEnds(chars, 3, 4)
  return keepEnds(chars, 0, chars.length > 2 ? 2 : 0)
}

export interface RuleOptions {
  /** An empty value is an error (default: empty is allowed; add a `required` rule or pass true). */
  required?: boolean
  /** i18n key of the field name for the "required" message */
  fieldKey?: string
  trigger?: 'blur' | 'change' | ('blur' | 'change')[]
}

/** Element Plus form rule: `rules: { id_number: [idNumberRule()] }`. Messages follow the current language. */
export function idNumberRule(options: RuleOptions = {}): FormItemRule {
  return {
    trigger: options.trigger ?? 'blur',
    validator: (_rule, value: string, callback) => {
      if (!value || !String(value).trim()) {
        if (options.required)
          return callback(new Error(t('common.validation.required', { field: t(options.fieldKey ?? 'common.fields.idNumber') })))
        return callback()
      }
      const key = validateIdNumber(String(value))
      callback(key ? new Error(t(key)) : undefined)
    },
  }
}

/** Element Plus form rule for a phone number. */
export function phoneRule(options: RuleOptions = {}): FormItemRule {
  return {
    trigger: options.trigger ?? 'blur',
    validator: (_rule, value: string, callback) => {
      if (!value || !String(value).trim()) {
        if (options.required)
          return callback(new Error(t('common.validation.required', { field: t(options.fieldKey ?? 'common.fields.phone') })))
        return callback()
      }
      const key = validatePhone(String(value))
      callback(key ? new Error(t(key)) : undefined)
    },
  }
}
