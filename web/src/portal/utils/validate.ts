// Checks of the portal's forms, done before sending so that the citizen learns at once what is missing; the
// server checks again. Each check gives an i18n key (+ parameters) or null. ID numbers and phone numbers follow
// the server's rules (src/domain/personal_data.cpp).
import type { BookingBody, Purpose, SubmitBody } from '../api/types'

export interface Msg {
  key: string
  params?: Record<string, unknown>
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Trims (also U+3000), turns full-width digits and Ｘ into ASCII, x into X. */
export function normalizeIdNumber(value: string): string {
  return value
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xＸｘ]/g, 'X')
}

/** 18-character 居民身份证号码: length, digits, birth date, check character. */
export function validateIdNumber(raw: string): Msg | null {
  const id = normalizeIdNumber(raw)
  if (id.length !== 18) return { key: 'validation.idLength' }
  if (!/^\d{17}[\dX]$/.test(id)) return { key: 'validation.idFormat' }
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day)
    return { key: 'validation.idBirth' }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * WEIGHTS[i]
  if (CHECK_CHARS[sum % 11] !== id[17]) return { key: 'validation.idCheck' }
  return null
}

/** Mobile 1[3-9]xxxxxxxxx or a 7–12 digit landline (with '-'). */
export function validatePhone(raw: string): Msg | null {
  const phone = raw.trim()
  const bad = { key: 'validation.phone' }
  if (!/^\d+(-\d+)*$/.test(phone)) return bad
  const digits = phone.replace(/-/g, '')
  if (digits[0] === '1') return digits.length === 11 && digits[1] >= '3' ? null : bad
  if (digits.length < 7 || digits.length > 12) return bad
  if (digits[0] === '0' && digits.length < 10) return bad
  return null
}

export function validateEmail(raw: string): Msg | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim()) ? null : { key: 'validation.email' }
}

export function validateOtp(raw: string): Msg | null {
  return /^\d{6}$/.test(raw.trim()) ? null : { key: 'validation.otp' }
}

function required(value: string, field: string): Msg | null {
  return value.trim() ? null : { key: 'validation.required', params: { field } }
}

function maxLength(value: string, field: string, max: number): Msg | null {
  return Array.from(value.trim()).length > max ? { key: 'validation.tooLong', params: { field, max } } : null
}

// ---------------------------------------------------------------- 我要写信

export interface SubmitForm {
  purpose: Purpose | ''
  category_code: string
  region_code: string
  title: string
  content: string
  anonymous: boolean
  name: string
  id_number: string
  phone: string
  address: string
  email: string
  consent: boolean
}

export function emptySubmitForm(): SubmitForm {
  return {
    purpose: '',
    category_code: '',
    region_code: '',
    title: '',
    content: '',
    anonymous: false,
    name: '',
    id_number: '',
    phone: '',
    address: '',
    email: '',
    consent: false,
  }
}

export type SubmitField = keyof SubmitForm

/** The fields of each step of 我要写信: 反映事项, 您的信息, 确认提交. */
export const SUBMIT_STEPS: SubmitField[][] = [
  ['purpose', 'category_code', 'region_code', 'title', 'content'],
  ['name', 'id_number', 'phone', 'address', 'email'],
  ['consent'],
]

export const TITLE_MAX = 100
export const CONTENT_MAX = 5000

/** One field of the submit form; the `field` parameters are i18n keys of the field names. */
export function validateSubmitField(form: SubmitForm, field: SubmitField): Msg | null {
  const identity = !form.anonymous
  switch (field) {
    case 'purpose':
      return form.purpose ? null : { key: 'validation.choose', params: { field: 'write.fields.purpose' } }
    case 'category_code':
      return form.category_code ? null : { key: 'validation.choose', params: { field: 'write.fields.category' } }
    case 'region_code':
      return form.region_code ? null : { key: 'validation.choose', params: { field: 'write.fields.region' } }
    case 'title':
      return required(form.title, 'write.fields.title') ?? maxLength(form.title, 'write.fields.title', TITLE_MAX)
    case 'content':
      return required(form.content, 'write.fields.content') ?? maxLength(form.content, 'write.fields.content', CONTENT_MAX)
    case 'name':
      return identity ? (required(form.name, 'write.fields.name') ?? maxLength(form.name, 'write.fields.name', 50)) : null
    case 'id_number':
      return identity ? (required(form.id_number, 'write.fields.idNumber') ?? validateIdNumber(form.id_number)) : null
    case 'phone':
      return identity ? (required(form.phone, 'write.fields.phone') ?? validatePhone(form.phone)) : null
    case 'address':
      return identity
        ? (required(form.address, 'write.fields.address') ?? maxLength(form.address, 'write.fields.address', 200))
        : null
    case 'email':
      return identity && form.email.trim() ? validateEmail(form.email) : null
    case 'consent':
      return form.consent ? null : { key: 'validation.consent' }
    default:
      return null
  }
}

