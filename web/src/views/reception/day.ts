// 领导接访日 without Vue, so it can be unit-tested: the dialog's form and the request bodies it sends (POST, and
// PATCH with only the changed fields), the time slots of a day (as the server computes them, domain/reception.hpp
// SlotStarts), the status of a day and of a booking, and the day list grouped by slot.
import {
  BOOKING_STATUSES,
  type BookingStatus,
  type ReceptionBooking,
  type ReceptionDay,
  type ReceptionDayInput,
  type ReceptionDayPatch,
} from '@/api/reception'
import { t } from '@/i18n'

/** Bookings one slot may take (the server checks 1..50). */
export const MAX_PER_SLOT = 50
/** Slot lengths offered in the dialog, in minutes. */
export const SLOT_LENGTHS = [10, 15, 20, 30, 40, 45, 60, 90, 120] as const
export const MAX_PLACE = 100
export const MAX_LEADER_NAME = 50
export const MAX_LEADER_TITLE = 50
export const MAX_TOPICS = 500

export interface DayForm {
  /** The org holding the day ('' = the user's own org); only sent when creating */
  org_code: string
  /** YYYY-MM-DD */
  date: string
  /** HH:MM */
  start: string
  end: string
  slot_minutes: number
  per_slot: number
  place: string
  leader_name: string
  leader_title: string
  topics: string
  published: boolean
}

export function emptyDayForm(defaults: Partial<DayForm> = {}): DayForm {
  return {
    org_code: '',
    date: '',
    start: '09:00',
    end: '12:00',
    slot_minutes: 30,
    per_slot: 2,
    place: '',
    leader_name: '',
    leader_title: '',
    topics: '',
    published: true,
    ...defaults,
  }
}

export function dayToForm(day: ReceptionDay): DayForm {
  return {
    org_code: day.org_code ?? '',
    date: day.date,
    start: normalizeTime(day.start),
    end: normalizeTime(day.end),
    slot_minutes: day.slot_minutes,
    per_slot: day.per_slot,
    place: day.place ?? '',
    leader_name: day.leader_name ?? '',
    leader_title: day.leader_title ?? '',
    topics: day.topics ?? '',
    published: !!day.published,
  }
}

// ------------------------------------------------------------------ time

/** `9:05` / `09:05` / `９:０５` → `09:05`; anything else is returned trimmed (the server then names the field). */
export function normalizeTime(value: string | null | undefined): string {
  const v = (value ?? '').replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).replace(/[：]/g, ':').trim()
  const m = /^(\d{1,2}):(\d{2})$/.exec(v)
  if (!m) return v
  return `${m[1].padStart(2, '0')}:${m[2]}`
}

/** `09:30` → 570; null unless HH:MM within the day. */
export function minuteOf(hhmm: string | null | undefined): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(normalizeTime(hhmm))
  if (!m) return null
  const h = Number(m[1])
  const min = Number(m[2])
  if (h > 23 || min > 59) return null
  return h * 60 + min
}

/** 570 → `09:30`. */
export function timeOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** The slot starts: start, start+slot, … while a whole slot fits before end (as the server counts them). */
export function slotStarts(start: string, end: string, slotMinutes: number): string[] {
  const s = minuteOf(start)
  const e = minuteOf(end)
  if (s === null || e === null || !Number.isInteger(slotMinutes) || slotMinutes <= 0) return []
  const out: string[] = []
  for (let m = s; m + slotMinutes <= e; m += slotMinutes) out.push(timeOf(m))
  return out
}

/**
 * The client-side check of the times: the i18n key of the error and the field it belongs to, or null. (The server
 * checks again; its message is then shown on the field it names.)
 */
export function timesError(form: Pick<DayForm, 'start' | 'end' | 'slot_minutes'>):
  | { field: 'start' | 'end' | 'slot_minutes'; key: string }
  | null {
  if (minuteOf(form.start) === null) return { field: 'start', key: 'reception.validation.time' }
  if (minuteOf(form.end) === null) return { field: 'end', key: 'reception.validation.time' }
  if (minuteOf(form.end)! <= minuteOf(form.start)!) return { field: 'end', key: 'reception.validation.endBeforeStart' }
  if (slotStarts(form.start, form.end, form.slot_minutes).length === 0)
    return { field: 'slot_minutes', key: 'reception.validation.noSlot' }
  return null
}

// ------------------------------------------------------------------ requests

