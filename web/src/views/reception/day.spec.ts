import { afterEach, describe, expect, it } from 'vitest'
import type { ReceptionBooking, ReceptionDay } from '@/api/reception'
import { setLocale } from '@/i18n'
import {
  activeBookings,
  addDays,
  bookingStatusLabel,
  bookingStatusTag,
  buildDayPatch,
  buildDayRequest,
  dayFieldProp,
  dayStatus,
  dayStatusLabel,
  dayStatusTag,
  dayToForm,
  emptyDayForm,
  groupBySlot,
  minuteOf,
  normalizeTime,
  slotStarts,
  timesError,
  weekdayOf,
} from './day'

const DAY: ReceptionDay = {
  id: 5,
  org_code: 'qs-xfj',
  org_name: '青山县信访局',
  date: '2026-12-05',
  start: '09:00',
  end: '12:00',
  slot_minutes: 30,
  per_slot: 2,
  place: '县信访局一楼接待大厅',
  leader_name: '王明',
  leader_title: '副县长',
  topics: '征地拆迁',
  published: true,
  cancelled: false,
  version: 3,
  booked: 2,
  capacity: 12,
}

function booking(id: number, slot: string, status: ReceptionBooking['status'] = 'booked'): ReceptionBooking {
  return {
    id,
    slot,
    confirmation_code: `CODE-${id}`,
    name: `群众${id}`,
    phone: '138****1234',
    region_code: '991021001',
    region_name: '城关镇',
    summary: '反映事项',
    status,
    status_label: '',
    petition_id: null,
    petition_number: null,
  }
}

afterEach(() => setLocale('zh-CN'))

