// 登记来访 from a 预约接访 booking (领导接访日, docs/portal.md): the form prefilled from the booking — channel 走访,
// the title and content from the citizen's summary, the region, the day's org — and the request that carries
// `booking_id`. With the petitioner taken from the booking, `petitioners` is sent empty: the server takes over the
// booked person (name, phone, 证件号 as sealed). Kept free of Vue so it can be unit-tested.
import type { BookingRegisterRequest, ReceptionBooking, ReceptionDay } from '@/api/reception'
import { buildRegisterRequest, emptyForm, MAX_TITLE, newPetitionerRow, type RegisterForm } from './form'

/** A title is cut to this many characters (the summary goes whole into the content). */
export const BOOKING_TITLE_MAX = 40

/** What the form shows about the booking it registers, and sends as booking_id. */
export interface BookingContext {
  bookingId: number
  dayId: number
  date: string
  slot: string
  confirmationCode: string
  name: string
  /** Masked, as the list shows it */
  phone: string
  leader: string
  /** Petitioner from the booking (true) or typed by hand (false) */
  fromBooking: boolean
}

export function bookingContext(booking: ReceptionBooking, day: ReceptionDay): BookingContext {
  return {
    bookingId: booking.id,
    dayId: day.id,
    date: day.date,
    slot: booking.slot,
    confirmationCode: booking.confirmation_code,
    name: booking.name,
    phone: booking.phone,
    leader: [day.leader_name, day.leader_title].filter(Boolean).join(' '),
    fromBooking: true,
  }
}

/**
 * 标题 from the summary: its first line, up to the first full stop (。！？!?), at most BOOKING_TITLE_MAX characters
 * (then ending in …). Never more than the form's MAX_TITLE.
 */
export function titleFromSummary(summary: string | null | undefined): string {
  const line = (summary ?? '').trim().split(/\r?\n/)[0].trim()
  const sentence = /^(.+?)[。！？!?；;]/.exec(line)?.[1]?.trim() || line
  const chars = Array.from(sentence)
  const max = Math.min(BOOKING_TITLE_MAX, MAX_TITLE)
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : sentence
}

export interface PrefillDefaults {
  /** The user's region (used when the booking names none) */
  region_code?: string
  /** The registering org: the day's org when the user may register for it, else the user's own */
  org_code?: string
  now?: Date
}

/** The 登记 form for a booking: 走访, received now, one person, the matter from the summary. */
export function bookingPrefill(booking: ReceptionBooking, defaults: PrefillDefaults = {}): RegisterForm {
  const form = emptyForm({
    channel: 'visit',
    region_code: booking.region_code || defaults.region_code || '',
    org_code: defaults.org_code ?? '',
    now: defaults.now,
  })
  form.title = titleFromSummary(booking.summary)
  form.content = (booking.summary ?? '').trim()
  form.persons = 1
  form.anonymous = false
  // The row is used only when the worker switches to typing the petitioner by hand; the name is known.
  form.petitioners = [{ ...newPetitionerRow(), name: booking.name ?? '' }]
  return form
}

/**
 * POST /petitions body for a booking: the usual registration plus `booking_id`. While the petitioner is taken from
 * the booking, `petitioners` is empty and the petition is not anonymous.
 */
export function buildBookingRegisterRequest(form: RegisterForm, ctx: Pick<BookingContext, 'bookingId' | 'fromBooking'>): BookingRegisterRequest {
  const body = buildRegisterRequest(form)
  if (ctx.fromBooking) {
    body.petitioners = []
    body.anonymous = false
  }
  return { ...body, booking_id: ctx.bookingId }
}