/** POST /reception-days body: texts trimmed, times as HH:MM, org_code only when one was chosen. */
export function buildDayRequest(form: DayForm): ReceptionDayInput {
  const body: ReceptionDayInput = {
    date: form.date,
    start: normalizeTime(form.start),
    end: normalizeTime(form.end),
    slot_minutes: Number(form.slot_minutes),
    per_slot: Number(form.per_slot),
    place: form.place.trim(),
    leader_name: form.leader_name.trim(),
    leader_title: form.leader_title.trim(),
    topics: form.topics.trim(),
    published: !!form.published,
  }
  if (form.org_code) body.org_code = form.org_code
  return body
}

/** PATCH /reception-days/{id} body: only the fields that differ from the day as shown (empty: nothing changed). */
export function buildDayPatch(day: ReceptionDay, form: DayForm): ReceptionDayPatch {
  const now = buildDayRequest(form)
  const was = buildDayRequest(dayToForm(day))
  const patch: ReceptionDayPatch = {}
  const keys = ['date', 'start', 'end', 'slot_minutes', 'per_slot', 'place', 'leader_name', 'leader_title', 'topics', 'published'] as const
  for (const k of keys) {
    if (now[k] !== was[k]) (patch as Record<string, unknown>)[k] = now[k]
  }
  return patch
}

/** The form item a server `field` belongs to (the dialog's props are the request's field names). */
const DAY_FIELDS = new Set([
  'org_code',
  'date',
  'start',
  'end',
  'slot_minutes',
  'per_slot',
  'place',
  'leader_name',
  'leader_title',
  'topics',
  'published',
])
export function dayFieldProp(field: string | null | undefined): string | null {
  return field && DAY_FIELDS.has(field) ? field : null
}

// ------------------------------------------------------------------ status

export type DayStatus = 'published' | 'draft' | 'cancelled'

export function dayStatus(day: Pick<ReceptionDay, 'published' | 'cancelled'>): DayStatus {
  if (day.cancelled) return 'cancelled'
  return day.published ? 'published' : 'draft'
}

/** 已发布 / 未发布 / 已取消 */
export function dayStatusLabel(status: DayStatus): string {
  return t(`reception.dayStatus.${status}`)
}

/** Element Plus tag type of a day status (always shown with its text). */
export function dayStatusTag(status: DayStatus): 'success' | 'info' | 'danger' {
  return status === 'published' ? 'success' : status === 'cancelled' ? 'danger' : 'info'
}

/** 已预约 / 已取消 / 已登记; an unknown status falls back to the server's label. */
export function bookingStatusLabel(status: string, serverLabel?: string | null): string {
  if ((BOOKING_STATUSES as readonly string[]).includes(status)) return t(`reception.bookingStatus.${status}`)
  return serverLabel || status
}

export function bookingStatusTag(status: BookingStatus | string): 'primary' | 'success' | 'info' {
  return status === 'registered' ? 'success' : status === 'booked' ? 'primary' : 'info'
}

// ------------------------------------------------------------------ dates

/** 0 (Sunday) … 6 of a YYYY-MM-DD date (calendar arithmetic, no time zone). */
export function weekdayOf(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return date
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n))
  return d.toISOString().slice(0, 10)
}

// ------------------------------------------------------------------ the day list

export interface SlotGroup {
  time: string
  bookings: ReceptionBooking[]
}

/**
 * The day's bookings under each slot of the day, in time order; empty slots included (the printed list leaves
 * room for them). A booking whose slot is no longer among the day's slots (the day was edited) gets its own group.
 */
export function groupBySlot(day: Pick<ReceptionDay, 'start' | 'end' | 'slot_minutes'>, items: readonly ReceptionBooking[]): SlotGroup[] {
  const groups = new Map<string, ReceptionBooking[]>()
  for (const time of slotStarts(day.start, day.end, day.slot_minutes)) groups.set(time, [])
  for (const b of items) {
    const time = normalizeTime(b.slot)
    if (!groups.has(time)) groups.set(time, [])
    groups.get(time)!.push(b)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (minuteOf(a) ?? 0) - (minuteOf(b) ?? 0) || a.localeCompare(b))
    .map(([time, bookings]) => ({ time, bookings }))
}

/** Bookings that still hold a place (booked or registered). */
export function activeBookings(items: readonly ReceptionBooking[]): number {
  return items.filter((b) => b.status !== 'cancelled').length
}