describe('times', () => {
  it('normalises what is typed to HH:MM', () => {
    expect(normalizeTime('9:05')).toBe('09:05')
    expect(normalizeTime(' 14:30 ')).toBe('14:30')
    expect(normalizeTime('９：３０')).toBe('09:30')
    expect(normalizeTime('930')).toBe('930')
    expect(normalizeTime(undefined)).toBe('')
  })

  it('reads minutes after midnight, refusing what is not a time of day', () => {
    expect(minuteOf('09:30')).toBe(570)
    expect(minuteOf('0:00')).toBe(0)
    expect(minuteOf('23:59')).toBe(1439)
    expect(minuteOf('24:00')).toBeNull()
    expect(minuteOf('12:60')).toBeNull()
    expect(minuteOf('noon')).toBeNull()
  })

  it('lists the slots that fit wholly between start and end, as the server does', () => {
    expect(slotStarts('09:00', '12:00', 30)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'])
    expect(slotStarts('09:00', '10:10', 30)).toEqual(['09:00', '09:30'])
    expect(slotStarts('14:30', '15:00', 45)).toEqual([])
    expect(slotStarts('09:00', '12:00', 0)).toEqual([])
    expect(slotStarts('xx', '12:00', 30)).toEqual([])
  })

  it('names the field at fault: a bad time, an end before the start, no whole slot', () => {
    expect(timesError({ start: '09:00', end: '12:00', slot_minutes: 30 })).toBeNull()
    expect(timesError({ start: '9点', end: '12:00', slot_minutes: 30 })).toEqual({ field: 'start', key: 'reception.validation.time' })
    expect(timesError({ start: '09:00', end: '', slot_minutes: 30 })).toEqual({ field: 'end', key: 'reception.validation.time' })
    expect(timesError({ start: '12:00', end: '09:00', slot_minutes: 30 })).toEqual({
      field: 'end',
      key: 'reception.validation.endBeforeStart',
    })
    expect(timesError({ start: '09:00', end: '09:00', slot_minutes: 30 })?.key).toBe('reception.validation.endBeforeStart')
    expect(timesError({ start: '09:00', end: '09:20', slot_minutes: 30 })).toEqual({
      field: 'slot_minutes',
      key: 'reception.validation.noSlot',
    })
  })
})

describe('the dialog form → request body', () => {
  it('sends every field of a new day, texts trimmed and times as HH:MM', () => {
    const form = emptyDayForm({
      org_code: 'qs-xfj',
      date: '2026-12-05',
      start: '8:30',
      end: '11:30',
      slot_minutes: 20,
      per_slot: 3,
      place: '  县信访局接待大厅 ',
      leader_name: ' 王明',
      leader_title: '副县长 ',
      topics: ' 征地拆迁、劳动保障\n',
      published: false,
    })
    expect(buildDayRequest(form)).toEqual({
      org_code: 'qs-xfj',
      date: '2026-12-05',
      start: '08:30',
      end: '11:30',
      slot_minutes: 20,
      per_slot: 3,
      place: '县信访局接待大厅',
      leader_name: '王明',
      leader_title: '副县长',
      topics: '征地拆迁、劳动保障',
      published: false,
    })
  })

  it('leaves org_code out when none was chosen (the user’s own org)', () => {
    const body = buildDayRequest(emptyDayForm({ date: '2026-12-05', place: 'x', leader_name: 'y' }))
    expect('org_code' in body).toBe(false)
    expect(body).toMatchObject({ start: '09:00', end: '12:00', slot_minutes: 30, per_slot: 2, published: true })
  })

  it('fills the dialog from a day and sends back nothing when nothing changed', () => {
    const form = dayToForm(DAY)
    expect(form).toMatchObject({ date: '2026-12-05', start: '09:00', end: '12:00', leader_title: '副县长', published: true })
    expect(buildDayPatch(DAY, form)).toEqual({})
  })

  it('patches only the fields that changed, times included', () => {
    const form = dayToForm(DAY)
    form.start = '9:30'
    form.end = '11:30'
    form.topics = '征地拆迁 '
    form.per_slot = 4
    form.published = false
    expect(buildDayPatch(DAY, form)).toEqual({ start: '09:30', end: '11:30', per_slot: 4, published: false })
  })

  it('maps the server’s field names onto the dialog’s fields', () => {
    expect(dayFieldProp('slot_minutes')).toBe('slot_minutes')
    expect(dayFieldProp('leader_name')).toBe('leader_name')
    expect(dayFieldProp('If-Match')).toBeNull()
    expect(dayFieldProp(undefined)).toBeNull()
  })
})

describe('status labels', () => {
  it('labels a day 已发布 / 未发布 / 已取消, a cancelled day whatever its publication', () => {
    expect(dayStatus({ published: true, cancelled: false })).toBe('published')
    expect(dayStatus({ published: false, cancelled: false })).toBe('draft')
    expect(dayStatus({ published: true, cancelled: true })).toBe('cancelled')
    expect(dayStatusLabel('published')).toBe('已发布')
    expect(dayStatusLabel('draft')).toBe('未发布')
    expect(dayStatusLabel('cancelled')).toBe('已取消')
    expect(dayStatusTag('published')).toBe('success')
    expect(dayStatusTag('cancelled')).toBe('danger')
    setLocale('en')
    expect(dayStatusLabel('draft')).toBe('Not published')
  })

  it('labels a booking 已预约 / 已取消 / 已登记, an unknown status by the server’s label', () => {
    expect(bookingStatusLabel('booked')).toBe('已预约')
    expect(bookingStatusLabel('cancelled', '已取消预约')).toBe('已取消')
    expect(bookingStatusLabel('registered')).toBe('已登记')
    expect(bookingStatusLabel('no_show', '未到')).toBe('未到')
    expect(bookingStatusLabel('no_show')).toBe('no_show')
    expect(bookingStatusTag('registered')).toBe('success')
    expect(bookingStatusTag('booked')).toBe('primary')
    setLocale('en')
    expect(bookingStatusLabel('registered')).toBe('Registered')
  })
})

describe('dates', () => {
  it('finds the weekday and adds days across months and years', () => {
    expect(weekdayOf('2026-12-05')).toBe(6)
    expect(weekdayOf('2026-12-07')).toBe(1)
    expect(weekdayOf('bad')).toBeNull()
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })
})

describe('the day list by slot', () => {
  it('puts each booking under its slot, keeps empty slots, and orders by time', () => {
    const groups = groupBySlot(DAY, [booking(3, '10:00'), booking(1, '09:00'), booking(2, '9:00', 'registered')])
    expect(groups.map((g) => g.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'])
    expect(groups[0].bookings.map((b) => b.id)).toEqual([1, 2])
    expect(groups[1].bookings).toEqual([])
    expect(groups[2].bookings.map((b) => b.id)).toEqual([3])
  })

  it('keeps a booking whose slot is no longer in the day (the times were edited)', () => {
    const groups = groupBySlot({ ...DAY, start: '10:00' }, [booking(1, '09:30'), booking(2, '10:30')])
    expect(groups.map((g) => g.time)).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30'])
    expect(groups[0].bookings.map((b) => b.id)).toEqual([1])
  })

  it('counts the bookings that hold a place', () => {
    expect(activeBookings([booking(1, '09:00'), booking(2, '09:00', 'cancelled'), booking(3, '09:30', 'registered')])).toBe(2)
  })
})
