import { describe, expect, it } from 'vitest'
import type { ReceptionBooking, ReceptionDay } from '@/api/reception'
import { BOOKING_TITLE_MAX, bookingContext, bookingPrefill, buildBookingRegisterRequest, titleFromSummary } from './booking'
import { clearDraft, saveDraft, takeDraft, takeDraftEntry } from './draft'
import { emptyForm } from './form'

const DAY = {
  id: 5,
  org_code: 'qs-zfb',
  org_name: '青山县人民政府办公室',
  date: '2026-12-05',
  start: '09:00',
  end: '12:00',
  leader_name: '王明',
  leader_title: '副县长',
} as ReceptionDay

const BOOKING: ReceptionBooking = {
  id: 17,
  slot: '09:30',
  confirmation_code: 'ABCD-EFGH',
  name: '张桂兰',
  phone: '138****1234',
  region_code: '991021002',
  region_name: '河口镇',
  summary: '村里征地补偿款至今未发放到户。请求县里督促镇政府尽快发放，并公开补偿标准。',
  status: 'booked',
  status_label: '已预约',
  petition_id: null,
  petition_number: null,
}

const NOW = new Date('2026-12-05T09:41:00+08:00')

describe('a title from the citizen’s summary', () => {
  it('takes the first sentence', () => {
    expect(titleFromSummary(BOOKING.summary)).toBe('村里征地补偿款至今未发放到户')
    expect(titleFromSummary('工资被拖欠！请帮忙')).toBe('工资被拖欠')
  })
  it('takes the first line when there is no full stop', () => {
    expect(titleFromSummary('  小区噪音扰民\n晚上十点后仍施工  ')).toBe('小区噪音扰民')
  })
  it('cuts a long sentence with …', () => {
    const long = '某'.repeat(60)
    const title = titleFromSummary(long)
    expect(Array.from(title)).toHaveLength(BOOKING_TITLE_MAX)
    expect(title.endsWith('…')).toBe(true)
  })
  it('is empty for an empty summary (the form then asks for a title)', () => {
    expect(titleFromSummary('')).toBe('')
    expect(titleFromSummary(null)).toBe('')
  })
})

describe('booking → 登记 form', () => {
  it('prefills a visit from the booking: 走访, region, the day’s org, title and content from the summary', () => {
    const form = bookingPrefill(BOOKING, { region_code: '991021', org_code: 'qs-zfb', now: NOW })
    expect(form.channel).toBe('visit')
    expect(form.received_at).toEqual(NOW)
    expect(form.region_code).toBe('991021002')
    expect(form.org_code).toBe('qs-zfb')
    expect(form.title).toBe('村里征地补偿款至今未发放到户')
    expect(form.content).toBe(BOOKING.summary)
    expect(form.persons).toBe(1)
    expect(form.anonymous).toBe(false)
    expect(form.category_code).toBe('')
    expect(form.petitioners).toHaveLength(1)
    expect(form.petitioners[0]).toMatchObject({ name: '张桂兰', phone: '', id_number: '' })
  })

  it('falls back to the user’s region when the booking names none', () => {
    expect(bookingPrefill({ ...BOOKING, region_code: '' }, { region_code: '991021' }).region_code).toBe('991021')
  })

  it('keeps what the form shows about the booking', () => {
    expect(bookingContext(BOOKING, DAY)).toEqual({
      bookingId: 17,
      dayId: 5,
      date: '2026-12-05',
      slot: '09:30',
      confirmationCode: 'ABCD-EFGH',
      name: '张桂兰',
      phone: '138****1234',
      leader: '王明 副县长',
      fromBooking: true,
    })
  })
})

describe('the registration request of a booking', () => {
  function filled() {
    const form = bookingPrefill(BOOKING, { org_code: 'qs-zfb', now: NOW })
    form.category_code = '0301'
    return form
  }

  it('sends booking_id and no petitioners while the petitioner is taken from the booking', () => {
    const body = buildBookingRegisterRequest(filled(), { bookingId: 17, fromBooking: true })
    expect(body.booking_id).toBe(17)
    expect(body.petitioners).toEqual([])
    expect(body.anonymous).toBe(false)
    expect(body).toMatchObject({
      channel: 'visit',
      category_code: '0301',
      region_code: '991021002',
      org_code: 'qs-zfb',
      title: '村里征地补偿款至今未发放到户',
      content: BOOKING.summary,
      persons: 1,
    })
    expect(new Date(body.received_at!).getTime()).toBe(NOW.getTime())
  })

  it('sends the petitioners typed by hand, still with booking_id', () => {
    const form = filled()
    form.petitioners[0].phone = '13812341234'
    form.petitioners[0].id_number = '110101199003074514'
    const body = buildBookingRegisterRequest(form, { bookingId: 17, fromBooking: false })
    expect(body.booking_id).toBe(17)
    expect(body.petitioners).toEqual([
      { name: '张桂兰', phone: '13812341234', id_number: '110101199003074514', representative: false },
    ])
  })
})

describe('the draft of a booked visit', () => {
  it('keeps its booking when the page is left, and only for that user', () => {
    const form = filled()
    saveDraft(1, form, bookingContext(BOOKING, DAY))
    const entry = takeDraftEntry(1)
    expect(entry?.booking?.bookingId).toBe(17)
    expect(entry?.form.title).toBe(form.title)
    expect(takeDraftEntry(1)).toBeNull()
    saveDraft(1, emptyForm())
    expect(takeDraftEntry(2)).toBeNull()
    saveDraft(1, emptyForm())
    expect(takeDraft(1)?.channel).toBe('visit')
    clearDraft()
  })

  function filled() {
    return bookingPrefill(BOOKING, { now: NOW })
  }
})
