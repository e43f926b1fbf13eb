import { describe, expect, it } from 'vitest'
import type { Clock } from '@/api/petitions'
import { clockRole, clockStatus, daysBetween, isLapsedWindow, nearestDutyClock } from './clocks'
import { timelineDetails } from './timeline'

const clock = (patch: Partial<Clock>): Clock => ({
  kind: 'handling',
  label: '办理期限',
  article: '条例第32条',
  unit: 'calendar_days',
  days: 60,
  started_on: '2026-11-01',
  due: '2026-12-31',
  extension_days: 0,
  paused_days: 0,
  paused: false,
  running: true,
  stopped_on: null,
  remaining_days: 39,
  overdue: false,
  duty: true,
  ...patch,
})

describe('nearestDutyClock', () => {
  it('picks the running duty clock due first', () => {
    const a = clock({ kind: 'handling', remaining_days: 39, due: '2026-12-31' })
    const b = clock({ kind: 'feedback', remaining_days: 5, due: '2026-11-27' })
    const c = clock({ kind: 'objection', remaining_days: -2, due: '2026-11-20', overdue: true })
    expect(nearestDutyClock([a, b])).toBe(b)
    expect(nearestDutyClock([a, b, c])).toBe(c)
  })

  it('ignores stopped clocks and the petitioner’s windows', () => {
    const stopped = clock({ running: false, remaining_days: 1, stopped_on: '2026-11-10' })
    const rating = clock({ kind: 'rating', duty: false, remaining_days: -80 })
    const handling = clock({ remaining_days: 20 })
    expect(nearestDutyClock([stopped, rating, handling])).toBe(handling)
    expect(nearestDutyClock([stopped, rating])).toBeNull()
    expect(nearestDutyClock([])).toBeNull()
  })

  it('prefers a counting clock over a paused one, but shows a paused one when alone', () => {
    const paused = clock({ paused: true, remaining_days: 2 })
    const running = clock({ kind: 'supervision', remaining_days: 10 })
    expect(nearestDutyClock([paused, running])).toBe(running)
    expect(nearestDutyClock([paused])).toBe(paused)
  })

  it('breaks ties by due date', () => {
    const a = clock({ kind: 'objection', remaining_days: 3, due: '2026-11-27' })
    const b = clock({ kind: 'acceptance', remaining_days: 3, due: '2026-11-25' })
    expect(nearestDutyClock([a, b])).toBe(b)
  })
})

describe('clockStatus', () => {
  it('tells running, paused, on time and late', () => {
    expect(clockStatus(clock({}))).toBe('running')
    expect(clockStatus(clock({ paused: true }))).toBe('paused')
    expect(clockStatus(clock({ running: false, stopped_on: '2026-12-31' }))).toBe('onTime')
    expect(clockStatus(clock({ running: false, stopped_on: '2027-01-03' }))).toBe('late')
  })

  it('counts calendar days between dates', () => {
    expect(daysBetween('2026-12-31', '2027-01-03')).toBe(3)
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1)
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
  })
})

describe('clockRole / isLapsedWindow', () => {
  it('tells duty deadlines from windows', () => {
    expect(clockRole(clock({ kind: 'handling', duty: true }))).toBe('duty')
    expect(clockRole(clock({ kind: 'objection', duty: false }))).toBe('objection')
    expect(clockRole(clock({ kind: 'rating', duty: false }))).toBe('window')
  })

  it('calls a running window past its end lapsed, never a duty clock', () => {
    expect(isLapsedWindow(clock({ kind: 'rating', duty: false, remaining_days: -83 }))).toBe(true)
    expect(isLapsedWindow(clock({ kind: 'rating', duty: false, remaining_days: 3 }))).toBe(false)
    expect(isLapsedWindow(clock({ duty: true, remaining_days: -3 }))).toBe(false)
    expect(isLapsedWindow(clock({ kind: 'rating', duty: false, running: false, remaining_days: -3 }))).toBe(false)
  })
})

describe('timelineDetails', () => {
  it('lists the known detail keys in order, skipping empty ones', () => {
    expect(
      timelineDetails({ state: 'accepted', legal_route: '申请行政复议', extension_days: 15, feedback_due: '', approver_id: 5 }),
    ).toEqual([
      { key: 'extension_days', value: '15' },
      { key: 'legal_route', value: '申请行政复议' },
      { key: 'approver_id', value: '5' },
    ])
    expect(timelineDetails(undefined)).toEqual([])
  })
})
