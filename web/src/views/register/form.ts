// The 登记 form's model and its rules, kept free of Vue so they can be unit-tested: defaults, collective-visit
// detection (5 人及以上, 条例第20条: 代表不超过 5 人), the request sent to POST /petitions, and the mapping of
// a server error's `field` (e.g. `petitioners[0].id_number`) to the form item that shows it.
import type { Channel, Purpose } from '@/api/types'
import type { PetitionerInput, RegisterRequest } from '@/api/petitions'
import { normalizeIdNumber } from '@/utils/idNumber'

/** 5 人及以上为集体访. */
export const COLLECTIVE_MIN_PERSONS = 5
/** 条例第20条: 多人走访应推选代表，代表人数不超过 5 人. */
export const MAX_REPRESENTATIVES = 5
/** Server limits (src/app/services.cpp). */
export const MAX_PETITIONERS = 50
export const MAX_PERSONS = 100000
export const MAX_TITLE = 200
export const MAX_CONTENT = 20000
export const MAX_NAME = 50
export const MAX_ADDRESS = 200
export const MAX_ACCUSED = 200
/** The server accepts a received_at up to 5 minutes ahead of its clock. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000

export interface PetitionerRow {
  /** Stable key for v-for (not sent) */
  key: number
  name: string
  id_number: string
  phone: string
  address: string
  representative: boolean
}

export interface RegisterForm {
  channel: Channel
  received_at: Date | null
  /** Registering org code; '' = the user's own org */
  org_code: string
  purpose: Purpose
  category_code: string
  region_code: string
  title: string
  content: string
  persons: number
  petitioners: PetitionerRow[]
  accused_name: string
  accused_org_code: string
  involves_litigation: boolean
  anonymous: boolean
  repeat_of_number: string
  skipped_level: boolean
}

let nextKey = 1

export function newPetitionerRow(): PetitionerRow {
  return { key: nextKey++, name: '', id_number: '', phone: '', address: '', representative: false }
}

export interface FormDefaults {
  channel?: Channel
  region_code?: string
  org_code?: string
  now?: Date
}

export function emptyForm(defaults: FormDefaults = {}): RegisterForm {
  return {
    channel: defaults.channel ?? 'visit',
    received_at: defaults.now ?? new Date(),
    org_code: defaults.org_code ?? '',
    purpose: 'complaint',
    category_code: '',
    region_code: defaults.region_code ?? '',
    title: '',
    content: '',
    persons: 1,
    petitioners: [newPetitionerRow()],
    accused_name: '',
    accused_org_code: '',
    involves_litigation: false,
    anonymous: false,
    repeat_of_number: '',
    skipped_level: false,
  }
}

// ------------------------------------------------------------------ collective visits and representatives

/** 集体访: 5 or more persons. */
export function isCollective(persons: number | null | undefined): boolean {
  return typeof persons === 'number' && persons >= COLLECTIVE_MIN_PERSONS
}

/** 个访 / 集体访 for a visit; other channels have no such distinction (null). */
export function visitKind(channel: Channel, persons: number | null | undefined): 'individual' | 'collective' | null {
  if (channel !== 'visit') return null
  return isCollective(persons) ? 'collective' : 'individual'
}

export function representativeCount(rows: readonly Pick<PetitionerRow, 'representative'>[]): number {
  return rows.reduce((n, r) => n + (r.representative ? 1 : 0), 0)
}

/** May row `index` be switched to 代表? (Always true when it already is — it can be switched off.) */
export function canMarkRepresentative(rows: readonly Pick<PetitionerRow, 'representative'>[], index: number): boolean {
  return !!rows[index]?.representative || representativeCount(rows) < MAX_REPRESENTATIVES
}

/** The i18n key of the representatives error, or null: at most 5, and only for a collective petition. */
export function representativesError(
  rows: readonly Pick<PetitionerRow, 'representative'>[],
  persons: number | null | undefined,
): 'register.validation.tooManyRepresentatives' | 'register.validation.representativesNotCollective' | null {
  const n = representativeCount(rows)
  if (n > MAX_REPRESENTATIVES) return 'register.validation.tooManyRepresentatives'
  if (n > 0 && !isCollective(persons)) return 'register.validation.representativesNotCollective'
  return null
}

/** A row with nothing typed in it (ignored on submit). */
export function isBlankRow(row: Omit<PetitionerRow, 'key' | 'representative'>): boolean {
  return ![row.name, row.id_number, row.phone, row.address].some((v) => v && v.trim())
}

/** The petitioner rows that will be sent. */
export function filledRows<T extends PetitionerRow>(rows: readonly T[]): T[] {
  return rows.filter((r) => !isBlankRow(r))
}

/**
 * The i18n key of the 人数 error, or null: 1–100000, and not fewer than the petitioners listed (the listed
 * petitioners are among the persons who came).
 */