/** Errors of the given fields (default: all), keyed by field. */
export function validateSubmit(form: SubmitForm, fields: SubmitField[] = SUBMIT_STEPS.flat()): Partial<Record<SubmitField, Msg>> {
  const out: Partial<Record<SubmitField, Msg>> = {}
  for (const f of fields) {
    const m = validateSubmitField(form, f)
    if (m) out[f] = m
  }
  return out
}

/** The request body: trimmed; an anonymous letter carries no person and no e-mail. */
export function toSubmitBody(form: SubmitForm): SubmitBody {
  const body: SubmitBody = {
    purpose: form.purpose as Purpose,
    category_code: form.category_code,
    region_code: form.region_code,
    title: form.title.trim(),
    content: form.content.trim(),
    anonymous: form.anonymous,
    petitioners: form.anonymous
      ? []
      : [
          {
            name: form.name.trim(),
            id_number: normalizeIdNumber(form.id_number),
            phone: form.phone.trim(),
            address: form.address.trim(),
          },
        ],
    consent: form.consent,
  }
  if (!form.anonymous && form.email.trim()) body.email = form.email.trim()
  return body
}

// ---------------------------------------------------------------- 预约接访

export interface BookingForm {
  name: string
  phone: string
  id_number: string
  region_code: string
  summary: string
  consent: boolean
}

export type BookingField = keyof BookingForm

export function emptyBookingForm(): BookingForm {
  return { name: '', phone: '', id_number: '', region_code: '', summary: '', consent: false }
}

export const SUMMARY_MAX = 500

export function validateBookingField(form: BookingForm, field: BookingField): Msg | null {
  switch (field) {
    case 'name':
      return required(form.name, 'booking.fields.name') ?? maxLength(form.name, 'booking.fields.name', 50)
    case 'phone':
      return required(form.phone, 'booking.fields.phone') ?? validatePhone(form.phone)
    case 'id_number':
      return form.id_number.trim() ? validateIdNumber(form.id_number) : null
    case 'region_code':
      return form.region_code ? null : { key: 'validation.choose', params: { field: 'booking.fields.region' } }
    case 'summary':
      return required(form.summary, 'booking.fields.summary') ?? maxLength(form.summary, 'booking.fields.summary', SUMMARY_MAX)
    case 'consent':
      return form.consent ? null : { key: 'validation.consent' }
    default:
      return null
  }
}

export const BOOKING_FIELDS: BookingField[] = ['name', 'phone', 'id_number', 'region_code', 'summary', 'consent']

export function validateBooking(form: BookingForm): Partial<Record<BookingField, Msg>> {
  const out: Partial<Record<BookingField, Msg>> = {}
  for (const f of BOOKING_FIELDS) {
    const m = validateBookingField(form, f)
    if (m) out[f] = m
  }
  return out
}

export function toBookingBody(form: BookingForm, dayId: number, slot: string): BookingBody {
  const body: BookingBody = {
    day_id: dayId,
    slot,
    name: form.name.trim(),
    phone: form.phone.trim(),
    region_code: form.region_code,
    summary: form.summary.trim(),
    consent: form.consent,
  }
  if (form.id_number.trim()) body.id_number = normalizeIdNumber(form.id_number)
  return body
}

/** 查询码 as typed: upper case, full-width letters and spaces removed. */
export function normalizeQueryCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase()
}
