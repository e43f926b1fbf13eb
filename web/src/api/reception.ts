// 领导接访日 (leaders' reception days) and 预约接访 (citizens' bookings), staff side — docs/portal.md, "Staff
// endpoints":
//   GET /reception-days?from&to, POST /reception-days, PATCH /reception-days/{id} (If-Match), GET
//   /reception-days/{id}/bookings. Registering a visit from a booking is POST /petitions with `booking_id`.
import { api, requestRaw } from './client'
import type { RegisterRequest, Registered } from './petitions'
import type { DateString } from './types'

/** One slot of a day as the portal shows it: its start and the places still free. */
export interface ReceptionSlot {
  /** `09:30` */
  time: string
  free: number
}

export interface ReceptionDay {
  id: number
  org_code: string
  org_name: string
  date: DateString
  /** `09:00` (China time) */
  start: string
  /** `12:00` */
  end: string
  /** One slot every slot_minutes from start while a whole slot fits before end */
  slot_minutes: number
  /** Bookings one slot takes */
  per_slot: number
  /** 接访地点 */
  place: string
  /** 接访领导 */
  leader_name: string
  /** 职务 */
  leader_title: string
  /** 接访主题 / 重点事项 */
  topics: string
  /** Visible on the portal */
  published: boolean
  /** 已取消 (the booked citizens were told by SMS) */
  cancelled: boolean
  version: number
  /** Bookings taken (not cancelled) */
  booked: number
  /** Places in all (slots × per_slot) */
  capacity: number
  slots?: ReceptionSlot[]
}

/** The fields of POST /reception-days (and of PATCH, each optional there). */
export interface ReceptionDayInput {
  /** The org holding the day; default the user's org */
  org_code?: string
  date: DateString
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

export type ReceptionDayPatch = Partial<Omit<ReceptionDayInput, 'org_code'>> & { cancelled?: boolean }

export const BOOKING_STATUSES = ['booked', 'cancelled', 'registered'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

export interface ReceptionBooking {
  id: number
  /** The slot's start, `09:30` */
  slot: string
  /** 预约确认码 `ABCD-EFGH` */
  confirmation_code: string
  name: string
  /** Masked, `138****1234` */
  phone: string
  region_code: string
  region_name: string
  /** 反映事项（简要） */
  summary: string
  status: BookingStatus | string
  status_label: string
  /** The case registered from it */
  petition_id: number | null
  petition_number: string | null
}

export interface DayBookings {
  day: ReceptionDay
  items: ReceptionBooking[]
}

/** The registration body with the booking it comes from (the server takes the booked person over). */
export type BookingRegisterRequest = RegisterRequest & { booking_id: number }

// ------------------------------------------------------------------ calls

export async function listReceptionDays(
  query: { from?: DateString; to?: DateString } = {},
  signal?: AbortSignal,
): Promise<ReceptionDay[]> {
  return (await api.get<{ items: ReceptionDay[] }>('/reception-days', { ...query }, { signal })).items ?? []
}

export function createReceptionDay(body: ReceptionDayInput): Promise<ReceptionDay> {
  return api.post<ReceptionDay>('/reception-days', body)
}

/**
 * Changes a day. Pass the version you displayed: a 409 ApiError with `isConflict()` means someone else changed it
 * first (reload and retry). `{ cancelled: true }` cancels it — the server tells every booked citizen by SMS.
 */
export async function updateReceptionDay(id: number, version: number, patch: ReceptionDayPatch): Promise<ReceptionDay> {
  const r = await requestRaw<ReceptionDay>('PATCH', `/reception-days/${id}`, {
    body: patch,
    headers: { 'If-Match': `"${version}"` },
  })
  return r.data
}

export function cancelReceptionDay(id: number, version: number): Promise<ReceptionDay> {
  return updateReceptionDay(id, version, { cancelled: true })
}

export async function getDayBookings(id: number | string, signal?: AbortSignal): Promise<DayBookings> {
  const r = await api.get<DayBookings>(`/reception-days/${id}/bookings`, undefined, { signal })
  return { day: r.day, items: r.items ?? [] }
}

export function registerFromBooking(body: BookingRegisterRequest): Promise<Registered> {
  return api.post<Registered>('/petitions', body)
}