export function personsError(
  persons: number | null | undefined,
  rows: readonly PetitionerRow[],
): 'register.validation.personsRange' | 'register.validation.personsFewerThanRows' | null {
  if (typeof persons !== 'number' || !Number.isInteger(persons) || persons < 1 || persons > MAX_PERSONS)
    return 'register.validation.personsRange'
  if (filledRows(rows).length > persons) return 'register.validation.personsFewerThanRows'
  return null
}

// ------------------------------------------------------------------ text

/** Characters as the server counts them (Unicode code points, not UTF-16 units). */
export function textLength(value: string | null | undefined): number {
  return value ? Array.from(value).length : 0
}

/** 信访件编号 as the server prints it: `{区划}-{年}-{序号}`, e.g. `991021-2026-000001`. */
export function isPetitionNumber(value: string): boolean {
  return /^\d{6}(\d{3}){0,2}-\d{4}-\d{1,10}$/.test(value.trim())
}

// ------------------------------------------------------------------ time

/** A time is acceptable as received_at: not later than now (plus the server's tolerance). */
export function isFutureTime(value: Date, now: Date = new Date()): boolean {
  return value.getTime() > now.getTime() + FUTURE_TOLERANCE_MS
}

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0')
}

/** `2026-03-05T09:30:00+08:00` in the browser's time zone (what the date picker shows). */
export function toOffsetIso(d: Date): string {
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  )
}

// ------------------------------------------------------------------ the request

/**
 * POST /petitions body from the form: texts trimmed, blank petitioner rows dropped, ID numbers normalised,
 * 代表 only for a collective petition, 被反映人/单位 only for 检举控告, empty optionals left out.
 */
export function buildRegisterRequest(form: RegisterForm): RegisterRequest {
  const collective = isCollective(form.persons)
  const petitioners: PetitionerInput[] = filledRows(form.petitioners).map((r) => {
    const p: PetitionerInput = { name: r.name.trim() }
    if (r.id_number.trim()) p.id_number = normalizeIdNumber(r.id_number)
    if (r.phone.trim()) p.phone = r.phone.trim()
    if (r.address.trim()) p.address = r.address.trim()
    p.representative = collective && r.representative
    return p
  })
  const body: RegisterRequest = {
    channel: form.channel,
    purpose: form.purpose,
    category_code: form.category_code,
    region_code: form.region_code.trim(),
    title: form.title.trim(),
    content: form.content,
    persons: form.persons,
    petitioners,
    involves_litigation: form.involves_litigation,
    anonymous: form.anonymous,
    skipped_level: form.skipped_level,
  }
  if (form.received_at) body.received_at = toOffsetIso(form.received_at)
  if (form.org_code) body.org_code = form.org_code
  if (form.purpose === 'accusation') {
    if (form.accused_name.trim()) body.accused_name = form.accused_name.trim()
    if (form.accused_org_code) body.accused_org_code = form.accused_org_code
  }
  if (form.repeat_of_number.trim()) body.repeat_of_number = form.repeat_of_number.trim()
  return body
}

// ------------------------------------------------------------------ server errors → form items

/** Top-level request fields that have their own form item (the `prop` equals the field name). */
const FORM_FIELDS = new Set([
  'channel',
  'received_at',
  'org_code',
  'purpose',
  'category_code',
  'region_code',
  'title',
  'content',
  'persons',
  'petitioners',
  'accused_name',
  'accused_org_code',
  'involves_litigation',
  'anonymous',
  'repeat_of_number',
  'skipped_level',
])
const PETITIONER_FIELDS = new Set(['name', 'id_number', 'phone', 'address', 'representative'])

/**
 * The form item `prop` for a server `field`: `title` → `title`, `petitioners[0].id_number` →
 * `petitioners.0.id_number`, `petitioners[2]` → `petitioners`. `sentIndexToRow` maps the index in the request
 * (blank rows are not sent) back to the row index in the form. Null when the form has no such item (e.g.
 * `body`): show the message at the top instead.
 */
export function serverFieldToProp(
  field: string | null | undefined,
  sentIndexToRow: (i: number) => number | undefined = (i) => i,
): string | null {
  if (!field) return null
  const m = /^petitioners\[(\d+)\](?:\.(\w+))?$/.exec(field)
  if (m) {
    const row = sentIndexToRow(Number(m[1]))
    if (row === undefined || !m[2] || !PETITIONER_FIELDS.has(m[2])) return 'petitioners'
    return `petitioners.${row}.${m[2]}`
  }
  return FORM_FIELDS.has(field) ? field : null
}

/** For serverFieldToProp: index in the request → index in the form (blank rows are skipped when sending). */
export function sentRowIndex(rows: readonly PetitionerRow[]): (i: number) => number | undefined {
  const map: number[] = []
  rows.forEach((r, i) => {
    if (!isBlankRow(r)) map.push(i)
  })
  return (i) => map[i]
}
